/**
 * Intake, one door (群众说事): every channel — resident on the web or app (anonymous with a
 * tracking code, or signed in), an operator on a resident's behalf (hotline, talk station, talk
 * site, talk box), a grid worker's patrol finding, Open311 — becomes a case here: validated,
 * routed, numbered, given deadlines, with its intake event, photos and the unit's notification,
 * in one transaction.
 */
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { cacheVersions } from "../../db/cache-versions.js";
import { cases, notifications, type CaseChannel, type DeadlineKind } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import { claimAttachments } from "../attachments/index.js";
import { getDeadlines } from "../catalogue/index.js";
import { loadWorkingCalendar } from "../catalogue/index.js";
import { usableCatalogue } from "../catalogue/index.js";
import {
  claimStatement,
  type IdempotencyClaim,
  type IdempotentAnswer,
} from "../../core/idempotency/idempotency.js";
import { allocateCaseNumber, chinaDatePrefix } from "./case-number.js";
import {
  cachedRoutingUnits,
  decideRoute,
  findPossibleDuplicates,
  possibleDuplicatesQuery,
  resolveLocation,
  type PossibleDuplicate,
  type ResolvedLocation,
  type RouteDecision,
} from "./routing.js";
import { IntakeFieldsSchema } from "./schemas.js";
import { generateTrackingCode, hashTrackingCode } from "./tracking-code.js";
import { recordIntakeEvent, type CaseActor, type CaseEventRow, type CaseRow } from "./transition.js";

/** What an appeal says, whatever the door (Open311 builds one of these too). */
export interface IntakeInput {
  channel: CaseChannel;
  categoryCode?: string | null;
  description: string;
  address?: string | null;
  location?: { lon: number; lat: number } | null;
  /** A county, township or village chosen by hand (e.g. by an operator from the caller's words). */
  regionCode?: string | null;
  urgent?: boolean;
  reporter?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  /** Uploaded photos (POST /attachments) to attach: the caller's own uploads. */
  attachmentIds?: string[];
  /** The upload tokens of photos uploaded anonymously, proving they are the caller's. */
  attachmentTokens?: string[];
}

/** Who brings the appeal in; the caller has checked they may (e.g. cases.intake for staff). */
export interface IntakeOptions {
  /** A signed-in resident reporting for themselves. */
  reporterUserId?: string | null;
  /** Staff who entered it: an operator on behalf of a resident, a grid worker's patrol. */
  enteredBy?: { userId: string; orgId: string | null } | null;
  /** The timeline's label when no staff entered it; default "resident" (Open311: "open311:<key>"). */
  actorLabel?: string;
  /** Give the reporter a tracking code; default: no reporter account and not a patrol finding. */
  issueTrackingCode?: boolean;
  /** When it was received (default now); demo history backdates. */
  now?: Date;
  /** Tell the receiving unit (default true); false when the case is answered on the spot. */
  notifyUnit?: boolean;
  /**
   * When the request began (a `cacheClock()` reading): the cached catalogue, units and calendar
   * are used as of a version read sent no earlier. Default: when planning starts.
   */
  since?: number;
}

/** Deadlines of a case whose category is not known yet: the centre must still answer promptly. */
export const TRIAGE_DEADLINE_RULE = {
  responseHours: 8,
  handleHours: 40,
  deadlineKind: "working" as DeadlineKind,
};

/** Everything decided before writing: the reads `writeIntake` needs, done outside its transaction. */
export interface IntakePlan {
  input: IntakeInput & { description: string };
  opts: IntakeOptions;
  receivedAt: Date;
  category: { code: string; name: string } | null;
  location: ResolvedLocation;
  route: RouteDecision;
  responseDueAt: Date;
  handleDueAt: Date;
}

export interface IntakeResult {
  case: CaseRow;
  event: CaseEventRow;
  /** The anonymous reporter's code, shown once; null when none was issued. */
  trackingCode: string | null;
  assignedUnit: { id: string; name: string } | null;
  /** Open cases of the same category nearby (not merged: the dispatcher decides). */
  possibleDuplicates: PossibleDuplicate[];
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  const details = error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const first = details[0];
  return { details, message: first ? `${first.field}: ${first.message}` : "The appeal is not valid." };
}

