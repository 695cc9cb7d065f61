/**
 * The screening scan (the core's `DeadlineScan`, run by the scheduler on every tick): plans this
 * month's screening task for every village with a village committee, and marks each task whose
 * month ended unrecorded overdue, with its event and a notice to the village committee and the
 * township centre over it.
 *
 * Exactly once across processes: planning inserts `on conflict do nothing` against the unique
 * (village, month) index and writes the plan event only for the rows it inserted; overdue tasks
 * are selected `FOR UPDATE SKIP LOCKED` and claimed with `overdue_at is null` in the transaction
 * that writes their events. A mark does not bump the version.
 */
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import {
  enqueueNotifications,
  type NotificationInput,
} from "../../core/notifications/enqueue-notifications.js";
import {
  drainBatches,
  type DeadlineScan,
  type DeadlineScanOptions,
} from "../../core/scheduler/deadline-scan.js";
import { recordEvents } from "../../core/workflow/events.js";
import { townshipCentreOver } from "./committees.js";
import { screeningTasks } from "./schema.js";
import { SCREENING_WORKFLOW, monthEnd, monthOf, type ScreeningRow } from "./screening-workflow.js";

/** Advisory lock key of this scan (a constant no other module uses). */
export const SCREENING_SCAN_LOCK_KEY = 582_310_877;

const SYSTEM = { userId: null, orgId: null, label: "system" } as const;

export type ScreeningScanCounts = { planned: number; overdue: number; skipped: boolean };

/**
 * Plans `month`'s task of up to `limit` villages that have a village committee and no task for
 * the month yet; answers how many were planned. Safe to repeat and to run in two processes.
 */
export async function planScreeningTasks(
  tx: Tx,
  month: string,
  now: Date,
  limit = 1_000_000,
): Promise<number> {
  const due = monthEnd(month);
  const result: unknown = await tx.execute(sql`
    insert into screening_tasks (month, region_code, region_path, county_code, committee_id, due_at, created_at, updated_at)
    select ${month}, c.region_code, c.region_path, c.county_code, c.id, ${due}, ${now}, ${now}
    from mediation_committees c
    where c.level = 'village' and c.kind = 'general'
      and not exists (select 1 from screening_tasks s where s.region_code = c.region_code and s.month = ${month})
    order by c.region_code
    limit ${limit}
    on conflict do nothing
    returning id, county_code`);
  const rows = (result as { rows: { id: string; county_code: string | null }[] }).rows;
  await recordEvents(
    tx,
    rows.map((r) => ({
      subjectType: SCREENING_WORKFLOW.subjectType,
      subjectId: r.id,
      countyCode: r.county_code,
      action: "plan",
      fromStatus: null,
      toStatus: "pending",
      actor: SYSTEM,
      at: now,
      data: { month },
    })),
  );
  return rows.length;
}

/** The notices of tasks whose month ended unrecorded: the village committee and the township centre. */
async function overdueNotices(tx: Tx, tasks: ScreeningRow[]): Promise<NotificationInput[]> {
  if (tasks.length === 0) return [];
  const villages = await tx
    .select({ id: organisations.id, regionCode: organisations.regionCode })
    .from(organisations)
    .where(
      and(
        inArray(organisations.regionCode, [...new Set(tasks.map((t) => t.regionCode))]),
        eq(organisations.kind, "village_committee"),
      ),
    );
  const unitOf = new Map(villages.map((u) => [u.regionCode, u.id]));
  const rows: NotificationInput[] = [];
  for (const task of tasks) {
    const text = {
      subjectType: SCREENING_WORKFLOW.subjectType,
      subjectId: task.id,
      channel: "in_app" as const,
      kind: "screening_overdue",
      title: `${task.month} 矛盾纠纷排查未登记`,
      body: `${task.month} 的矛盾纠纷排查到月底仍未登记结果，已记为逾期。`,
    };
    const village = unitOf.get(task.regionCode);
    if (village) rows.push({ ...text, recipientOrgId: village });
    const centre = await townshipCentreOver(tx, task.regionPath);
    if (centre) rows.push({ ...text, recipientOrgId: centre });
  }
  return rows;
}

async function markOverdue(tx: Tx, now: Date, batchSize: number): Promise<number> {
  const picked = await tx
    .select({ id: screeningTasks.id })
    .from(screeningTasks)
    .where(
      and(
        eq(screeningTasks.status, "pending"),
        isNull(screeningTasks.overdueAt),
        lte(screeningTasks.dueAt, now),
      ),
    )
    .orderBy(asc(screeningTasks.dueAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  if (picked.length === 0) return 0;
  const claimed = await tx
    .update(screeningTasks)
    .set({ overdueAt: now })
    .where(
      and(
        inArray(
          screeningTasks.id,
          picked.map((p) => p.id),
        ),
        isNull(screeningTasks.overdueAt),
      ),
    )
    .returning();
  await recordEvents(
    tx,
    claimed.map((t) => ({
      subjectType: SCREENING_WORKFLOW.subjectType,
      subjectId: t.id,
      countyCode: t.countyCode,
      action: "overdue",
      fromStatus: t.status,
      toStatus: t.status,
      actor: SYSTEM,
      at: now,
    })),
  );
  await enqueueNotifications(tx, await overdueNotices(tx, claimed), { now });
  return claimed.length;
}

export async function runScreeningScan(
  db: Db,
  options: DeadlineScanOptions = {},
): Promise<ScreeningScanCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const month = monthOf(now);
  const counts: ScreeningScanCounts = { planned: 0, overdue: 0, skipped: false };
  const steps: ((tx: Tx) => Promise<number>)[] = [
    async (tx) => {
      const n = await planScreeningTasks(tx, month, now, batchSize);
      counts.planned += n;
      return n;
    },
    async (tx) => {
      const n = await markOverdue(tx, now, batchSize);
      counts.overdue += n;
      return n;
    },
  ];
  for (const step of steps) {
    const done = await drainBatches(
      db,
      { batchSize, exclusive: options.exclusive ?? false, lockKey: SCREENING_SCAN_LOCK_KEY },
      step,
    );
    if (!done) return { ...counts, skipped: true };
  }
  return counts;
}

export const SCREENING_SCAN: DeadlineScan = { name: "screening_task", run: runScreeningScan };
