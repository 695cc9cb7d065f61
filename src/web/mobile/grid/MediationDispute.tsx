/**
 * One dispute on a mediator's phone: facts, parties (phones masked, as the server sends them),
 * sessions and follow-ups, and the forms to record a session (time, place, participants, what
 * was said, photos) and a follow-up, when the state allows them (the server's allowedActions).
 * The dispute actions take no Idempotency-Key, so these forms send online only: a version
 * guards against a double record (a repeat is refused as stale), and the page says so offline.
 */
import { Button, DotLoading, ErrorBlock, Input, Selector, TextArea } from "antd-mobile";
import { useState, type CSSProperties, type ReactNode } from "react";
import { useParams } from "react-router";
import { ApiError, api } from "../../shared/api.js";
import type { DisputeDetail } from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useGet, useWrite } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";
import { DISPUTE_STATUS_WORDS, PERFORMED_WORDS } from "./mediation-words.js";
import { useOnline } from "../offline/online.js";
import { uploadPhoto } from "../shared/upload.js";
import { BIG, formatTime, FormProblem, PhotoPicker, Section } from "./ui.js";

const PERFORMED = ["yes", "partly", "no"] as const;
type Performed = (typeof PERFORMED)[number];

const BOX: CSSProperties = { border: "1px solid #8c8c8c", borderRadius: 8, padding: 10, marginBottom: 12 };
const LABEL: CSSProperties = { display: "block", fontWeight: 600, marginBottom: 8 };

/** Now as the value of a datetime-local input, China time. */
function localNow(): string {
  const china = new Date(Date.now() + 8 * 3_600_000);
  return china.toISOString().slice(0, 16);
}
const todayInChina = () => localNow().slice(0, 10);

function Field(props: { id: string; label: string; children: ReactNode }) {
  return (
    <>
      <label htmlFor={props.id} style={LABEL}>
        {props.label}
      </label>
      <div style={BOX}>{props.children}</div>
    </>
  );
}

/** Sends one action; a 409 (someone acted first) refreshes the page through useWrite. */
function useAction(ref: string, action: "record_session" | "record_follow_up") {
  return useWrite(
    (body: object) =>
      api<{ version: number }>(`/mediation/disputes/${encodeURIComponent(ref)}/actions/${action}`, {
        method: "POST",
        body,
      }),
    ["/mediation"],
  );
}

function useProblem() {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (err: unknown): string =>
    err instanceof ApiError && err.status === 0
      ? t("grid.mediation.offline")
      : err instanceof ApiError && err.code === "stale_dispute"
        ? t("grid.mediation.stale")
        : errorText(err);
}

function SessionForm(props: { d: DisputeDetail; onSent: () => void }) {
  const { t } = useI18n();
  const online = useOnline();
  const send = useAction(props.d.number, "record_session");
  const problemOf = useProblem();
  const [heldAt, setHeldAt] = useState(localNow);
  const [place, setPlace] = useState("");
  const [participants, setParticipants] = useState("");
  const [notes, setNotes] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    if (!heldAt || !place.trim() || !participants.trim() || !notes.trim()) {
      setProblem(t("grid.mediation.required"));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const photoIds = [];
      for (const p of photos) photoIds.push((await uploadPhoto(p)).id);
      await send.mutateAsync({
        version: props.d.version,
        heldAt: `${heldAt}:00+08:00`,
        place: place.trim(),
        participants: participants.trim(),
        notes: notes.trim(),
        photoIds,
      });
      props.onSent();
    } catch (err) {
      setProblem(problemOf(err));
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
        <Field id="session-held-at" label={t("grid.mediation.heldAt")}>
          <input
            id="session-held-at"
            type="datetime-local"
            value={heldAt}
            onChange={(e) => setHeldAt(e.currentTarget.value)}
            style={{ fontSize: 17, border: "none", width: "100%", background: "transparent" }}
          />
        </Field>
        <Field id="session-place" label={t("grid.mediation.place")}>
          <Input id="session-place" value={place} onChange={setPlace} maxLength={200} />
        </Field>
        <Field id="session-participants" label={t("grid.mediation.participants")}>
          <Input id="session-participants" value={participants} onChange={setParticipants} maxLength={500} />
        </Field>
        <Field id="session-notes" label={t("grid.mediation.notes")}>
          <TextArea
            id="session-notes"
            value={notes}
            onChange={setNotes}
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={8000}
          />
        </Field>
        <p style={{ fontWeight: 600, margin: "0 0 8px" }}>{t("grid.mediation.photos")}</p>
        <PhotoPicker photos={photos} onChange={setPhotos} testId="photo-input-session" />
        <FormProblem problem={problem} />
        <Button
          type="submit"
          block
          color="primary"
          loading={busy}
          disabled={!online}
          style={{ ...BIG, marginTop: 12 }}
          data-testid="session-submit"
        >
          {t("grid.mediation.submitSession")}
        </Button>
      </Section>
    </form>
  );
}

