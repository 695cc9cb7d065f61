/**
 * One case on the phone: what was reported, where, the deadline, the latest steps, and the
 * actions that fit a phone — respond (a contact log), reply with photos, verify, send back —
 * as the server allows them. Each action is recorded on the phone first and sent at once, or
 * when the network returns; offline the page is the copy kept when the work list loaded.
 */
import { Button, DotLoading, ErrorBlock, Selector, Tag, TextArea } from "antd-mobile";
import { useEffect, useState, type CSSProperties } from "react";
import { useLocation, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { CaseDetail, ContactMethod, WorkList, WorkListItem } from "../../shared/contracts.js";
import { codesOf } from "../../shared/i18n/domain.js";
import {
  useErrorText,
  useEventActorName,
  useLooseName,
  useNames,
  useLocalName,
} from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { useOnline } from "../offline/online.js";
import { itemsOf, recordAndSend, useOutbox, type SubmitOutcome } from "../offline/outbox.js";
import { loadWithSnapshot, readSnapshot } from "../offline/snapshots.js";
import { useIdentity } from "./grid-session.js";
import { PinIcon } from "./icons.js";
import { RefusedItem } from "./RefusedItem.js";
import { PHONE_ACTIONS, PHONE_FORMS, snapshotKeys, type PhoneAction } from "./phone.js";
import {
  BIG,
  Countdown,
  formatTime,
  FormProblem,
  Outcome,
  PhotoPicker,
  Section,
  useNow,
  useTextAreaAria,
} from "./ui.js";
import { RequiredMark } from "../shared/RequiredMark.js";

/** What the page shows: the full case, or only the work list's line of it (offline, never opened). */
type View =
  | { kind: "detail"; detail: CaseDetail; savedAt: string | null }
  | { kind: "item"; item: WorkListItem; savedAt: string | null };

function ActionForm(props: {
  action: PhoneAction;
  caseId: string;
  caseNumber: string;
  version: number;
  onDone: (outcome: SubmitOutcome) => void;
}) {
  const { t } = useI18n();
  const name = useNames();
  const identity = useIdentity();
  const [contact, setContact] = useState<ContactMethod>("phone");
  const [passed, setPassed] = useState<string>("yes");
  const [text, setText] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { action } = props;
  const withPhotos = action === "reply" || action === "verify";

  const submit = async () => {
    const trimmed = text.trim();
    const required = PHONE_FORMS[action];
    if ("textRequired" in required && trimmed.length === 0) {
      setProblem(t(required.textRequired));
      return;
    }
    setProblem(null);
    const version = props.version;
    const body: Record<string, unknown> =
      action === "respond"
        ? { contactMethod: contact, ...(trimmed ? { note: trimmed } : {}), version }
        : action === "reply"
          ? { result: trimmed, version }
          : action === "verify"
            ? { passed: passed === "yes", ...(trimmed ? { note: trimmed } : {}), version }
            : { reason: trimmed, version };
    setBusy(true);
    try {
      const outcome = await recordAndSend({
        kind: "action",
        userId: identity.userId,
        caseId: props.caseId,
        caseNumber: props.caseNumber,
        action,
        body,
        photos: withPhotos ? photos : [],
        summary: trimmed || name("contactMethod", contact),
      });
      props.onDone(outcome);
    } finally {
      setBusy(false);
    }
  };

  // The server requires the text of a reply or a send-back: marked, as in the console.
  const textRequired = "textRequired" in PHONE_FORMS[action];
  const textAria = useTextAreaAria(textRequired, problem !== null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label={name("caseAction", action)}
      data-testid={`form-${action}`}
    >
      {action === "respond" && (
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t("grid.action.respond.how")}</legend>
          <Selector
            columns={2}
            value={[contact]}
            onChange={(v) => v[0] && setContact(v[0])}
            options={codesOf("contactMethod").map((m) => ({ label: name("contactMethod", m), value: m }))}
            style={{ "--padding": "14px 8px" } as CSSProperties}
          />
        </fieldset>
      )}
      {action === "verify" && (
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t("grid.action.verify.question")}</legend>
          <Selector
            columns={2}
            value={[passed]}
            onChange={(v) => v[0] && setPassed(v[0])}
            options={[
              { label: t("grid.action.verify.passed"), value: "yes" },
              { label: t("grid.action.verify.failed"), value: "no" },
            ]}
            style={{ "--padding": "14px 8px" } as CSSProperties}
          />
        </fieldset>
      )}
      <label htmlFor={`text-${action}`} style={{ display: "block", fontWeight: 600, marginBottom: 8 }}>
        {textRequired && <RequiredMark />}
        {t(PHONE_FORMS[action].text)}
      </label>
      <div style={{ border: "1px solid #8c8c8c", borderRadius: 8, padding: 10, marginBottom: 12 }}>
        <TextArea
          id={`text-${action}`}
          {...textAria}
          value={text}
          onChange={setText}
          rows={3}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          placeholder={t(PHONE_FORMS[action].placeholder)}
          style={{ "--font-size": "17px" } as CSSProperties}
        />
      </div>
      {withPhotos && (
        <div style={{ marginBottom: 12 }}>
          <PhotoPicker photos={photos} onChange={setPhotos} testId={`photo-input-${action}`} />
        </div>
      )}
      <FormProblem problem={problem} />
      <Button type="submit" block color="primary" loading={busy} style={BIG} data-testid="action-submit">
        {t(PHONE_FORMS[action].submit)}
      </Button>
    </form>
  );
}

