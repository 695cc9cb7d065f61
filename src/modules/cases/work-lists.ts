/**
 * Work lists: a unit's open cases by nearest deadline, and the supervisors' boards (overdue and
 * warning cases, extension requests waiting). The deadline that matters is the response
 * deadline until someone contacted the resident, then the handling deadline; a replied case
 * waits for its evaluation and has none.
 */
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  caseEvents,
  caseExtensions,
  cases,
  caseWhistles,
  categories,
  organisations,
  regions,
  type CaseStatus,
} from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { actorWith, requireActor, requirePermission } from "../../core/access/policy.js";
import { readSchedulerSettings } from "../../core/scheduler/scheduler-settings.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { casesVisibleThrough } from "./policy.js";
import { offeredActions } from "./offered-actions.js";
import { OPEN_STATUSES, type CaseAction } from "./state-table.js";

export type DeadlineState = "ok" | "warning" | "overdue";

/** The states in which a deadline runs. */
const RUNNING: CaseStatus[] = ["triage", "dispatched", "handling"];

const running = sql`${cases.status} in ('triage', 'dispatched', 'handling')`;
const beforeResponse = sql`${cases.respondedAt} is null and ${cases.responseDueAt} is not null`;

/** The running deadline of a case (null when none runs). */
export const activeDue = sql<Date | null>`case when ${running} then
  case when ${beforeResponse} then ${cases.responseDueAt} else ${cases.handleDueAt} end end`.mapWith(
  cases.handleDueAt,
);
/** The scheduler's warning mark of that deadline. */
export const activeWarned = sql<Date | null>`case when ${beforeResponse} then ${cases.responseWarnedAt}
  else ${cases.handleWarnedAt} end`.mapWith(cases.handleWarnedAt);
const activeKind = sql<"response" | "handle" | null>`case when ${running} then
  case when ${beforeResponse} then 'response' when ${cases.handleDueAt} is not null then 'handle' end end`;

/**
 * Overdue past the deadline; warning once the scheduler's share of the window (intake →
 * deadline, settings `deadline_warning_fraction`) has passed or the scheduler marked it; else ok.
 */
export function deadlineState(
  dueAt: Date | null,
  createdAt: Date,
  warnedAt: Date | null,
  now: Date,
  warningFraction: number,
): DeadlineState {
  if (dueAt === null) return "ok";
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  const window = dueAt.getTime() - createdAt.getTime();
  if (warnedAt !== null || left <= window * (1 - warningFraction)) return "warning";
  return "ok";
}

/** The same test as `deadlineState() !== "ok"`, in SQL for the board's `where`. */
function needsAttention(warningFraction: number): SQL {
  return sql`${activeDue} is not null and (${activeDue} < now()
    or ${activeDue} - now() <= (${activeDue} - ${cases.createdAt}) * ${1 - warningFraction}::float8
    or ${activeWarned} is not null)`;
}

const ITEM_COLUMNS = {
  id: cases.id,
  number: cases.number,
  status: cases.status,
  version: cases.version,
  categoryCode: cases.categoryCode,
  categoryName: categories.name,
  categoryNameEn: categories.nameEn,
  description: cases.description,
  address: cases.address,
  regionCode: cases.regionCode,
  regionName: regions.name,
  urgent: cases.urgent,
  assignedOrgId: cases.assignedOrgId,
  assignedOrgName: organisations.name,
  handlingLevel: cases.handlingLevel,
  reopenCount: cases.reopenCount,
  createdAt: cases.createdAt,
  regionPath: cases.regionPath,
  leadOrgId: cases.leadOrgId,
  dueAt: activeDue,
  deadlineKind: activeKind,
  warnedAt: activeWarned,
  respondedAt: cases.respondedAt,
  assignedOrgPath: sql<string | null>`${organisations.regionPath}::text`,
  /** Who wrote the reply now standing (nobody verifies their own). */
  repliedBy: sql<string | null>`(select e.actor_user_id from ${caseEvents} e
    where e.case_id = ${cases.id} and e.action = 'reply' order by e.id desc limit 1)`,
};

/** A case in a list, with where its deadline stands and what the caller may do on it. No personal data. */
export interface WorkListItem extends Omit<
  ItemRow,
  | "warnedAt"
  | "createdAt"
  | "dueAt"
  | "deadlineKind"
  | "regionPath"
  | "leadOrgId"
  | "respondedAt"
  | "repliedBy"
  | "assignedOrgPath"
> {
  createdAt: string;
  dueAt: string | null;
  deadlineKind: "response" | "handle" | null;
  deadlineState: DeadlineState;
  /** Minutes to the deadline, negative once overdue; null without a running deadline. */
  remainingMinutes: number | null;
  /**
   * The state table's actions open to the caller on this case now, as on the case page: a phone
   * that knows the case only from its list (offline) shows these and no others.
   */
  allowedActions: CaseAction[];
}

