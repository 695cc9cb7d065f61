/**
 * The plumbing every register table shares: a version-checked update inside the scope, a delete
 * that answers 409 record_in_use while other records point at the row, and the region filter
 * of the lists.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import { isForeignKeyViolation } from "../../db/database-errors.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";

/** A register table: an id, a version, a region path. */
export interface VersionedTable {
  table: PgTable;
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  noun: string;
}

/**
 * Sets `changes` on the row `id` at `version` inside `scope`, bumping the version: 404 when the
 * row is not in scope, 409 concurrent_update when someone changed it since it was read.
 */
export async function updateVersioned(
  tx: Tx,
  t: VersionedTable,
  id: string,
  version: number,
  scope: SQL,
  changes: Record<string, unknown>,
): Promise<void> {
  const updated = await tx
    .update(t.table)
    .set({ ...changes, [t.version.name]: sql`${t.version} + 1`, [t.updatedAt.name]: new Date() } as never)
    .where(and(eq(t.id, id), eq(t.version, version), scope))
    .returning({ id: t.id });
  if (updated.length > 0) return;
  const [exists] = await tx
    .select({ id: t.id })
    .from(t.table)
    .where(and(eq(t.id, id), scope));
  if (!exists) throw new NotFoundError(t.noun, id);
  throw new ConflictError(
    "concurrent_update",
    `This ${t.noun.toLowerCase()} was changed by someone else since you read it: reload and try again.`,
  );
}

/** Runs a delete in its own transaction; a row others still point at is 409 record_in_use. */
export async function deleteInUseAware(db: Db, noun: string, work: (tx: Tx) => Promise<void>): Promise<void> {
  try {
    await db.transaction(work);
  } catch (err) {
    if (isForeignKeyViolation(err)) {
      throw new ConflictError("record_in_use", `This ${noun.toLowerCase()} is still used by other records.`);
    }
    throw err;
  }
}

/** `path` lies in the region `code` (any level), for a list's region filter. */
export function inRegion(path: PgColumn, code: string | undefined): SQL | undefined {
  if (code === undefined) return undefined;
  return sql`${path} <@ (select r.path from regions r where r.code = ${code})`;
}

export { likePattern } from "../../db/like-pattern.js";
