import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { runRetention, type RetentionCounts, type RetentionOptions } from "./run-retention.js";

/** Retention runs once an hour: every span it applies is a day or longer. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;
/** The `settings` row that says when retention last started, and what its last run removed. */
export const RETENTION_LAST_RUN_KEY = "retention.last_run";

export interface RetentionLog {
  info(obj: object, msg: string): void;
}

/**
 * The scheduler calls this on every tick; it runs the retention rules when the last run started
 * an hour ago or more, and logs what they removed. Claiming the run is one upsert on the
 * `settings` row, so of several app servers sharing a PostgreSQL database exactly one runs it
 * each hour. Resolves with the counts, or undefined when it was not due.
 */
export async function runRetentionIfDue(
  db: Db,
  opts: RetentionOptions & { log?: RetentionLog },
): Promise<RetentionCounts | undefined> {
  const now = opts.now ?? new Date();
  const dueBefore = new Date(now.getTime() - RETENTION_INTERVAL_MS).toISOString();
  const claimed = await db
    .insert(settings)
    .values({ key: RETENTION_LAST_RUN_KEY, value: { startedAt: now.toISOString() } })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`excluded.value`, updatedAt: sql`now()` },
      setWhere: sql`(${settings.value}->>'startedAt')::timestamptz <= ${dueBefore}::timestamptz`,
    })
    .returning({ key: settings.key });
  if (claimed.length === 0) return undefined;
  const started = Date.now();
  const counts = await runRetention(db, { ...opts, now });
  await db
    .update(settings)
    .set({ value: { startedAt: now.toISOString(), finishedAt: new Date().toISOString(), counts } })
    .where(eq(settings.key, RETENTION_LAST_RUN_KEY));
  opts.log?.info({ ...counts, ms: Date.now() - started }, "retention");
  return counts;
}

/**
 * Retention as a scheduler task (src/server/main.ts hands it to startScheduler): every tick asks,
 * and once an hour it runs.
 */
export function retentionTask(opts: RetentionOptions & { log?: RetentionLog }): (db: Db) => Promise<unknown> {
  return (db) => runRetentionIfDue(db, opts);
}
