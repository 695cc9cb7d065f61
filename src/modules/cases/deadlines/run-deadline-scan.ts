import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../../db/client.js";
import {
  drainBatches,
  type DeadlineScan,
  type DeadlineScanOptions,
} from "../../../core/scheduler/deadline-scan.js";
import {
  cases,
  caseWhistles,
  organisations,
  type CaseStatus,
  type NotificationData,
} from "../../../db/schema.js";
import { recordEvents, type EventInput } from "../../../core/workflow/events.js";
import { levelOfUnit } from "../../../core/units/units.js";
import { OPEN_STATUSES, STATE_TABLE } from "../state-table.js";
import { transition, type CaseActor } from "../transition.js";
import {
  enqueueNotifications,
  type NotificationInput,
} from "../../../core/notifications/enqueue-notifications.js";
import { escalationTargetOf, findCaseUnits } from "./case-units.js";
import { readSchedulerSettings, type SchedulerSettings } from "../../../core/scheduler/scheduler-settings.js";

export type { DeadlineScanOptions };

/** A type, not an interface, so it is a `DeadlineScanCounts` of the core (an index-signature type). */
export type DeadlineScanCounts = {
  responseWarnings: number;
  responseOverdue: number;
  handleWarnings: number;
  handleOverdue: number;
  escalations: number;
  whistlesOverdue: number;
  notifications: number;
  /** True when `exclusive` found another scan at work and stopped early. */
  skipped: boolean;
};

/** All counts zero: the start of a scan, or of a sum over scans. */
export function emptyScanCounts(): DeadlineScanCounts {
  return {
    responseWarnings: 0,
    responseOverdue: 0,
    handleWarnings: 0,
    handleOverdue: 0,
    escalations: 0,
    whistlesOverdue: 0,
    notifications: 0,
    skipped: false,
  };
}

/** The scheduler as a case actor: no user, no unit. */
export const SYSTEM_ACTOR: CaseActor = { userId: null, orgId: null, label: "system" };

/** Advisory lock key of the deadline scan (any constant no other module uses). */
export const DEADLINE_SCAN_LOCK_KEY = 582_310_447;

type MarkCounter = "responseWarnings" | "responseOverdue" | "handleWarnings" | "handleOverdue";

/** One of the four once-only marks: which column records it, which deadline, when it applies. */
interface MarkSpec {
  counter: MarkCounter;
  deadline: "response" | "handle";
  kind: "warning" | "overdue";
  mark: AnyPgColumn;
  due: AnyPgColumn;
  /** The deadline stops applying once this is set. */
  done: AnyPgColumn;
  statuses: CaseStatus[];
  set(now: Date): Partial<typeof cases.$inferInsert>;
}

/** Response: contact the resident. Applies until the first respond (respondedAt). */
const RESPONSE_STATUSES: CaseStatus[] = ["triage", "dispatched", "handling"];
/** Handle: reply with a result. Applies until the reply (repliedAt), including under supervisor review. */
const HANDLE_STATUSES: CaseStatus[] = ["triage", "dispatched", "handling", "supervisor_review"];

/** Automatic escalation takes cases a unit is working on (the states `escalate` starts from). */
const ESCALATING_STATUSES: CaseStatus[] =
  STATE_TABLE.escalate.from === "none" ? [] : [...STATE_TABLE.escalate.from];

const MARKS: MarkSpec[] = [
  {
    counter: "responseWarnings",
    deadline: "response",
    kind: "warning",
    mark: cases.responseWarnedAt,
    due: cases.responseDueAt,
    done: cases.respondedAt,
    statuses: RESPONSE_STATUSES,
    set: (now) => ({ responseWarnedAt: now }),
  },
  {
    counter: "responseOverdue",
    deadline: "response",
    kind: "overdue",
    mark: cases.responseOverdueAt,
    due: cases.responseDueAt,
    done: cases.respondedAt,
    statuses: RESPONSE_STATUSES,
    set: (now) => ({ responseOverdueAt: now }),
  },
  {
    counter: "handleWarnings",
    deadline: "handle",
    kind: "warning",
    mark: cases.handleWarnedAt,
    due: cases.handleDueAt,
    done: cases.repliedAt,
    statuses: HANDLE_STATUSES,
    set: (now) => ({ handleWarnedAt: now }),
  },
  {
    counter: "handleOverdue",
    deadline: "handle",
    kind: "overdue",
    mark: cases.handleOverdueAt,
    due: cases.handleDueAt,
    done: cases.repliedAt,
    statuses: HANDLE_STATUSES,
    set: (now) => ({ handleOverdueAt: now }),
  },
];

const shanghaiTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** A notification's text per mark; the platform's default language is zh-CN. */
function markText(
  spec: MarkSpec,
  number: string,
  due: Date,
): { title: string; body: string; data: NotificationData } {
  const at = shanghaiTime.format(due);
  const data = { deadline: spec.deadline, due: due.toISOString() };
  if (spec.deadline === "response") {
    return spec.kind === "warning"
      ? { title: `案件 ${number} 响应时限将到`, body: `请在 ${at} 前联系群众。`, data }
      : { title: `案件 ${number} 已超过响应时限`, body: `响应时限为 ${at}，尚未联系群众。`, data };
  }
  return spec.kind === "warning"
    ? { title: `案件 ${number} 办理时限将到`, body: `请在 ${at} 前办结并答复。`, data }
    : { title: `案件 ${number} 已超过办理时限`, body: `办理时限为 ${at}，尚未答复。`, data };
}

/**
 * One scheduler tick over the deadlines: marks response and handle warnings and overdue cases,
 * escalates cases still not replied to `auto_escalate_after_hours` after the handle deadline,
 * and marks whistled units that did not report in time.
 *
 * Exactly once, with any number of concurrent scans and processes: a batch locks the cases that
 * have anything due with `SELECT … FOR UPDATE SKIP LOCKED LIMIT n`, then sets each due mark with
 * `UPDATE … SET mark = now WHERE id IN (…) AND mark IS NULL`, and writes the case events and
 * notifications in that same transaction — a mark never exists without its event, nor twice.
 * All of a case's marks are taken in one claim, so a concurrent scan that skips a locked case
 * leaves nothing behind: the holder does all of it (in order: warning before overdue, then the
 * escalation). Only a case a handler holds locked at that instant waits for the next tick.
 *
 * Deadline events are written directly with the shape `transition()` gives them (status to
 * itself, actor "system") rather than through it: they change nothing a handler decides on, so
 * they do not bump the case's version and never turn a handler's next action into a 409.
 * A case first seen already past due gets its warning and its overdue mark in the same scan.
 */
export async function runDeadlineScan(
  db: Db,
  options: DeadlineScanOptions = {},
): Promise<DeadlineScanCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const exclusive = options.exclusive ?? false;
  const counts = emptyScanCounts();
  const policy = await readSchedulerSettings(db);

  /** Runs `batch` in transactions until a batch comes back short; false when the lock was taken. */
  const drain = (batch: (tx: Tx) => Promise<number>): Promise<boolean> =>
    drainBatches(db, { batchSize, exclusive, lockKey: DEADLINE_SCAN_LOCK_KEY }, batch);

  const input = { now, batchSize, policy };
  if (!(await drain((tx) => claimCaseDeadlines(tx, input, counts)))) return { ...counts, skipped: true };
  if (!(await drain((tx) => markOverdueWhistles(tx, input, counts)))) return { ...counts, skipped: true };
  return counts;
}

interface BatchInput {
  now: Date;
  batchSize: number;
  policy: SchedulerSettings;
}

/** SQL: this mark is due now — it applies, is unset, and its moment has come. */
function markDue(spec: MarkSpec, now: Date, policy: SchedulerSettings): SQL<boolean> {
  const at = sql`${now.toISOString()}::timestamptz`;
  // A warning comes `fraction` of the way from intake to the deadline; overdue at the deadline.
  const reached =
    spec.kind === "overdue"
      ? sql`${spec.due} <= ${at}`
      : sql`${cases.createdAt} + (${spec.due} - ${cases.createdAt}) * ${policy.warningFraction}::float8 <= ${at}`;
  return sql<boolean>`coalesce(${and(
    inArray(cases.status, spec.statuses),
    isNull(spec.done),
    isNull(spec.mark),
    isNotNull(spec.due),
    reached,
  )}, false)`;
}

/**
 * Claims one batch of cases with anything due, sets their due marks, writes the events and
 * notifications, and escalates those past the grace. Returns the number of cases claimed.
 */
