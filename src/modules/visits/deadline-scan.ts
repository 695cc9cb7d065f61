/**
 * The visits' scan (the core's `DeadlineScan`, run by the scheduler on every tick): plans the
 * visits the population types call for, drops the plans of tags that ended, and marks each
 * planned visit that passed its deadline overdue — once, with its event and a notice to the grid
 * post (or village committee) of the visit's place, in the claiming transaction.
 *
 * Exactly once across processes: due visits are selected `FOR UPDATE SKIP LOCKED` and claimed
 * with `overdue_at is null`; a mark does not bump the version (the grid worker's record is never
 * a 409 because the clock ticked). Planning relies on the unique index of one planned visit per tag.
 */
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { enqueueNotifications } from "../../core/notifications/enqueue-notifications.js";
import {
  drainBatches,
  type DeadlineScan,
  type DeadlineScanOptions,
} from "../../core/scheduler/deadline-scan.js";
import { recordEvents } from "../../core/workflow/events.js";
import { placeKey, unitsOfPlaces } from "../organisations/index.js";
import { dropEndedPlans, planVisits } from "./plan-visits.js";
import { visits } from "./schema.js";
import { VISIT_WORKFLOW } from "./state-table.js";
import type { VisitRow } from "./store.js";

/** Advisory lock key of this scan (a constant no other module uses). */
export const VISIT_SCAN_LOCK_KEY = 582_310_733;

export type VisitScanCounts = { planned: number; dropped: number; overdue: number; skipped: boolean };

const day = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function markOverdue(tx: Tx, now: Date, batchSize: number): Promise<VisitRow[]> {
  const picked = await tx
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.status, "planned"), isNull(visits.overdueAt), lte(visits.dueAt, now)))
    .orderBy(asc(visits.dueAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  if (picked.length === 0) return [];
  const claimed = await tx
    .update(visits)
    .set({ overdueAt: now })
    .where(
      and(
        inArray(
          visits.id,
          picked.map((p) => p.id),
        ),
        isNull(visits.overdueAt),
      ),
    )
    .returning();
  await recordEvents(
    tx,
    claimed.map((v) => ({
      subjectType: VISIT_WORKFLOW.subjectType,
      subjectId: v.id,
      countyCode: v.countyCode,
      action: "overdue",
      fromStatus: v.status,
      toStatus: v.status,
      actor: { userId: null, orgId: null, label: "system" },
      at: now,
    })),
  );
  // The unit of the visit's place: its grid post, or the village committee when not in a grid.
  const unitOf = await unitsOfPlaces(tx, claimed);
  await enqueueNotifications(
    tx,
    claimed.flatMap((v) => {
      const unit = unitOf.get(placeKey(v));
      return unit
        ? [
            {
              channel: "in_app" as const,
              recipientOrgId: unit,
              kind: "visit_overdue",
              title: "走访已超期",
              body: `应于 ${day(v.dueAt)} 前完成的走访尚未登记，请尽快走访。`,
              data: { due: v.dueAt.toISOString() },
              subjectType: VISIT_WORKFLOW.subjectType,
              subjectId: v.id,
            },
          ]
        : [];
    }),
    { now },
  );
  return claimed;
}

export async function runVisitScan(db: Db, options: DeadlineScanOptions = {}): Promise<VisitScanCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const counts: VisitScanCounts = { planned: 0, dropped: 0, overdue: 0, skipped: false };
  const drain = (batch: (tx: Tx) => Promise<number>) =>
    drainBatches(
      db,
      { batchSize, exclusive: options.exclusive ?? false, lockKey: VISIT_SCAN_LOCK_KEY },
      batch,
    );
  const steps: ((tx: Tx) => Promise<number>)[] = [
    async (tx) => {
      counts.dropped += await dropEndedPlans(tx);
      return 0;
    },
    async (tx) => {
      const n = await planVisits(tx, now, { limit: batchSize });
      counts.planned += n;
      return n;
    },
    async (tx) => {
      const n = (await markOverdue(tx, now, batchSize)).length;
      counts.overdue += n;
      return n;
    },
  ];
  for (const step of steps) {
    if (!(await drain(step))) return { ...counts, skipped: true };
  }
  return counts;
}

export const VISIT_DEADLINE_SCAN: DeadlineScan = { name: "visit", run: runVisitScan };