export default function CasePage() {
  const { t, lang } = useI18n();
  const localName = useLocalName();
  const name = useNames();
  const looseName = useLooseName();
  const actorText = useEventActorName();
  const errorText = useErrorText();
  const { id = "" } = useParams();
  const identity = useIdentity();
  const location = useLocation();
  const online = useOnline();
  const outbox = useOutbox();
  const now = useNow();
  const [action, setAction] = useState<PhoneAction | null>(null);
  const [outcome, setOutcome] = useState<SubmitOutcome | null>(null);
  const passedItem = (location.state as { item?: WorkListItem } | null)?.item;

  const page = useKeptQuery(["case", identity.userId, id], async (): Promise<View> => {
    try {
      const loaded = await loadWithSnapshot<CaseDetail>(
        snapshotKeys.case(identity.userId, id),
        `/cases/${id}`,
      );
      return { kind: "detail", detail: loaded.data, savedAt: loaded.savedAt };
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 0) throw err;
      // Never opened online: the work list's line of it still allows the phone actions.
      const list = await readSnapshot<WorkList>(snapshotKeys.workList(identity.userId));
      const item = passedItem ?? list?.value.items.find((i) => i.id === id || i.number === id);
      if (!item) throw err;
      return { kind: "item", item, savedAt: list?.savedAt ?? null };
    }
  });
  const view = page.data ?? null;
  const { refetch } = page;

  // Something of this case was sent in the background (the network returned): show the new state.
  const viewId = view ? (view.kind === "detail" ? view.detail.id : view.item.id) : id;
  const sentHere = outbox.sent.filter((s) => s.item.caseId === viewId).length;
  useEffect(() => {
    if (sentHere > 0) void refetch();
  }, [sentHere, refetch]);

  if (page.error && !view) {
    const nothingKept = page.error instanceof ApiError && page.error.status === 0;
    const description = nothingKept ? t("grid.offline.nothingKept") : errorText(page.error);
    return <ErrorBlock status="default" title={t("state.error")} description={description} />;
  }
  if (!view) {
    return (
      <div style={{ padding: 48, textAlign: "center" }} role="status" aria-label={t("state.loading")}>
        <DotLoading />
      </div>
    );
  }

  const base =
    view.kind === "detail"
      ? {
          id: view.detail.id,
          number: view.detail.number,
          status: view.detail.status,
          version: view.detail.version,
          description: view.detail.description,
          address: view.detail.address,
          urgent: view.detail.urgent,
        }
      : view.item;
  const detail = view.kind === "detail" ? view.detail : null;
  // The server says what may be done: on the case page, or on the work list's line of it. (A
  // list kept on the phone before the server sent `allowedActions` offers nothing until online.)
  const allowedActions = detail
    ? detail.allowedActions
    : ((view.kind === "item" ? view.item.allowedActions : null) ?? []);
  const allowed = PHONE_ACTIONS.filter((a) => allowedActions.includes(a));
  const pending = itemsOf(outbox, identity.userId).filter((i) => i.caseId === base.id);
  const dueAt = detail
    ? detail.respondedAt === null
      ? detail.responseDueAt
      : detail.handleDueAt
    : view.kind === "item"
      ? view.item.dueAt
      : null;
  const dueKind = detail
    ? detail.respondedAt === null
      ? "response"
      : "handle"
    : view.kind === "item"
      ? view.item.deadlineKind
      : null;
  const running = ["triage", "dispatched", "handling"].includes(base.status);

  const done = (result: SubmitOutcome) => {
    setOutcome(result);
    if (result.status !== "failed") setAction(null);
    if (result.status === "sent") void refetch();
  };

  return (
    <div>
      <Section>
        <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginBottom: 8 }}>
          <h2 style={{ fontSize: 20, margin: 0, fontFamily: "monospace" }}>{base.number}</h2>
          <Tag color="primary" fill="outline" style={{ fontSize: 14 }} data-testid="case-status">
            {name("caseStatus", base.status)}
          </Tag>
          {base.urgent && <Tag color="danger">{t("grid.urgent")}</Tag>}
        </div>
        {view.savedAt && (
          <p role="status" style={{ margin: "0 0 8px", color: "#595959" }}>
            {t("grid.savedCopy", { time: formatTime(view.savedAt, lang) })}
          </p>
        )}
        {detail?.category && (
          <p style={{ margin: "0 0 8px", color: "#595959" }}>{localName(detail.category)}</p>
        )}
        <p style={{ fontSize: 18, lineHeight: 1.5, margin: "0 0 8px" }}>{base.description}</p>
        {base.address && (
          <p style={{ margin: "0 0 8px" }}>
            <PinIcon size={18} /> {base.address}
          </p>
        )}
        {detail && !base.address && (
          <p style={{ margin: "0 0 8px" }}>
            <PinIcon size={18} /> {detail.region.name}
          </p>
        )}
        {running && (
          <Countdown
            dueAt={dueAt}
            kind={dueKind}
            state={detail?.overdue ? "overdue" : view.kind === "item" ? view.item.deadlineState : "ok"}
            now={now}
          />
        )}
        {detail && detail.reporter.phone && (
          <p style={{ margin: "8px 0 0" }}>
            {t("grid.case.reporter")}: {detail.reporter.name ?? ""} {detail.reporter.phone}
          </p>
        )}
        {detail && detail.attachments.length > 0 && online && (
          <div style={{ display: "flex", gap: 8, flexWrap: "wrap", marginTop: 12 }}>
            {detail.attachments.map((a, i) => (
              <img
                key={a.id}
                src={`/api/v1/attachments/${a.id}/thumb`}
                alt={t("grid.photo.alt", { n: i + 1 })}
                style={{ width: 96, height: 96, objectFit: "cover", borderRadius: 8 }}
              />
            ))}
          </div>
        )}
      </Section>

      {outcome && <Outcome outcome={outcome} sentText={t("grid.outcome.sent")} testId="action-outcome" />}

      {pending.length > 0 && (
        <Section title={t("grid.case.pending")}>
          {pending.map((p) => (
            <div key={p.id} style={{ marginBottom: 8 }}>
              {looseName("caseAction", p.action ?? "respond")} · {p.summary}
              {p.state === "failed" && p.error && (
                <span role="alert" style={{ display: "block", color: "#cf1322" }}>
                  {t("grid.outbox.refusedWhy", { message: errorText(p.error) })}
                </span>
              )}
              {p.state === "failed" && <RefusedItem item={p} />}
            </div>
          ))}
        </Section>
      )}

      {allowed.length > 0 && (
        <Section title={t("grid.case.actions")}>
          <div
            style={{
              display: "grid",
              gridTemplateColumns: "1fr 1fr",
              gap: 10,
              marginBottom: action ? 16 : 0,
            }}
          >
            {allowed.map((a) => (
              <Button
                key={a}
                style={BIG}
                color={action === a ? "primary" : "default"}
                fill={action === a ? "solid" : "outline"}
                onClick={() => {
                  setOutcome(null);
                  setAction(action === a ? null : a);
                }}
                aria-pressed={action === a}
                data-testid={`action-${a}`}
              >
                {name("caseAction", a)}
              </Button>
            ))}
          </div>
          {action && (
            <ActionForm
              key={action}
              action={action}
              caseId={base.id}
              caseNumber={base.number}
              version={base.version}
              onDone={done}
            />
          )}
        </Section>
      )}

      {detail && detail.timeline.length > 0 && (
        <Section title={t("grid.case.timeline")}>
          <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {[...detail.timeline]
              .reverse()
              .slice(0, 8)
              .map((e) => (
                <li key={e.id} style={{ borderLeft: "3px solid #d9d9d9", padding: "0 0 12px 12px" }}>
                  <div style={{ fontWeight: 600 }}>
                    {looseName("caseAction", e.action)}
                    {" · "}
                    <span style={{ fontWeight: 400, color: "#595959" }}>{formatTime(e.at, lang)}</span>
                  </div>
                  <div style={{ color: "#595959" }} data-testid="timeline-actor">
                    {e.unit?.name ?? e.actor?.name ?? (e.label ? actorText(e.label) : "")}
                  </div>
                  {e.note && <div>{e.note}</div>}
                </li>
              ))}
          </ol>
        </Section>
      )}
    </div>
  );
}