/**
 * Validates and routes an appeal without writing anything: unknown category → 400
 * unknown_category, a point outside the city → 400 location_outside_city, a hand-picked region
 * that is not a county, township or village of the city → 400 unknown_region.
 */
export async function planIntake(db: Db, input: IntakeInput, opts: IntakeOptions = {}): Promise<IntakePlan> {
  const parsed = IntakeFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const { message, details } = firstIssue(parsed.error);
    throw new BadRequestError("validation_failed", message, details);
  }
  const fields = parsed.data;
  const receivedAt = opts.now ?? new Date();
  const categoryCode = fields.categoryCode ?? null;
  // The catalogue, units, city, grids and calendar come from the process's caches, checked
  // against the version counters (one read, shared by concurrent requests).
  const versions = await cacheVersions(db, opts.since);
  // The category a case may be filed under: an active leaf of the active tree.
  const category =
    categoryCode === null ? null : ((await usableCatalogue(db, versions)).leaves.get(categoryCode) ?? null);
  if (categoryCode !== null && !category) {
    throw new BadRequestError(
      "unknown_category",
      `Category ${categoryCode} does not exist or does not take appeals; pick one from GET /api/v1/categories.`,
      { field: "categoryCode" },
    );
  }
  const location = await resolveLocation(
    db,
    { location: fields.location, regionCode: fields.regionCode },
    versions,
  );
  const units = await cachedRoutingUnits(db, location.chain, versions);
  const route = decideRoute(location.chain, category, units);
  const calendar = await loadWorkingCalendar(db, versions);
  const deadlines = getDeadlines(calendar, category ?? TRIAGE_DEADLINE_RULE, receivedAt);
  return {
    input: {
      channel: input.channel,
      categoryCode,
      description: fields.description,
      address: fields.address ?? null,
      location: fields.location ?? null,
      regionCode: fields.regionCode ?? null,
      urgent: fields.urgent ?? false,
      reporter: fields.reporter ?? null,
      attachmentIds: fields.attachmentIds ?? [],
      attachmentTokens: fields.attachmentTokens ?? [],
    },
    opts,
    receivedAt,
    category: category ? { code: category.code, name: category.name } : null,
    location,
    route,
    responseDueAt: deadlines.responseDueAt,
    handleDueAt: deadlines.handleDueAt,
  };
}