async function claimCaseDeadlines(tx: Tx, input: BatchInput, counts: DeadlineScanCounts): Promise<number> {
  const { now, batchSize, policy } = input;
  const unit = alias(organisations, "unit");
  const at = sql`${now.toISOString()}::timestamptz`;
  const due = MARKS.map((spec) => markDue(spec, now, policy));
  // Automatic escalation applies to cases being handled, past the grace, whose unit has a level
  // above it (grid → village committee → township centre → county centre).
  const escalate = sql<boolean>`coalesce(${and(
    inArray(cases.status, ESCALATING_STATUSES),
    isNull(cases.repliedAt),
    isNull(cases.autoEscalatedAt),
    sql`${cases.handleDueAt} + ${policy.autoEscalateAfterHours}::float8 * interval '1 hour' <= ${at}`,
    isNotNull(escalationTargetOf(unit)),
  )}, false)`;
  const picked = await tx
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      countyCode: cases.countyCode,
      responseDueAt: cases.responseDueAt,
      handleDueAt: cases.handleDueAt,
      assignedOrgId: cases.assignedOrgId,
      // Evaluated on the row as locked, so a change committed meanwhile is seen.
      due: sql<boolean[]>`array[${sql.join(due, sql`, `)}]`,
      escalate,
      escalateTo: escalationTargetOf(unit),
    })
    .from(cases)
    .leftJoin(unit, eq(unit.id, cases.assignedOrgId))
    .where(or(...due, escalate))
    .orderBy(sql`least(${cases.responseDueAt}, ${cases.handleDueAt})`)
    .limit(batchSize)
    .for("update", { of: cases, skipLocked: true });
  if (picked.length === 0) return 0;

  const events: EventInput[] = [];
  const rows: NotificationInput[] = [];
  const units = await findCaseUnits(
    tx,
    picked.map((c) => c.id),
  );
  // The claims proper: a mark is this scan's only if its `… is null` update took it here. (The
  // rows are locked, so this is what `due` said; it keeps exactly-once independent of that.)
  const marked = new Set<string>();
  for (const [i, spec] of MARKS.entries()) {
    const ids = picked.filter((c) => c.due[i] === true).map((c) => c.id);
    if (ids.length === 0) continue;
    const set = await tx
      .update(cases)
      .set(spec.set(now))
      .where(and(inArray(cases.id, ids), isNull(spec.mark)))
      .returning({ id: cases.id });
    counts[spec.counter] += set.length;
    for (const row of set) marked.add(`${i}:${row.id}`);
  }
  // Events and notifications case by case, in the order the marks come due.
  for (const c of picked) {
    const u = units.get(c.id);
    for (const [i, spec] of MARKS.entries()) {
      if (!marked.has(`${i}:${c.id}`)) continue;
      const action = spec.kind === "warning" ? "deadline_warning" : "deadline_overdue";
      const dueAt = (spec.deadline === "response" ? c.responseDueAt : c.handleDueAt) ?? now;
      events.push({
        subjectType: "case",
        subjectId: c.id,
        countyCode: c.countyCode,
        action,
        fromStatus: c.status,
        toStatus: c.status,
        actor: SYSTEM_ACTOR,
        data: { deadline: spec.deadline, dueAt: dueAt.toISOString() },
        at: now,
      });
      // An overdue case is also the supervising centre's business (督办); a warning is the unit's.
      const recipients = [u?.unitId, spec.kind === "overdue" ? u?.supervisorId : null];
      rows.push(...inAppTo(recipients, { kind: action, caseId: c.id, ...markText(spec, c.number, dueAt) }));
    }
  }
  await recordEvents(tx, events);
  counts.notifications += (await enqueueNotifications(tx, rows, { now })).length;

  const toEscalate = picked.filter((c) => c.escalate).map((c) => c.id);
  const claimedEscalations =
    toEscalate.length === 0
      ? []
      : await tx
          .update(cases)
          .set({ autoEscalatedAt: now })
          .where(
            and(
              inArray(cases.id, toEscalate),
              isNull(cases.autoEscalatedAt),
              inArray(cases.status, ESCALATING_STATUSES),
              isNull(cases.repliedAt),
            ),
          )
          .returning({ id: cases.id });
  const escalating = new Set(claimedEscalations.map((r) => r.id));
  // The level follows the unit, as a manual escalation does.
  const targets = [
    ...new Set(picked.flatMap((c) => (escalating.has(c.id) && c.escalateTo ? [c.escalateTo] : []))),
  ];
  const kindOf = new Map(
    targets.length === 0
      ? []
      : (
          await tx
            .select({ id: organisations.id, kind: organisations.kind })
            .from(organisations)
            .where(inArray(organisations.id, targets))
        ).map((o) => [o.id, o.kind] as const),
  );
  for (const c of picked) {
    if (!escalating.has(c.id) || !c.escalateTo) continue;
    const hours = policy.autoEscalateAfterHours;
    const kind = kindOf.get(c.escalateTo);
    await transition(tx, {
      caseId: c.id,
      action: "escalate",
      actor: SYSTEM_ACTOR,
      set: { assignedOrgId: c.escalateTo, ...(kind ? { handlingLevel: levelOfUnit(kind) } : {}) },
      note: `办理超过时限 ${hours} 小时，自动升级至上一级。`,
      data: { auto: true, fromOrgId: c.assignedOrgId, toOrgId: c.escalateTo, afterHours: hours },
    });
    const written = await enqueueNotifications(
      tx,
      inAppTo([c.escalateTo, c.assignedOrgId], {
        kind: "case_escalated",
        caseId: c.id,
        title: `案件 ${c.number} 已自动升级`,
        body: `办理时限 ${shanghaiTime.format(c.handleDueAt ?? now)} 已过 ${hours} 小时，已升级至上一级处理。`,
        data: { due: (c.handleDueAt ?? now).toISOString(), hours },
      }),
      { now },
    );
    counts.escalations += 1;
    counts.notifications += written.length;
  }
  return picked.length;
}

