/**
 * What waits on the phone to be sent, and what was sent since the app opened: each finding and
 * action with its state, a button to send now, and for items the server refused its reason, what
 * the worker wrote (to copy) and a button to drop them.
 */
import { Button, ErrorBlock } from "antd-mobile";
import { Link } from "react-router";
import { useErrorText, useLooseName } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { itemsOf, useOutbox, type OutboxItem } from "../offline/outbox.js";
import { sendWaiting, useIdentity } from "./grid-session.js";
import { outboxTitle } from "./outbox-words.js";
import { RefusedItem } from "./RefusedItem.js";
import { BIG, OutboxTag, Section, formatTime } from "./ui.js";

function Title(props: { item: OutboxItem }) {
  const { t } = useI18n();
  const looseName = useLooseName();
  return <>{outboxTitle(props.item, t, (action) => looseName("caseAction", action))}</>;
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
              <OutboxTag state={item.state} />
            </div>
            {/* A refused item shows all it holds below, to copy. */}
            {item.state !== "failed" && <p style={{ margin: "8px 0" }}>{item.summary}</p>}
            <p style={{ margin: "8px 0 0", color: "#595959" }}>
              {t("grid.outbox.recorded", { time: formatTime(item.createdAt, lang) })}
              {item.photos.length > 0 && ` · ${t("grid.outbox.photos", { n: item.photos.length })}`}
            </p>
            {item.error && (
              <p role="alert" style={{ color: "#cf1322", margin: "8px 0 0" }}>
                {t("grid.outbox.refusedWhy", { message: errorText(item.error) })}
              </p>
            )}
            {item.state === "failed" && <RefusedItem item={item} />}
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