/** Writes a planned appeal inside the caller's transaction (see `intakeCase`). */
export async function writeIntake(tx: Tx, plan: IntakePlan): Promise<IntakeResult> {
  const { input, opts, location, route, receivedAt } = plan;
  const number = await allocateCaseNumber(tx, receivedAt);
  const reporterUserId = opts.reporterUserId ?? null;
  const issueCode = opts.issueTrackingCode ?? (reporterUserId === null && input.channel !== "patrol");
  const trackingCode = issueCode ? generateTrackingCode() : null;
  const [created] = await tx
    .insert(cases)
    .values({
      number,
      trackingCodeHash: trackingCode === null ? null : hashTrackingCode(trackingCode),
      channel: input.channel,
      categoryCode: plan.category?.code ?? null,
      description: input.description,
      address: input.address ?? null,
      lon: input.location?.lon ?? null,
      lat: input.location?.lat ?? null,
      regionCode: location.regionCode,
      regionPath: location.regionPath,
      countyCode: location.countyCode,
      gridCode: location.gridCode,
      urgent: input.urgent ?? false,
      reporterUserId,
      reporterName: input.reporter?.name ?? null,
      reporterPhone: input.reporter?.phone ?? null,
      reporterEmail: input.reporter?.email ?? null,
      enteredByUserId: opts.enteredBy?.userId ?? null,
      status: route.status,
      handlingLevel: route.handlingLevel,
      assignedOrgId: route.unit?.id ?? null,
      // 首接负责: the first unit that receives the case leads it to the end.
      leadOrgId: route.unit?.id ?? null,
      responseDueAt: plan.responseDueAt,
      handleDueAt: plan.handleDueAt,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    })
    .returning();
  if (!created) throw new Error("case insert returned nothing");

  const possibleDuplicates = await findPossibleDuplicates(tx, {
    caseId: created.id,
    categoryCode: created.categoryCode,
    lon: created.lon,
    lat: created.lat,
    at: receivedAt,
  });
  const actor: CaseActor = opts.enteredBy
    ? { userId: opts.enteredBy.userId, orgId: opts.enteredBy.orgId }
    : { userId: reporterUserId, orgId: null, label: opts.actorLabel ?? "resident" };
  // With `now` given (imports, demo data) the event carries the time the appeal was received.
  const event = await recordIntakeEvent(
    tx,
    created,
    actor,
    {
      channel: created.channel,
      routing: route.reason,
      assignedOrgId: route.unit?.id ?? null,
      ...(location.locationConflict ? { locationConflict: true } : {}),
      ...(possibleDuplicates.length > 0
        ? { possibleDuplicates: possibleDuplicates.map((d) => d.number) }
        : {}),
    },
    opts.now ? receivedAt : undefined,
  );
  // The photos are the uploader's: the staff who entered the appeal, the signed-in reporter, or an
  // anonymous reporter holding the upload tokens.
  await claimAttachments(
    tx,
    input.attachmentIds ?? [],
    { subjectType: "case", subjectId: created.id, eventId: event.id },
    {
      userId: plan.opts.enteredBy?.userId ?? plan.opts.reporterUserId ?? null,
      uploadTokens: input.attachmentTokens,
    },
  );

  if (route.unit && opts.notifyUnit !== false) {
    const what = plan.category?.name ?? "未分类";
    await tx.insert(notifications).values({
      channel: "in_app",
      recipientOrgId: route.unit.id,
      kind: route.status === "triage" ? "case_triage" : "case_dispatched",
      subjectType: "case",
      subjectId: created.id,
      title: route.status === "triage" ? `新诉求待分拨 ${number}` : `新诉求待处理 ${number}`,
      body: `${what}：${input.description.slice(0, 100)}`,
      data: { text: input.description.slice(0, 100) },
      createdAt: receivedAt,
    });
  }
  return {
    case: created,
    event,
    trackingCode,
    assignedUnit: route.unit ? { id: route.unit.id, name: route.unit.name } : null,
    possibleDuplicates,
  };
}

/**
 * Takes in one appeal: `planIntake` (validation, routing, deadlines), then `writeIntake` in one
 * transaction. For an idempotent create use `withIdempotency(db, …, (tx, plan) =>
 * writeIntake(tx, plan), () => planIntake(db, input, opts))`.
 */
export async function intakeCase(
  db: Db,
  input: IntakeInput,
  opts: IntakeOptions = {},
): Promise<IntakeResult> {
  const plan = await planIntake(db, input, opts);
  return db.transaction((tx) => writeIntake(tx, plan));
}

/** What `writeIntakeAtOnce` wrote: enough to answer the request. */
export interface IntakeWritten {
  case: Pick<CaseRow, "id" | "number" | "status" | "responseDueAt" | "handleDueAt" | "channel">;
  eventId: number;
  trackingCode: string | null;
  assignedUnit: { id: string; name: string } | null;
  possibleDuplicates: PossibleDuplicate[];
}

/** Stands for the case number in an answer built before the number is drawn. */
const NUMBER_MARK = "⟦case-number⟧";

/** The JSON paths (as text[] for jsonb_set) of every string equal to `mark` in `value`. */
function pathsOf(value: unknown, mark: string, at: string[] = []): string[][] {
  if (value === mark) return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => pathsOf(v, mark, [...at, String(i)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => pathsOf(v, mark, [...at, k]));
  }
  return [];
}

function replaceMark<T>(value: T, mark: string, by: string): T {
  if (value === mark) return by as T;
  if (Array.isArray(value)) return value.map((v: unknown) => replaceMark(v, mark, by)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMark(v, mark, by)])) as T;
  }
  return value;
}

