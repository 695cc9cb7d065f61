/**
 * The dispute deadlines the scheduler runs (the core's `DeadlineScan`): the warning before the
 * 30 days run out, the overdue mark, the follow-up due at one month after settlement, and the
 * reminder before the 30 days for judicial confirmation of a written agreement run out.
 *
 * Exactly once across processes: each batch selects due disputes `FOR UPDATE SKIP LOCKED`, sets
 * the mark with `… is null` in the same statement's transaction, and writes the mark's event and
 * notifications there too. Marks are events with the state kept (actor "system"); they do not
 * bump the version, so a mediator's next action is never a 409 because the clock ticked.
 */
import { and, asc, inArray, isNotNull, isNull, lte, notExists, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import {
  drainBatches,
  type DeadlineScan,
  type DeadlineScanOptions,
} from "../../core/scheduler/deadline-scan.js";
import { recordEvents } from "../../core/workflow/events.js";
import { enqueueDisputeNotices, noticesFor } from "./run-dispute-action.js";
import { disputes, judicialConfirmations, type DisputeStatus } from "./schema.js";
import { DAY_MS, JUDICIAL_REMINDER_DAYS, WARNING_DAYS } from "./settings.js";
import { DISPUTE_RULES, DISPUTE_WORKFLOW, type DisputeAction } from "./state-table.js";
import type { DisputeRow } from "./store.js";

/** Advisory lock key of this scan (any constant no other module uses). */
export const DISPUTE_SCAN_LOCK_KEY = 582_310_514;

export type DisputeScanCounts = {
  warnings: number;
  overdue: number;
  followUpsDue: number;
  judicialReminders: number;
  skipped: boolean;
};

interface Mark {
  counter: "warnings" | "overdue" | "followUpsDue" | "judicialReminders";
  action: DisputeAction;
  column: AnyPgColumn;
  due: AnyPgColumn;
  /** How long before `due` the mark fires. */
  aheadMs: number;
  set(now: Date): Partial<DisputeRow>;
  /** More conditions (e.g. no application yet). */
  extra?: SQL;
  text(d: DisputeRow): { title: string; body: string };
}

const statesOf = (action: DisputeAction): DisputeStatus[] => {
  const from = DISPUTE_RULES[action].from;
  return from === "none" ? [] : [...from];
};

const day = (at: Date | null) =>
  at === null ? "—" : new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const MARKS: Mark[] = [
  {
    counter: "warnings",
    action: "deadline_warning",
    column: disputes.warnedAt,
    due: disputes.dueAt,
    aheadMs: WARNING_DAYS * DAY_MS,
    set: (now) => ({ warnedAt: now }),
    text: (d) => ({ title: `纠纷 ${d.number} 调解期限将到`, body: `请在 ${day(d.dueAt)} 前调解终结。` }),
  },
  {
    counter: "overdue",
    action: "deadline_overdue",
    column: disputes.overdueAt,
    due: disputes.dueAt,
    aheadMs: 0,
    set: (now) => ({ overdueAt: now }),
    text: (d) => ({ title: `纠纷 ${d.number} 已超过调解期限`, body: `调解期限为 ${day(d.dueAt)}。` }),
  },
  {
    counter: "followUpsDue",
    action: "follow_up_due",
    column: disputes.followUpRemindedAt,
    due: disputes.followUpDueAt,
    aheadMs: 0,
    set: (now) => ({ followUpRemindedAt: now }),
    text: (d) => ({ title: `纠纷 ${d.number} 应回访`, body: "调解已满一个月，请回访协议履行情况。" }),
  },
  {
    counter: "judicialReminders",
    action: "judicial_reminder",
    column: disputes.judicialRemindedAt,
    due: disputes.judicialDueAt,
    aheadMs: JUDICIAL_REMINDER_DAYS * DAY_MS,
    set: (now) => ({ judicialRemindedAt: now }),
    extra: notExists(
      sql`(select 1 from ${judicialConfirmations} where ${judicialConfirmations.disputeId} = ${disputes.id})`,
    ),
    text: (d) => ({
      title: `纠纷 ${d.number} 司法确认申请期限将到`,
      body: `如当事人需申请司法确认，请提醒其在 ${day(d.judicialDueAt)} 前向人民法院申请。`,
    }),
  },
];

/** Claims one batch of `mark`; writes events and notices in the same transaction. */
async function claimBatch(tx: Tx, mark: Mark, now: Date, batchSize: number): Promise<DisputeRow[]> {
  const reach = new Date(now.getTime() + mark.aheadMs);
  const picked = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(
      and(
        inArray(disputes.status, statesOf(mark.action)),
        isNull(mark.column),
        isNotNull(mark.due),
        lte(mark.due, reach),
        mark.extra,
      ),
    )
    .orderBy(asc(mark.due))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  if (picked.length === 0) return [];
  const claimed = await tx
    .update(disputes)
    .set(mark.set(now))
    .where(
      and(
        inArray(
          disputes.id,
          picked.map((p) => p.id),
        ),
        isNull(mark.column),
      ),
    )
    .returning();
  await recordEvents(
    tx,
    claimed.map((d) => ({
      subjectType: DISPUTE_WORKFLOW.subjectType,
      subjectId: d.id,
      countyCode: d.countyCode,
      action: mark.action,
      fromStatus: d.status,
      toStatus: d.status,
      actor: { userId: null, orgId: null, label: "system" },
      at: now,
    })),
  );
  for (const d of claimed) {
    await enqueueDisputeNotices(
      tx,
      d,
      await noticesFor(tx, d, { kind: `dispute_${mark.action}`, ...mark.text(d) }),
      now,
    );
  }
  return claimed;
}

export async function runDisputeDeadlineScan(
  db: Db,
  options: DeadlineScanOptions = {},
): Promise<DisputeScanCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const counts: DisputeScanCounts = {
    warnings: 0,
    overdue: 0,
    followUpsDue: 0,
    judicialReminders: 0,
    skipped: false,
  };
  for (const mark of MARKS) {
    const done = await drainBatches(
      db,
      { batchSize, exclusive: options.exclusive ?? false, lockKey: DISPUTE_SCAN_LOCK_KEY },
      async (tx) => {
        const claimed = await claimBatch(tx, mark, now, batchSize);
        counts[mark.counter] += claimed.length;
        return claimed.length;
      },
    );
    if (!done) return { ...counts, skipped: true };
  }
  return counts;
}

export const DISPUTE_DEADLINE_SCAN: DeadlineScan = { name: "dispute", run: runDisputeDeadlineScan };
