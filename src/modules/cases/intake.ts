/**
 * Intake, one door (群众说事): every channel — resident on the web or app (anonymous with a
 * tracking code, or signed in), an operator on a resident's behalf (hotline, talk station, talk
 * site, talk box), a grid worker's patrol finding, Open311 — becomes a case here: validated,
 * routed, numbered, given deadlines, with its intake event, photos and the unit's notification,
 * in one transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { cases, categories, notifications, type CaseChannel, type DeadlineKind } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import { claimAttachments } from "../attachments/index.js";
import { getDeadlines } from "../catalogue/index.js";
import { loadWorkingCalendar } from "../catalogue/index.js";
import { allocateCaseNumber } from "./case-number.js";
import {
  decideRoute,
  findPossibleDuplicates,
  loadRoutingUnits,
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

/**
 * The category a case may be filed under: an active leaf of the active tree (an active
 * category's parent is always active, so no walk up is needed). Null otherwise.
 */
async function usableLeaf(db: Db, code: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(
      and(
        eq(categories.code, code),
        eq(categories.active, true),
        sql`not exists (select 1 from categories c where c.parent_code = ${categories.code} and c.active)`,
      ),
    );
  return row ?? null;
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
  const category = categoryCode === null ? null : await usableLeaf(db, categoryCode);
  if (categoryCode !== null && !category) {
    throw new BadRequestError(
      "unknown_category",
      `Category ${categoryCode} does not exist or does not take appeals; pick one from GET /api/v1/categories.`,
      { field: "categoryCode" },
    );
  }
  const location = await resolveLocation(db, { location: fields.location, regionCode: fields.regionCode });
  const units = await loadRoutingUnits(db, location.chain);
  const route = decideRoute(location.chain, category, units);
  const calendar = await loadWorkingCalendar(db);
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