/** In-app notification rows to each distinct unit in `orgIds`. */
function inAppTo(
  orgIds: (string | null | undefined)[],
  message: { kind: string; caseId: string; title: string; body: string; data: NotificationData },
): NotificationInput[] {
  const { caseId, ...text } = message;
  const distinct = [...new Set(orgIds.filter((id): id is string => typeof id === "string"))];
  return distinct.map((orgId) => ({
    channel: "in_app",
    recipientOrgId: orgId,
    subjectType: "case",
    subjectId: caseId,
    ...text,
  }));
}

/** 吹哨报到: a whistled unit that has not reported by its deadline is marked overdue, once. */
async function markOverdueWhistles(tx: Tx, input: BatchInput, counts: DeadlineScanCounts): Promise<number> {
  const { now, batchSize } = input;
  const openCases = tx
    .select({ id: cases.id })
    .from(cases)
    .where(inArray(cases.status, [...OPEN_STATUSES]));
  const eligible = and(
    isNull(caseWhistles.overdueAt),
    isNull(caseWhistles.reportedAt),
    lte(caseWhistles.reportDueAt, now),
    inArray(caseWhistles.caseId, openCases),
  );
  const pick = tx
    .select({ id: caseWhistles.id })
    .from(caseWhistles)
    .where(eligible)
    .orderBy(asc(caseWhistles.reportDueAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  const claimed = await tx
    .update(caseWhistles)
    .set({ overdueAt: now })
    .where(and(inArray(caseWhistles.id, pick), eligible))
    .returning({
      caseId: caseWhistles.caseId,
      orgId: caseWhistles.orgId,
      reportDueAt: caseWhistles.reportDueAt,
    });
  if (claimed.length === 0) return 0;
  const caseRows = await tx
    .select({ id: cases.id, number: cases.number, assignedOrgId: cases.assignedOrgId })
    .from(cases)
    .where(
      inArray(
        cases.id,
        claimed.map((w) => w.caseId),
      ),
    );
  const byId = new Map(caseRows.map((c) => [c.id, c]));
  const rows = claimed.flatMap((w) => {
    const c = byId.get(w.caseId);
    if (!c) return [];
    // The whistled department is told to report; the unit that whistled learns it is late.
    return inAppTo([w.orgId, c.assignedOrgId], {
      kind: "whistle_overdue",
      caseId: c.id,
      title: `案件 ${c.number} 吹哨报到超时`,
      body: `报到时限为 ${shanghaiTime.format(w.reportDueAt)}，被吹哨单位尚未报到。`,
      data: { due: w.reportDueAt.toISOString() },
    });
  });
  counts.whistlesOverdue += claimed.length;
  counts.notifications += (await enqueueNotifications(tx, rows, { now })).length;
  return claimed.length;
}

/** The case workflow's deadline marks, as the scheduler runs them. */
export const CASE_DEADLINE_SCAN: DeadlineScan = {
  name: "case",
  run: (db, options) => runDeadlineScan(db, options),
};
