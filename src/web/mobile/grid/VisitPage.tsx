/**
 * One visit (走访) on the phone: the person as the register shows them (masked numbers, only the
 * tags the role may see), their home and household, the deadline; the record form (method, what
 * was found, a photo, the GPS point taken as the page opens) and, once recorded, "raise an appeal
 * from this visit". Both are recorded on the phone first with their Idempotency-Key and sent at
 * once or when the network returns (the outbox); offline the page is the copy kept with the list.
 */
import { Button, DotLoading, ErrorBlock, Selector, Tag, TextArea } from "antd-mobile";
import { useState, type CSSProperties } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { PersonFile, VisitDetail, VisitListItem } from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { itemsOf, recordAndSend, useOutbox, type SubmitOutcome } from "../offline/outbox.js";
import { loadWithSnapshot } from "../offline/snapshots.js";
import { useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import { usePosition } from "./position.js";
import { DisputeForm } from "./VisitDispute.js";
import {
  BIG,
  formatTime,
  FormProblem,
  Outcome,
  OutboxTag,
  PhotoPicker,
  Section,
  useTextAreaAria,
} from "./ui.js";
import { RequiredMark } from "../shared/RequiredMark.js";
import {
  HOUSEHOLD_TYPE_WORDS,
  RELATION_WORDS,
  SEX_WORDS,
  VISIT_METHOD_WORDS,
  typeName,
  ageOf,
} from "./visit-words.js";

const METHODS = ["home", "phone", "other"] as const;
type Method = (typeof METHODS)[number];
const MIN_APPEAL = 5;

type View = { visit: VisitListItem & Partial<VisitDetail>; savedAt: string | null };

/** The person card: name, sex and age, masked numbers, home, household, the types the role sees. */
function PersonCard(props: { visit: View["visit"]; file: PersonFile | undefined }) {
  const { t, lang } = useI18n();
  const { person } = props.visit;
  const household = props.file?.household;
  if (!person) return <Section title={t("grid.visits.person")}>{t("grid.visits.hiddenPerson")}</Section>;
  const shownAge = ageOf(person.birthDate);
  const row = (label: string, value: string) => (
    <p style={{ margin: "6px 0" }}>
      <span style={{ color: "#595959" }}>{label} </span>
      {value}
    </p>
  );
  return (
    <Section title={t("grid.visits.person")}>
      <div data-testid="visit-person">
        <p style={{ margin: "0 0 6px", fontSize: 20, fontWeight: 700 }}>
          {person.name}
          <span style={{ fontSize: 16, fontWeight: 400, color: "#595959" }}>
            {person.sex ? ` ${t(SEX_WORDS[person.sex])}` : ""}
            {shownAge === null
              ? ""
              : "years" in shownAge
                ? ` ${t("grid.visits.age", { n: shownAge.years })}`
                : ` ${t("grid.visits.ageMonths", { n: shownAge.months })}`}
          </span>
        </p>
        {person.phone && row(t("grid.visits.phone"), person.phone)}
        {person.idNumber && row(t("grid.visits.idNumber"), person.idNumber)}
        {person.address && row(t("grid.visits.address"), person.address)}
        {household &&
          row(
            t("grid.visits.household"),
            t("grid.visits.householdLine", {
              type: t(HOUSEHOLD_TYPE_WORDS[household.type]),
              relation: t(RELATION_WORDS[household.relation]),
            }),
          )}
        <div style={{ display: "flex", gap: 6, flexWrap: "wrap", marginTop: 8 }}>
          {person.populationTags.map((tag) => (
            <Tag key={tag.type.code} color="primary" fill="outline" style={{ fontSize: 13 }}>
              {typeName(tag.type, lang)}
            </Tag>
          ))}
        </div>
      </div>
    </Section>
  );
}

function RecordForm(props: { visit: View["visit"]; onDone: (o: SubmitOutcome) => void }) {
  const { t } = useI18n();
  const identity = useIdentity();
  const [place, locate] = usePosition();
  const [method, setMethod] = useState<Method>("home");
  const [findings, setFindings] = useState("");
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const findingsAria = useTextAreaAria(true, problem !== null);

  const submit = async () => {
    const text = findings.trim();
    if (!text) {
      setProblem(t("grid.visits.findingsRequired"));
      return;
    }
    setProblem(null);
    const body: Record<string, unknown> = {
      version: props.visit.version,
      // When it took place, not when the network let it go.
      visitedAt: new Date().toISOString(),
      method,
      findings: text,
      ...(place.status === "found" ? { location: { lon: place.lon, lat: place.lat } } : {}),
    };
    setBusy(true);
    try {
      props.onDone(
        await recordAndSend({
          kind: "visit",
          userId: identity.userId,
          visitId: props.visit.id,
          personName: props.visit.person?.name ?? "",
          action: "record",
          body,
          photos,
          summary: text,
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label={t("grid.visits.recordTitle")}
      data-testid="visit-record-form"
    >
      <Section title={t("grid.visits.recordTitle")}>
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
          <legend style={{ fontWeight: 600, marginBottom: 8 }}>{t("grid.visits.method")}</legend>
          <Selector
            columns={3}
            value={[method]}
            onChange={(v) => v[0] && setMethod(v[0])}
            options={METHODS.map((m) => ({ label: t(VISIT_METHOD_WORDS[m]), value: m }))}
            style={{ "--padding": "14px 8px" } as CSSProperties}
          />
        </fieldset>
        <label htmlFor="visit-findings" style={{ display: "block", fontWeight: 600, marginBottom: 8 }}>
          <RequiredMark />
          {t("grid.visits.findings")}
        </label>
        <div style={{ border: "1px solid #8c8c8c", borderRadius: 8, padding: 10, marginBottom: 12 }}>
          <TextArea
            id="visit-findings"
            {...findingsAria}
            value={findings}
            onChange={setFindings}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            placeholder={t("grid.visits.findingsHint")}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <p style={{ fontWeight: 600, margin: "0 0 8px" }}>{t("grid.visits.place")}</p>
        <div style={{ display: "flex", alignItems: "center", gap: 12, marginBottom: 12 }}>
          <p style={{ flex: 1, margin: 0 }} data-testid="visit-place" data-place={place.status}>
            {place.status === "locating" && t("grid.patrol.locating")}
            {place.status === "found" &&
              t("grid.patrol.located", {
                lat: place.lat.toFixed(5),
                lon: place.lon.toFixed(5),
                m: place.accuracy,
              })}
            {place.status === "failed" && t("grid.visits.noPlace")}
          </p>
          <Button style={{ minHeight: 48 }} onClick={locate} disabled={place.status === "locating"}>
            {t("grid.patrol.relocate")}
          </Button>
        </div>
        <p style={{ fontWeight: 600, margin: "0 0 8px" }}>{t("grid.visits.photos")}</p>
        <PhotoPicker photos={photos} onChange={setPhotos} testId="photo-input-visit" />
        <FormProblem problem={problem} />
        <Button
          type="submit"
          block
          color="primary"
          loading={busy}
          style={{ ...BIG, marginTop: 12 }}
          data-testid="visit-record-submit"
        >
          {t("grid.visits.record")}
        </Button>
      </Section>
    </form>
  );
}

function AppealForm(props: { visit: View["visit"]; onDone: (o: SubmitOutcome) => void }) {
  const { t } = useI18n();
  const identity = useIdentity();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const trimmed = text.trim();
    if (trimmed && trimmed.length < MIN_APPEAL) {
      setProblem(t("grid.visits.appealTooShort", { n: MIN_APPEAL }));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      props.onDone(
        await recordAndSend({
          kind: "visit",
          userId: identity.userId,
          visitId: props.visit.id,
          personName: props.visit.person?.name ?? "",
          action: "appeal",
          // After a record still waiting in the outbox, the version it leads to replaces this one.
          body: { version: props.visit.version, ...(trimmed ? { description: trimmed } : {}) },
          photos: [],
          summary: trimmed || (props.visit.findings ?? ""),
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label={t("grid.visits.appeal")}
      data-testid="visit-appeal-form"
    >
      <Section title={t("grid.visits.appeal")}>
        <p style={{ margin: "0 0 12px", color: "#595959" }}>{t("grid.visits.appealHint")}</p>
        <label htmlFor="visit-appeal" style={{ display: "block", fontWeight: 600, marginBottom: 8 }}>
          {t("grid.visits.appealText")}
        </label>
        <div style={{ border: "1px solid #8c8c8c", borderRadius: 8, padding: 10, marginBottom: 12 }}>
          <TextArea
            id="visit-appeal"
            value={text}
            onChange={setText}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={4000}
            style={{ "--font-size": "17px" } as CSSProperties}
          />
        </div>
        <FormProblem problem={problem} />
        <Button type="submit" block loading={busy} style={BIG} data-testid="visit-appeal-submit">
          {t("grid.visits.appealSubmit")}
        </Button>
      </Section>
    </form>
  );
}

export default function VisitPage() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const identity = useIdentity();
  const outbox = useOutbox();
  const { id = "" } = useParams();
  const fromList = (useLocation().state as { item?: VisitListItem } | null)?.item;
  const [recorded, setRecorded] = useState<SubmitOutcome | null>(null);
  const [appealed, setAppealed] = useState<SubmitOutcome | null>(null);
  const [disputed, setDisputed] = useState<SubmitOutcome | null>(null);

  const page = useKeptQuery(["visit", identity.userId, id], async (): Promise<View> => {
    try {
      const loaded = await loadWithSnapshot<VisitDetail>(
        snapshotKeys.visit(identity.userId, id),
        `/visits/${id}`,
      );
      return { visit: loaded.data, savedAt: loaded.savedAt };
    } catch (err) {
      // Offline and never opened: the list's line of it is enough to record the visit.
      if (err instanceof ApiError && err.status === 0 && fromList?.id === id) {
        return { visit: fromList, savedAt: null };
      }
      throw err;
    }
  });
  const personId = page.data?.visit.person?.id;
  const file = useKeptQuery(
    ["person", identity.userId, personId ?? ""],
    () =>
      loadWithSnapshot<PersonFile>(
        snapshotKeys.person(identity.userId, personId ?? ""),
        `/persons/${personId ?? ""}`,
      ),
    { enabled: personId !== undefined },
  );

  if (page.error) {
    const offline = page.error instanceof ApiError && page.error.status === 0;
    return (
      <ErrorBlock
        status="default"
        title={t("state.error")}
        description={offline ? t("grid.visits.nothingKept") : errorText(page.error)}
      />
    );
  }
  if (!page.data) {
    return (
      <div style={{ padding: 48, textAlign: "center" }} role="status" aria-label={t("state.loading")}>
        <DotLoading />
      </div>
    );
  }
  const { visit, savedAt } = page.data;
  // What the server refused is not recorded: its form comes back (what was written is in the outbox, to copy).
  const waiting = itemsOf(outbox, identity.userId).filter((i) => i.visitId === id && i.state === "waiting");
  const recordWaiting = waiting.some((i) => i.action === "record");
  const appealWaiting = waiting.some((i) => i.action === "appeal");
  const allowed = visit.allowedActions ?? (visit.status === "planned" ? ["record"] : []);
  const isRecorded = visit.status === "done" || recordWaiting || recorded?.status === "sent";
  const canRecord = !isRecorded && allowed.includes("record");
  const caseRef = visit.case ?? null;
  // Who may record may raise the appeal once the visit is recorded (on the server or in the outbox).
  const canAppeal =
    isRecorded &&
    !caseRef &&
    !visit.caseNumber &&
    !appealWaiting &&
    appealed?.status !== "sent" &&
    (allowed.includes("raise_appeal") || allowed.includes("record") || recordWaiting);
  // And a dispute for mediation, if they may register disputes (once per visit).
  const disputeWaiting = waiting.some((i) => i.action === "dispute");
  const canDispute =
    isRecorded &&
    !visit.dispute &&
    !disputeWaiting &&
    disputed?.status !== "sent" &&
    identity.permissions.includes("mediation.register") &&
    (allowed.includes("raise_dispute") || allowed.includes("record") || recordWaiting);
  const disputeSent =
    disputed?.status === "sent"
      ? (disputed.answer as { dispute?: { number?: string; committeeName?: string } } | undefined)?.dispute
      : undefined;
  const appealNumber =
    appealed?.status === "sent"
      ? (appealed.answer as { case?: { number?: string } } | undefined)?.case?.number
      : undefined;

  return (
    <div data-testid="visit-page" data-status={visit.status}>
      <div style={{ padding: "12px 16px 0" }}>
        <h2 style={{ fontSize: 20, margin: "4px 0" }}>
          {t("grid.visits.title")} · {typeName(visit.type, lang)}
        </h2>
        {savedAt && (
          <p role="status" data-testid="saved-copy" style={{ margin: "4px 0", color: "#595959" }}>
            {t("grid.savedCopy", { time: formatTime(savedAt, lang) })}
          </p>
        )}
        <p style={{ margin: "4px 0", color: visit.overdue ? "#cf1322" : "#595959" }}>
          {visit.visitedAt
            ? t("grid.visits.visitedAt", { time: formatTime(visit.visitedAt, lang) })
            : t("grid.visits.due", { time: formatTime(visit.dueAt, lang) })}
          {visit.overdue && ` · ${t("grid.visits.overdue")}`}
        </p>
      </div>
      {recorded && <Outcome outcome={recorded} sentText={t("grid.visits.recorded")} testId="visit-outcome" />}
      {appealed && (
        <Outcome
          outcome={appealed}
          sentText={t("grid.visits.appealSent", { number: appealNumber ?? "" })}
          testId="visit-appeal-outcome"
        />
      )}
      {disputed && (
        <Outcome
          outcome={disputed}
          sentText={t("grid.visits.disputeSent", {
            number: disputeSent?.number ?? "",
            committee: disputeSent?.committeeName ?? "",
          })}
          testId="visit-dispute-outcome"
        />
      )}
      <PersonCard visit={visit} file={file.data?.data} />
      {visit.status === "done" && (
        <Section title={t("grid.visits.findings")}>
          <p style={{ margin: "0 0 6px" }}>
            {visit.method ? t(VISIT_METHOD_WORDS[visit.method]) : ""}
            {visit.visitedBy ? ` · ${t("grid.visits.visitedBy", { name: visit.visitedBy })}` : ""}
          </p>
          {visit.findings && <p style={{ margin: 0, whiteSpace: "pre-wrap" }}>{visit.findings}</p>}
          {(caseRef ?? visit.caseNumber) && (
            <p style={{ margin: "12px 0 0" }}>
              {t("grid.visits.appealRaised")}{" "}
              {caseRef ? (
                <Link to={`/grid/case/${caseRef.id}`} style={{ fontFamily: "monospace" }}>
                  {caseRef.number}
                </Link>
              ) : (
                <span style={{ fontFamily: "monospace" }}>{visit.caseNumber}</span>
              )}
            </p>
          )}
        </Section>
      )}
      {visit.status === "done" && visit.dispute && (
        <Section>
          {t("grid.visits.disputeRaised")}{" "}
          <span style={{ fontFamily: "monospace" }} data-testid="visit-dispute-number">
            {visit.dispute.number}
          </span>
        </Section>
      )}
      {recordWaiting && visit.status !== "done" && (
        <Section>
          <OutboxTag state="waiting" />
          {t("grid.visits.recorded")}
        </Section>
      )}
      {canRecord && (
        <RecordForm
          visit={visit}
          onDone={(o) => {
            setRecorded(o);
            if (o.status === "sent") void page.refetch();
          }}
        />
      )}
      {canAppeal && (
        <AppealForm
          visit={visit}
          onDone={(o) => {
            setAppealed(o);
            if (o.status === "sent") void page.refetch();
          }}
        />
      )}
      {canDispute && (
        <DisputeForm
          visit={visit}
          onDone={(o) => {
            setDisputed(o);
            if (o.status === "sent") void page.refetch();
          }}
        />
      )}
    </div>
  );
}