interface Presenting {
  actor: Actor;
  now: Date;
  warningFraction: number;
  /** The whistles on each listed case (a department's binding holds on those; report is theirs). */
  whistles: Map<string, { unitId: string; reportedAt: Date | null }[]>;
  /** The units the actor handles cases for. */
  handleUnitIds: string[];
}

function present(row: ItemRow, p: Presenting): WorkListItem {
  const {
    warnedAt,
    createdAt,
    dueAt,
    deadlineKind,
    regionPath,
    leadOrgId,
    respondedAt,
    repliedBy,
    assignedOrgPath,
    ...rest
  } = row;
  const facts = {
    handleUnitIds: p.handleUnitIds,
    whistles: p.whistles.get(row.id) ?? [],
    timeline: repliedBy === null ? [] : [{ action: "reply", actorId: repliedBy, unitId: null }],
    assignedUnitPath: assignedOrgPath,
  };
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    dueAt: dueAt === null ? null : dueAt.toISOString(),
    deadlineKind,
    deadlineState: deadlineState(dueAt, createdAt, warnedAt, p.now, p.warningFraction),
    remainingMinutes: dueAt === null ? null : Math.floor((dueAt.getTime() - p.now.getTime()) / 60_000),
    allowedActions: offeredActions(
      p.actor,
      { status: row.status, regionPath, assignedOrgId: row.assignedOrgId, leadOrgId, respondedAt },
      facts,
    ),
  };
}

/** Everything `present` needs besides the rows: one query for the whistles of the listed cases. */
async function presenting(db: Db, actor: Actor, rows: ItemRow[]): Promise<Presenting> {
  const { warningFraction } = await readSchedulerSettings(db);
  const whistles = new Map<string, { unitId: string; reportedAt: Date | null }[]>();
  if (rows.length > 0) {
    const found = await db
      .select({
        caseId: caseWhistles.caseId,
        unitId: caseWhistles.orgId,
        reportedAt: caseWhistles.reportedAt,
      })
      .from(caseWhistles)
      .where(
        inArray(
          caseWhistles.caseId,
          rows.map((r) => r.id),
        ),
      );
    for (const { caseId, ...w } of found) whistles.set(caseId, [...(whistles.get(caseId) ?? []), w]);
  }
  const handleUnitIds = (await actorUnits(db, actor, "cases.handle")).map((u) => u.id);
  return { actor, now: new Date(), warningFraction, whistles, handleUnitIds };
}

function listQuery(db: Db, where: SQL | undefined, limit: number, offset: number) {
  return db
    .select(ITEM_COLUMNS)
    .from(cases)
    .leftJoin(organisations, eq(organisations.id, cases.assignedOrgId))
    .leftJoin(categories, eq(categories.code, cases.categoryCode))
    .innerJoin(regions, eq(regions.code, cases.regionCode))
    .where(where)
    .orderBy(sql`${activeDue} asc nulls last`, asc(cases.createdAt))
    .limit(limit)
    .offset(offset);
}

type ItemRow = Awaited<ReturnType<typeof listQuery>>[number];

export interface Page {
  limit: number;
  offset: number;
}

/**
 * The open states of a handling list. A case in triage is in its centre's dispatch queue
 * (GET /cases?queue=mine), not in anyone's handling list: it waits to be routed, not worked.
 */
const HANDLED_STATUSES: CaseStatus[] = OPEN_STATUSES.filter((s) => s !== "triage");

/** The running deadline of a case being worked (as the work list reads it). */
export const runningDue = sql`(case when ${cases.respondedAt} is null then ${cases.responseDueAt} else ${cases.handleDueAt} end)`;

/** The next midnight in China (UTC+8, no daylight saving) after `now`. */
export function chinaMidnightAfter(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  const next = Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate() + 1);
  return new Date(next - 8 * 3_600_000);
}

/** The work list's views that the home page's counts open (./today.ts counts the same). */
export type WorkListView = "dueToday" | "overdue" | "awaitingEvaluation";

function viewOf(view: WorkListView, unitIds: SQL, now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const assigned = sql`${cases.assignedOrgId} in (${unitIds})`;
  if (view === "awaitingEvaluation") return sql`${cases.status} = 'replied' and ${assigned}`;
  const worked = sql`${cases.status} in ('dispatched', 'handling') and ${assigned}`;
  if (view === "overdue") return sql`${worked} and ${runningDue} < ${at}`;
  return sql`${worked} and ${runningDue} >= ${at}
    and ${runningDue} < ${chinaMidnightAfter(now).toISOString()}::timestamptz`;
}