function FollowUpForm(props: { d: DisputeDetail; onSent: () => void }) {
  const { t } = useI18n();
  const online = useOnline();
  const send = useAction(props.d.number, "record_follow_up");
  const problemOf = useProblem();
  const [followedOn, setFollowedOn] = useState(todayInChina);
  const [performed, setPerformed] = useState<Performed>("yes");
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    setBusy(true);
    try {
      await send.mutateAsync({ version: props.d.version, followedOn, performed, notes: notes.trim() });
      props.onSent();
    } catch (err) {
      setProblem(problemOf(err));
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
        <Field id="follow-up-on" label={t("grid.mediation.followedOn")}>
          <input
            id="follow-up-on"
            type="date"
            value={followedOn}
            onChange={(e) => setFollowedOn(e.currentTarget.value)}
            style={{ fontSize: 17, border: "none", width: "100%", background: "transparent" }}
          />
        </Field>
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
        <Field id="follow-up-notes" label={t("grid.mediation.followNotes")}>
          <TextArea
            id="follow-up-notes"
            value={notes}
            onChange={setNotes}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
          />
        </Field>
        <FormProblem problem={problem} />
        <Button
          type="submit"
          block
          color="primary"
          loading={busy}
          disabled={!online}
          style={BIG}
          data-testid="follow-up-submit"
        >
          {t("grid.mediation.submitFollowUp")}
        </Button>
      </Section>
    </form>
  );
}

export default function MediationDispute() {
  const { t, lang } = useI18n();
  const online = useOnline();
  const { number = "" } = useParams();
  const found = useGet<DisputeDetail>(`/mediation/disputes/${encodeURIComponent(number)}`);
  const [sent, setSent] = useState(false);
  if (found.error && !found.data) {
    const network = found.error instanceof ApiError && found.error.status === 0;
    return <ErrorBlock status="default" title={t(network ? "error.network" : "state.error")} />;
  }
  const d = found.data;
  if (!d) return <DotLoading />;
  const can = (a: DisputeDetail["allowedActions"][number]) => d.allowedActions.includes(a);
  const done = () => setSent(true);
  return (
    <div data-testid="grid-dispute-page">
      <Section title={d.typeName} style={{ marginTop: 0 }}>
        <p style={{ margin: "0 0 8px", fontWeight: 700, color: "#0958d9" }} data-testid="grid-dispute-status">
          {t(DISPUTE_STATUS_WORDS[d.status])}
        </p>
        <p style={{ margin: 0, color: "#595959" }}>
          {t("disputes.number", { number: d.number })} · {d.committeeName}
          {d.dueAt && (
            <>
              <br />
              {t("grid.mediation.due", { time: formatTime(d.dueAt, lang) })}
            </>
          )}
          {d.followUpDueAt && (
            <>
              <br />
              {t("grid.mediation.followUpDue", { time: formatTime(d.followUpDueAt, lang) })}
            </>
          )}
        </p>
      </Section>
      {sent && (
        <p
          role="status"
          style={{ margin: 12, fontWeight: 600, color: "#237804" }}
          data-testid="grid-dispute-sent"
        >
          {t("grid.mediation.sent")}
        </p>
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
        {d.sessions.length === 0 && <p style={{ margin: 0 }}>{t("grid.mediation.noSessions")}</p>}
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
        <p
          role={online ? undefined : "alert"}
          style={{ margin: 12, color: online ? "#595959" : "#cf1322", fontWeight: online ? 400 : 600 }}
          data-testid="grid-mediation-online-only"
        >
          {t("grid.mediation.onlineOnly")}
        </p>
      )}
      {can("record_session") && <SessionForm key={`s${d.sessions.length}`} d={d} onSent={done} />}
      {can("record_follow_up") && <FollowUpForm key={`f${d.followUps.length}`} d={d} onSent={done} />}
    </div>
  );
}
