/**
 * One dispute on a mediator's phone: facts, parties (phones masked, as the server sends them),
 * sessions and follow-ups, and the forms to record a session (time, place, participants, what
 * was said, photos) and a follow-up, when the state allows them (the server's allowedActions).
 * Both are recorded on the phone first with their Idempotency-Key and sent at once or when the
 * network returns (the outbox), as visits are; offline the page is the copy kept when it was
 * last opened, with the time it was saved.
 */
import { Button, DotLoading, ErrorBlock, Input, Selector, Tag, TextArea } from "antd-mobile";
import { useEffect, useRef, useState, type CSSProperties } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { DisputeDetail } from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import {
  DISPUTE_STATUS_WORDS,
  PERFORMED_WORDS,
  followUpAwaited,
  timeLimitRuns,
  typeNameIn,
} from "./mediation-words.js";
import { formatDay } from "../resident/disputes-api.js";
import { useKeptQuery } from "../offline/kept-query.js";
import {
  itemsOf,
  recordAndSend,
  useOutbox,
  type DisputeOutboxAction,
  type SubmitOutcome,
} from "../offline/outbox.js";
import { loadWithSnapshot } from "../offline/snapshots.js";
import { useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import {
  BIG,
  formatTime,
  FormField,
  FormProblem,
  Outcome,
  PhotoPicker,
  Section,
  useInputAria,
  useTextAreaAria,
} from "./ui.js";

const PERFORMED = ["yes", "partly", "no"] as const;
type Performed = (typeof PERFORMED)[number];

const LABEL: CSSProperties = { display: "block", fontWeight: 600, marginBottom: 8 };

/** Now as the value of a datetime-local input, China time. */
function localNow(): string {
  const china = new Date(Date.now() + 8 * 3_600_000);
  return china.toISOString().slice(0, 16);
}
const todayInChina = () => localNow().slice(0, 10);

/** Records one action on the phone (photos as Blobs) and sends it at once when there is a network. */
function useRecord(d: DisputeDetail, action: DisputeOutboxAction) {
  const identity = useIdentity();
  const { lang } = useI18n();
  return (body: Record<string, unknown>, photos: Blob[], summary: string) =>
    recordAndSend({
      kind: "dispute",
      userId: identity.userId,
      disputeNumber: d.number,
      disputeTypeName: typeNameIn(d, lang),
      action,
      // After an earlier record of this dispute still waiting in the outbox, the version it leads to replaces this one.
      body: { version: d.version, ...body },
      photos,
      summary,
    });
}

function SessionForm(props: { d: DisputeDetail; onDone: (o: SubmitOutcome) => void }) {
  const { t } = useI18n();
  const record = useRecord(props.d, "record_session");
  const [heldAt, setHeldAt] = useState(localNow);
  const [place, setPlace] = useState("");
  const [participants, setParticipants] = useState("");
  const [notes, setNotes] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const [missing, setMissing] = useState<Set<string>>(new Set());
  const notesAria = useTextAreaAria(true, missing.has("notes"));
  const placeAria = useInputAria(true, missing.has("place"));
  const participantsAria = useInputAria(true, missing.has("participants"));
  const submit = async () => {
    // The empty ones, named and marked (the time starts filled: it is named only when cleared).
    const empty = (
      [
        ["heldAt", heldAt, "grid.mediation.heldAt"],
        ["place", place, "grid.mediation.place"],
        ["participants", participants, "grid.mediation.participants"],
        ["notes", notes, "grid.mediation.notes"],
      ] as const
    ).filter(([, value]) => !value.trim());
    setMissing(new Set(empty.map(([field]) => field)));
    if (empty.length > 0) {
      setProblem(
        t("grid.mediation.missing", {
          fields: empty.map(([, , label]) => t(label)).join(t("grid.mediation.listSeparator")),
        }),
      );
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const body = {
        heldAt: `${heldAt}:00+08:00`,
        place: place.trim(),
        participants: participants.trim(),
        notes: notes.trim(),
      };
      props.onDone(await record(body, photos, body.notes));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={t("grid.mediation.recordSession")}
      data-testid="session-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Section title={t("grid.mediation.recordSession")}>
        <FormField
          id="session-held-at"
          label={t("grid.mediation.heldAt")}
          required
          invalid={missing.has("heldAt")}
        >
          <input
            id="session-held-at"
            type="datetime-local"
            value={heldAt}
            onChange={(e) => setHeldAt(e.currentTarget.value)}
            style={{ fontSize: 17, border: "none", width: "100%", background: "transparent" }}
          />
        </FormField>
        <FormField
          id="session-place"
          label={t("grid.mediation.place")}
          required
          invalid={missing.has("place")}
        >
          <Input id="session-place" value={place} onChange={setPlace} maxLength={200} {...placeAria} />
        </FormField>
        <FormField
          id="session-participants"
          label={t("grid.mediation.participants")}
          required
          invalid={missing.has("participants")}
        >
          <Input
            id="session-participants"
            value={participants}
            onChange={setParticipants}
            maxLength={500}
            {...participantsAria}
          />
        </FormField>
        <FormField
          id="session-notes"
          label={t("grid.mediation.notes")}
          required
          invalid={missing.has("notes")}
        >
          <TextArea
            id="session-notes"
            {...notesAria}
            value={notes}
            onChange={setNotes}
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={8000}
          />
        </FormField>
        <p style={{ fontWeight: 600, margin: "0 0 8px" }}>{t("grid.mediation.photos")}</p>
        <PhotoPicker photos={photos} onChange={setPhotos} testId="photo-input-session" />
        <FormProblem problem={problem} />
        <Button
          type="submit"
          block
          color="primary"
          loading={busy}
          style={{ ...BIG, marginTop: 12 }}
          data-testid="session-submit"
        >
          {t("grid.mediation.submitSession")}
        </Button>
      </Section>
    </form>
  );
}

function FollowUpForm(props: { d: DisputeDetail; onDone: (o: SubmitOutcome) => void }) {
  const { t } = useI18n();
  const record = useRecord(props.d, "record_follow_up");
  const [followedOn, setFollowedOn] = useState(todayInChina);
  const [performed, setPerformed] = useState<Performed>("yes");
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      const summary = [t(PERFORMED_WORDS[performed]), notes.trim()].filter(Boolean).join(" · ");
      props.onDone(await record({ followedOn, performed, notes: notes.trim() }, [], summary));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={t("grid.mediation.recordFollowUp")}
      data-testid="follow-up-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Section title={t("grid.mediation.recordFollowUp")}>
        <FormField id="follow-up-on" label={t("grid.mediation.followedOn")}>
          <input
            id="follow-up-on"
            type="date"
            value={followedOn}
            onChange={(e) => setFollowedOn(e.currentTarget.value)}
            style={{ fontSize: 17, border: "none", width: "100%", background: "transparent" }}
          />
        </FormField>
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={LABEL}>{t("grid.mediation.performed")}</legend>
          <Selector
            columns={3}
            value={[performed]}
            onChange={(v) => v[0] && setPerformed(v[0])}
            options={PERFORMED.map((p) => ({ label: t(PERFORMED_WORDS[p]), value: p }))}
            style={{ "--padding": "14px 8px" } as CSSProperties}
          />
        </fieldset>
        <FormField id="follow-up-notes" label={t("grid.mediation.followNotes")}>
          <TextArea
            id="follow-up-notes"
            value={notes}
            onChange={setNotes}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
          />
        </FormField>
        <Button type="submit" block color="primary" loading={busy} style={BIG} data-testid="follow-up-submit">
          {t("grid.mediation.submitFollowUp")}
        </Button>
      </Section>
    </form>
  );
}

export default function MediationDispute() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const identity = useIdentity();
  const outbox = useOutbox();
  const { number = "" } = useParams();
  const [outcome, setOutcome] = useState<SubmitOutcome | null>(null);
  // A new form after each record (sent or kept on the phone); a refused one keeps what was written.
  const [forms, setForms] = useState(0);
  const page = useKeptQuery(["dispute", identity.userId, number], () =>
    loadWithSnapshot<DisputeDetail>(
      snapshotKeys.dispute(identity.userId, number),
      `/mediation/disputes/${encodeURIComponent(number)}`,
    ),
  );
  const { refetch } = page;
  // Something of this dispute was sent in the background (the network returned): show the new state.
  const sentHere = outbox.sent.filter((s) => s.item.disputeNumber === number).length;
  // …or refused (the dispute moved on without it): show where the dispute stands now.
  const refusedHere = outbox.items.filter((i) => i.disputeNumber === number && i.state === "failed").length;
  // (The page's own load covers what was there when it opened.)
  const seen = useRef({ sent: sentHere, refused: refusedHere });
  useEffect(() => {
    if (sentHere > seen.current.sent || refusedHere > seen.current.refused) void refetch();
    seen.current = { sent: sentHere, refused: refusedHere };
  }, [sentHere, refusedHere, refetch]);

  if (page.error) {
    const offline = page.error instanceof ApiError && page.error.status === 0;
    return (
      <ErrorBlock
        status="default"
        title={t("state.error")}
        description={offline ? t("grid.offline.nothingKept") : errorText(page.error)}
      />
    );
  }
  if (!page.data) return <DotLoading />;
  const { data: d, savedAt } = page.data;
  const waiting = itemsOf(outbox, identity.userId).filter((i) => i.disputeNumber === number);
  const waitingSessions = waiting.filter((i) => i.action === "record_session" && i.state === "waiting");
  // Refused by the server (say, the desk settled the dispute meanwhile): never sent, and said so.
  const refused = waiting.filter((i) => i.state === "failed");
  const can = (a: DisputeDetail["allowedActions"][number]) => d.allowedActions.includes(a);
  const done = (o: SubmitOutcome) => {
    setOutcome(o);
    if (o.status !== "failed") setForms((n) => n + 1);
    if (o.status === "sent" || (o.status === "failed" && o.error.code === "stale_dispute")) void refetch();
  };
  return (
    <div data-testid="grid-dispute-page">
      {savedAt && (
        <p role="status" data-testid="saved-copy" style={{ margin: "8px 12px", color: "#595959" }}>
          {t("grid.savedCopy", { time: formatTime(savedAt, lang) })}
        </p>
      )}
      <Section title={typeNameIn(d, lang)} style={{ marginTop: 0 }}>
        <p style={{ margin: "0 0 8px", fontWeight: 700, color: "#0958d9" }} data-testid="grid-dispute-status">
          {t(DISPUTE_STATUS_WORDS[d.status])}
        </p>
        <p style={{ margin: 0, color: "#595959" }}>
          {t("disputes.number", { number: d.number })} · {d.committeeName}
          {d.dueAt && timeLimitRuns(d.status) && (
            <>
              <br />
              {t("grid.mediation.due", { time: formatTime(d.dueAt, lang) })}
            </>
          )}
          {d.followUpDueAt && followUpAwaited(d.status) && (
            <>
              <br />
              {t("grid.mediation.followUpDue", { time: formatDay(d.followUpDueAt, lang) })}
            </>
          )}
        </p>
      </Section>
      {outcome && (
        <Outcome outcome={outcome} sentText={t("grid.mediation.sent")} testId="grid-dispute-outcome" />
      )}
      {refused.length > 0 && (
        <Section title={t("grid.mediation.refusedTitle")}>
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="grid-dispute-refused">
            {refused.map((i) => (
              <li key={i.id} style={{ marginBottom: 8 }}>
                <Tag color="danger" fill="outline" style={{ fontSize: 14 }}>
                  {t("grid.outbox.refused")}
                </Tag>{" "}
                <strong>
                  {i.action === "record_follow_up"
                    ? t("grid.mediation.followUps")
                    : t("grid.mediation.sessions")}
                </strong>{" "}
                · {t("grid.outbox.recorded", { time: formatTime(i.createdAt, lang) })}
                <br />
                <span style={{ color: "#cf1322" }}>
                  {t("grid.outbox.refusedWhy", { message: i.error ? errorText(i.error) : "" })}
                </span>
                <br />
                <Link to="/grid/outbox">{t("grid.outbox.openRefused")}</Link>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t("grid.mediation.facts")}>
        <p style={{ margin: 0, whiteSpace: "pre-wrap" }}>{d.facts}</p>
      </Section>
      <Section title={t("grid.mediation.parties")}>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {d.parties.map((p) => (
            <li key={p.id}>
              {p.name}
              {p.phone ? ` · ${p.phone}` : ""}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t("grid.mediation.sessions")}>
        {d.sessions.length === 0 && waitingSessions.length === 0 && (
          <p style={{ margin: 0 }}>{t("grid.mediation.noSessions")}</p>
        )}
        <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="grid-dispute-sessions">
          {d.sessions.map((s) => (
            <li key={s.id} style={{ marginBottom: 8 }}>
              <strong>
                {formatTime(s.heldAt, lang)} · {s.place}
              </strong>
              <br />
              {s.participants}
              <br />
              <span style={{ whiteSpace: "pre-wrap" }}>{s.notes}</span>
            </li>
          ))}
          {waitingSessions.map((i) => (
            <li key={i.id} style={{ marginBottom: 8 }} data-testid="grid-dispute-session-waiting">
              <Tag color="warning" fill="outline" style={{ fontSize: 14 }}>
                {t("grid.outbox.pendingTag")}
              </Tag>{" "}
              <strong>{typeof i.body.place === "string" ? i.body.place : ""}</strong>
              <br />
              <span style={{ whiteSpace: "pre-wrap" }}>{i.summary}</span>
            </li>
          ))}
        </ul>
      </Section>
      {d.followUps.length > 0 && (
        <Section title={t("grid.mediation.followUps")}>
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="grid-dispute-follow-ups">
            {d.followUps.map((f, i) => (
              <li key={i}>
                {f.followedOn} · {t(PERFORMED_WORDS[f.performed])}
                {f.notes ? ` · ${f.notes}` : ""}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {(can("record_session") || can("record_follow_up")) && (
        <p style={{ margin: 12, color: "#595959" }} data-testid="grid-mediation-outbox-hint">
          {t("grid.mediation.waitingSend")}
        </p>
      )}
      {can("record_session") && <SessionForm key={`s${forms}`} d={d} onDone={done} />}
      {can("record_follow_up") && <FollowUpForm key={`f${forms}`} d={d} onDone={done} />}
    </div>
  );
}