/**
 * The actor's work list: the open cases (past triage) held by their units, and the cases their departments
 * were whistled in on and have not reported to yet, nearest deadline first.
 */
export async function findWorkList(
  db: Db,
  actor: Actor | null,
  page: Page,
  view?: WorkListView,
): Promise<WorkListItem[]> {
  const worker = actorWith(actor, "cases.unit_work");
  const units = await actorUnits(db, worker);
  if (units.length === 0) return [];
  const unitIds = sql.join(
    units.map((u) => sql`${u.id}::uuid`),
    sql`, `,
  );
  // The unit's own cases or the ones it was whistled in on: each part is an index look-up
  // (cases_assigned_status_idx; the whistled cases' ids, read first from case_whistles_open_org_idx,
  // on cases_pkey), the two bitmaps or-ed, each case read once. An OR with EXISTS would walk every
  // open case of the city; a set of ids (`id in (… union …)`) read each case twice.
  const mine = sql`((${cases.assignedOrgId} in (${unitIds}) and ${cases.status} in (${sql.join(
    HANDLED_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )})) or ${cases.id} = any(array(
    select w.case_id from ${caseWhistles} w where w.reported_at is null and w.org_id in (${unitIds}))))`;
  const rows = await listQuery(
    db,
    and(inArray(cases.status, HANDLED_STATUSES), mine, view ? viewOf(view, unitIds, new Date()) : undefined),
    page.limit,
    page.offset,
  );
  const p = await presenting(db, worker, rows);
  return rows.map((r) => present(r, p));
}

/** Filters of the supervision board (all optional). */
export interface BoardFilters {
  /** Region code: the cases located in its subtree (a county, a township…). */
  region?: string | undefined;
  assignedOrg?: string | undefined;
  category?: string | undefined;
  state?: "warning" | "overdue" | undefined;
}

/** The supervisors' board: open cases in scope whose running deadline has passed or is close. */
export async function findOverdueBoard(
  db: Db,
  actor: Actor | null,
  page: Page,
  filters: BoardFilters = {},
): Promise<WorkListItem[]> {
  const bindings = requirePermission(actor, "cases.supervise");
  const { warningFraction } = await readSchedulerSettings(db);
  const where: (SQL | undefined)[] = [
    inArray(cases.status, RUNNING),
    casesVisibleThrough(bindings),
    needsAttention(warningFraction),
  ];
  if (filters.region) {
    where.push(sql`${cases.regionPath} <@ (select r.path from regions r where r.code = ${filters.region})`);
  }
  if (filters.assignedOrg) where.push(eq(cases.assignedOrgId, filters.assignedOrg));
  if (filters.category) where.push(eq(cases.categoryCode, filters.category));
  if (filters.state === "overdue") where.push(sql`${activeDue} < now()`);
  if (filters.state === "warning") where.push(sql`${activeDue} >= now()`);
  const rows = await listQuery(db, and(...where), page.limit, page.offset);
  const p = await presenting(db, requireActor(actor), rows);
  return rows.map((r) => present(r, p));
}

/** An extension request waiting for a decision. */
export interface PendingExtension {
  id: string;
  caseId: string;
  caseNumber: string;
  caseVersion: number;
  requestedOrgId: string | null;
  requestedOrgName: string | null;
  extraHours: number;
  reason: string;
  handleDueAt: string | null;
  createdAt: string;
}

/** Extension requests waiting for a decision on cases in the supervisor's scope, oldest first. */
export async function findPendingExtensions(
  db: Db,
  actor: Actor | null,
  page: Page,
): Promise<PendingExtension[]> {
  const bindings = requirePermission(actor, "cases.supervise");
  const rows = await db
    .select({
      id: caseExtensions.id,
      caseId: cases.id,
      caseNumber: cases.number,
      caseVersion: cases.version,
      requestedOrgId: caseExtensions.requestedOrgId,
      requestedOrgName: organisations.name,
      extraHours: caseExtensions.extraHours,
      reason: caseExtensions.reason,
      handleDueAt: cases.handleDueAt,
      createdAt: caseExtensions.createdAt,
    })
    .from(caseExtensions)
    .innerJoin(cases, eq(cases.id, caseExtensions.caseId))
    .leftJoin(organisations, eq(organisations.id, caseExtensions.requestedOrgId))
    .where(and(isNull(caseExtensions.decision), casesVisibleThrough(bindings)))
    .orderBy(asc(caseExtensions.createdAt))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((r) => ({
    ...r,
    handleDueAt: r.handleDueAt === null ? null : r.handleDueAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }));
}
