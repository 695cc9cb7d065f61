/**
 * The deadline marks a workflow registers with the scheduler (warnings, overdue marks, automatic
 * escalation, …): one scan per workflow, run by `startScheduler` on every tick. Exactly once
 * across processes is each scan's own promise — every mark claimed with `… is null` under
 * `FOR UPDATE SKIP LOCKED` in the transaction that writes its event — and `drainBatches` gives
 * it the batching and the advisory lock that keeps two processes from doing the same work at the
 * same moment.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";

export interface DeadlineScanOptions {
  /** The scan's clock (tests move it); marks, events and notifications carry this time. */
  now?: Date;
  /** Rows claimed per transaction. */
  batchSize?: number;
  /**
   * Take a transaction-level advisory lock per batch and give up the scan when another process
   * holds it: saves two processes doing the same work at the same moment. Correctness does not
   * rest on it.
   */
  exclusive?: boolean;
}

/** What a scan did: counts by mark, and whether it gave way to another process. */
export interface DeadlineScanCounts {
  skipped: boolean;
  [mark: string]: number | boolean;
}

/** A workflow's deadline marks, as the scheduler runs them. */
export interface DeadlineScan {
  /** For the log: the workflow's subject type. */
  name: string;
  run(db: Db, options: DeadlineScanOptions): Promise<DeadlineScanCounts>;
}

/** The transaction-level advisory lock `key`, or false when another transaction holds it. */
export async function tryAdvisoryXactLock(tx: Tx, key: number): Promise<boolean> {
  const result: unknown = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}::bigint) as locked`);
  // PGlite and node-postgres both answer { rows: [...] }.
  const rows = typeof result === "object" && result !== null && "rows" in result ? result.rows : undefined;
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return typeof first === "object" && first !== null && "locked" in first && first.locked === true;
}

/**
 * Runs `batch` in transactions until one claims fewer than `batchSize` rows; with `exclusive`,
 * each under the advisory lock `lockKey`. Answers false when the lock was taken (the scan gives
 * way), true when the work is drained.
 */
export async function drainBatches(
  db: Db,
  options: { batchSize: number; exclusive: boolean; lockKey: number },
  batch: (tx: Tx) => Promise<number>,
): Promise<boolean> {
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      if (options.exclusive && !(await tryAdvisoryXactLock(tx, options.lockKey))) return null;
      return batch(tx);
    });
    if (claimed === null) return false;
    if (claimed < options.batchSize) return true;
  }
}
