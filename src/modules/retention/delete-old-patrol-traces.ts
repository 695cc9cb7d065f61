import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";

/**
 * The table that the patrols module (volunteers, patrols and micro-wishes; not built yet) is to
 * keep GPS points in, with the time each was recorded. The rule below is ready for it: from the
 * first run after a migration creates this table, its points older than RETENTION_PATROL_TRACES
 * (default 90 days) are deleted, with no change here.
 */
export const PATROL_TRACE_TABLE = { name: "patrol_trace_points", recordedAt: "recorded_at" } as const;

/** Deletes patrol GPS points recorded before `cutoff`; null while no module records them. */
export async function deleteOldPatrolTraces(db: Db, cutoff: Date): Promise<number | null> {
  const found = (await db.execute(
    sql`select to_regclass(${`public.${PATROL_TRACE_TABLE.name}`}) is not null as present`,
  )) as unknown as { rows: { present: boolean }[] };
  if (found.rows[0]?.present !== true) return null;
  const deleted = (await db.execute(
    sql`delete from ${sql.identifier(PATROL_TRACE_TABLE.name)} where ${sql.identifier(PATROL_TRACE_TABLE.recordedAt)} < ${cutoff.toISOString()}::timestamptz`,
  )) as unknown as { rowCount?: number | null; affectedRows?: number };
  return deleted.rowCount ?? deleted.affectedRows ?? 0;
}