/**
 * `writeIntake` in one statement and one round trip, outside any transaction (a statement is
 * atomic on its own): the number drawn from the sequence, the idempotency key claimed with its
 * answer, the case (its roll-up trigger included), the intake event and the unit's
 * notification, as CTEs of one INSERT, with the possible duplicates looked up by the same statement
 * (their numbers go into the event's data). For appeals without photos (claiming uploads needs
 * the case's event first: those go through `writeIntake`). `answer` builds the answer from what
 * was written; the case number in it is filled in by the statement, so the stored answer and the
 * returned one are the same. Answers null when `claim` found the key taken (nothing written).
 */
export async function writeIntakeAtOnce(
  db: Db,
  plan: IntakePlan,
  opts: {
    claim: IdempotencyClaim | null;
    /** Joins the intake event's data (Open311's media_url, device_id, account_id). */
    eventExtras?: Record<string, unknown>;
    /** Builds the answer before the statement runs: the possible duplicates are not known yet. */
    answer: (written: Omit<IntakeWritten, "possibleDuplicates">) => IdempotentAnswer;
  },
): Promise<{ written: IntakeWritten; answer: IdempotentAnswer } | null> {
  const { input, location, route, receivedAt } = plan;
  if ((input.attachmentIds ?? []).length > 0 || (input.attachmentTokens ?? []).length > 0) {
    throw new Error("writeIntakeAtOnce takes no photos: use writeIntake");
  }
  const duplicates = possibleDuplicatesQuery({
    categoryCode: plan.category?.code ?? null,
    lon: input.location?.lon ?? null,
    lat: input.location?.lat ?? null,
    at: receivedAt,
  });
  const id = randomUUID();
  const reporterUserId = plan.opts.reporterUserId ?? null;
  const issueCode = plan.opts.issueTrackingCode ?? (reporterUserId === null && input.channel !== "patrol");
  const trackingCode = issueCode ? generateTrackingCode() : null;
  const written: Omit<IntakeWritten, "possibleDuplicates"> = {
    case: {
      id,
      number: NUMBER_MARK,
      status: route.status,
      responseDueAt: plan.responseDueAt,
      handleDueAt: plan.handleDueAt,
      channel: input.channel,
    },
    eventId: 0,
    trackingCode,
    assignedUnit: route.unit ? { id: route.unit.id, name: route.unit.name } : null,
  };
  const answer = opts.answer(written);
  const numberPaths = pathsOf(answer.body, NUMBER_MARK);
  const response = numberPaths.reduce<SQL>(
    (json, path) => sql`jsonb_set(${json}, ${`{${path.join(",")}}`}::text[], to_jsonb(num.number))`,
    sql`${JSON.stringify(answer.body ?? null)}::jsonb`,
  );
  const actor: CaseActor = plan.opts.enteredBy
    ? { userId: plan.opts.enteredBy.userId, orgId: plan.opts.enteredBy.orgId }
    : { userId: reporterUserId, orgId: null, label: plan.opts.actorLabel ?? "resident" };
  const eventData = {
    channel: input.channel,
    routing: route.reason,
    assignedOrgId: route.unit?.id ?? null,
    ...(location.locationConflict ? { locationConflict: true } : {}),
    ...opts.eventExtras,
  };
  // The possible duplicates' numbers join the event's data when there are any.
  const eventDataSql = duplicates
    ? sql`${JSON.stringify(eventData)}::jsonb || (select case when jsonb_array_length(d.numbers) = 0
        then '{}'::jsonb else jsonb_build_object('possibleDuplicates', d.numbers) end from d)`
    : sql`${JSON.stringify(eventData)}::jsonb`;
  const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const notify = route.unit !== null && plan.opts.notifyUnit !== false;
  const what = plan.category?.name ?? "未分类";
  const steps: SQL[] = [
    sql`num as (select ${chinaDatePrefix(receivedAt)} || lpad((nextval('case_number_seq') % 1000000)::text, 6, '0') as number)`,
  ];
  if (opts.claim) {
    steps.push(sql`k as (${claimStatement(opts.claim, answer.statusCode, response, sql`num`)})`);
  }
  if (duplicates) {
    steps.push(sql`d as (select coalesce(jsonb_agg(dup.number order by dup.created_at), '[]'::jsonb) as numbers,
        coalesce(jsonb_agg(jsonb_build_object('id', dup.id, 'number', dup.number) order by dup.created_at),
          '[]'::jsonb) as list
      from (${duplicates}) dup)`);
  }
  steps.push(sql`c as (insert into cases (id, number, tracking_code_hash, channel, category_code, description,
      address, lon, lat, region_code, region_path, county_code, grid_code, urgent, reporter_user_id,
      reporter_name, reporter_phone, reporter_email, entered_by_user_id, status, handling_level,
      assigned_org_id, lead_org_id, response_due_at, handle_due_at, created_at, updated_at)
    select ${id}::uuid, num.number, ${trackingCode === null ? null : hashTrackingCode(trackingCode)}::text,
      ${input.channel}::text, ${plan.category?.code ?? null}::text, ${input.description}::text,
      ${input.address ?? null}::text, ${input.location?.lon ?? null}::double precision,
      ${input.location?.lat ?? null}::double precision, ${location.regionCode}::text,
      ${location.regionPath}::ltree, ${location.countyCode}::text, ${location.gridCode}::text,
      ${input.urgent ?? false}::boolean, ${reporterUserId}::uuid, ${input.reporter?.name ?? null}::text,
      ${input.reporter?.phone ?? null}::text, ${input.reporter?.email ?? null}::text,
      ${plan.opts.enteredBy?.userId ?? null}::uuid, ${route.status}::text, ${route.handlingLevel}::text,
      ${route.unit?.id ?? null}::uuid, ${route.unit?.id ?? null}::uuid, ${ts(plan.responseDueAt)},
      ${ts(plan.handleDueAt)}, ${ts(receivedAt)}, ${ts(receivedAt)}
    from num ${opts.claim ? sql`where exists (select 1 from k)` : sql``}
    returning id, number)`);
  steps.push(sql`e as (insert into workflow_events (subject_type, subject_id, county_code, action, from_status,
      to_status, actor_user_id, actor_org_id, actor_label, data${plan.opts.now ? sql`, at` : sql``})
    select 'case', c.id, ${location.countyCode}::text, 'intake', null, ${route.status}::text,
      ${actor.userId}::uuid, ${actor.orgId}::uuid, ${actor.label ?? null}::text, ${eventDataSql}
      ${plan.opts.now ? sql`, ${ts(receivedAt)}` : sql``}
    from c returning id)`);
  if (notify && route.unit) {
    const title = route.status === "triage" ? "新诉求待分拨 " : "新诉求待处理 ";
    steps.push(sql`n as (insert into notifications (channel, recipient_org_id, kind, subject_type, subject_id,
        title, body, data, created_at)
      select 'in_app', ${route.unit.id}::uuid, ${route.status === "triage" ? "case_triage" : "case_dispatched"}::text,
        'case', c.id, ${title}::text || c.number, ${`${what}：${input.description.slice(0, 100)}`}::text,
        ${JSON.stringify({ text: input.description.slice(0, 100) })}::jsonb, ${ts(receivedAt)}
      from c)`);
  }
  const result = await db.execute(
    sql`with ${sql.join(steps, sql`, `)} select c.number, (select id from e)::text as event_id,
      ${duplicates ? sql`(select list from d)` : sql`'[]'::jsonb`} as duplicates from c`,
  );
  const row = (
    result as unknown as { rows: { number: string; event_id: string; duplicates: PossibleDuplicate[] }[] }
  ).rows[0];
  if (!row) return null;
  const done: IntakeWritten = {
    ...written,
    case: { ...written.case, number: row.number },
    eventId: Number(row.event_id),
    possibleDuplicates: row.duplicates,
  };
  return { written: done, answer: replaceMark(answer, NUMBER_MARK, row.number) };
}
