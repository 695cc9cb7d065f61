/**
 * What waits on the phone to be sent, and what was sent since the app opened: each finding and
 * action with its state, a button to send now, and for items the server refused its reason and
 * a button to drop them.
 */
import { Button, ErrorBlock, Tag } from "antd-mobile";
import { Link } from "react-router";
import { useErrorText, useLooseName } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { discardOutboxItem, itemsOf, useOutbox, type OutboxItem } from "../offline/outbox.js";
import { sendWaiting, useIdentity } from "./grid-session.js";
import { BIG, Section, formatTime } from "./ui.js";

function Title(props: { item: OutboxItem }) {
  const { t } = useI18n();
  const looseName = useLooseName();
  const { item } = props;
  if (item.kind === "intake") return <>{t("grid.outbox.finding")}</>;
  if (item.kind === "dispute") {
    const words = { type: item.disputeTypeName ?? "", number: item.disputeNumber ?? "" };
    return (
      <>
        {item.action === "record_follow_up"
          ? t("grid.mediation.outboxFollowUp", words)
          : t("grid.mediation.outboxSession", words)}
      </>
    );
  }
  if (item.kind === "visit") {
    const name = item.personName ?? "";
    return (
      <>
        {item.action === "appeal"
          ? t("grid.visits.outboxAppeal", { name })
          : item.action === "dispute"
            ? t("grid.visits.outboxDispute", { name })
            : t("grid.visits.outboxTitle", { name })}
      </>
    );
  }
  return (
    <>
      {looseName("caseAction", item.action ?? "respond")} ·{" "}
      <span style={{ fontFamily: "monospace" }}>{item.caseNumber}</span>
    </>
  );
}

export default function OutboxPage() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const identity = useIdentity();
  const outbox = useOutbox();
  const online = useOnline();
  const mine = itemsOf(outbox, identity.userId);
  const sent = outbox.sent.filter((s) => s.item.userId === identity.userId);

  return (
    <div style={{ padding: "12px 0" }}>
      <div style={{ padding: "0 16px" }}>
        <h2 style={{ fontSize: 20, margin: "4px 0 8px" }}>{t("grid.outbox.title")}</h2>
        <p style={{ color: "#595959", margin: "0 0 12px" }}>{t("grid.outbox.explain")}</p>
        {mine.some((i) => i.state === "waiting") && (
          <Button
            block
            color="primary"
            style={BIG}
            // Offline there is nothing to press: the button says the items go when the network returns.
            disabled={outbox.sending || !online}
            loading={outbox.sending}
            onClick={() => void sendWaiting(identity.userId)}
          >
            {online ? t("grid.outbox.sendNow") : t("grid.outbox.offlineWait")}
          </Button>
        )}
      </div>
      {mine.length === 0 && <ErrorBlock status="empty" title={t("grid.outbox.empty")} description="" />}
      {mine.map((item) => (
        <Section key={item.id} style={{ margin: "12px 0" }}>
          <div data-testid="outbox-item" data-state={item.state}>
            <div style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
              <strong style={{ fontSize: 17 }}>
                <Title item={item} />
              </strong>
              <Tag color={item.state === "failed" ? "danger" : "warning"} fill="outline">
                {item.state === "failed" ? t("grid.outbox.refused") : t("grid.outbox.pendingTag")}
              </Tag>
            </div>
            <p style={{ margin: "8px 0" }}>{item.summary}</p>
            <p style={{ margin: 0, color: "#595959" }}>
              {t("grid.outbox.recorded", { time: formatTime(item.createdAt, lang) })}
              {item.photos.length > 0 && ` · ${t("grid.outbox.photos", { n: item.photos.length })}`}
            </p>
            {item.error && (
              <p role="alert" style={{ color: "#cf1322", margin: "8px 0 0" }}>
                {errorText(item.error)}
              </p>
            )}
            {item.state === "failed" && (
              <Button block style={{ ...BIG, marginTop: 12 }} onClick={() => void discardOutboxItem(item.id)}>
                {t("grid.outbox.discard")}
              </Button>
            )}
          </div>
        </Section>
      ))}
      {sent.length > 0 && (
        <Section title={t("grid.outbox.sentTitle")}>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {sent.map((s) => {
              if (s.item.kind === "dispute") {
                return (
                  <li key={s.item.id} style={{ marginBottom: 8 }} data-testid="outbox-sent">
                    <Link to={`/grid/dispute/${encodeURIComponent(s.item.disputeNumber ?? "")}`}>
                      <Title item={s.item} />
                    </Link>
                  </li>
                );
              }
              if (s.item.kind === "visit" && s.item.action === "record") {
                return (
                  <li key={s.item.id} style={{ marginBottom: 8 }} data-testid="outbox-sent">
                    <Link to={`/grid/visit/${s.item.visitId ?? ""}`}>
                      <Title item={s.item} />
                    </Link>
                  </li>
                );
              }
              const number = s.answer as { number?: string; case?: { number?: string } } | undefined;
              const caseNumber = number?.number ?? number?.case?.number ?? s.item.caseNumber;
              const caseId = s.answer as { id?: string; case?: { id?: string } } | undefined;
              const id = caseId?.id ?? caseId?.case?.id ?? s.item.caseId;
              return (
                <li key={s.item.id} style={{ marginBottom: 8 }} data-testid="outbox-sent">
                  <Title item={s.item} /> ·{" "}
                  {id ? <Link to={`/grid/case/${id}`}>{caseNumber}</Link> : caseNumber}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
    </div>
  );
}
