import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { getGrid } from "./find-grids.js";
import { invalidateGridIndex } from "./grid-index.js";
import { bumpGridsVersion } from "./grids-version.js";

/** PostgreSQL's foreign_key_violation, looked for down the chain of wrapped driver errors. */
function isForeignKeyViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error || (typeof e === "object" && e !== null);) {
    if ((e as { code?: unknown }).code === "23503") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Deletes grids (their region rows; the shapes cascade) inside the caller's transaction. A grid
 * still named by something else, e.g. a grid post or a role binding, is a 409, not a 500; the
 * error aborts the caller's transaction, so nothing of it is applied.
 */
export async function deleteGridRows(tx: Tx, codes: readonly string[]): Promise<void> {
  for (let i = 0; i < codes.length; i += 1000) {
    const batch = codes.slice(i, i + 1000);
    try {
      await tx.delete(regions).where(and(eq(regions.level, "grid"), inArray(regions.code, batch)));
    } catch (err) {
      if (!isForeignKeyViolation(err)) throw err;
      throw new ConflictError(
        "grid_in_use",
        batch.length === 1
          ? `Grid ${batch[0]} is still referenced (e.g. by a grid post or a role); remove those first.`
          : "Some of the grids to delete are still referenced (e.g. by grid posts or roles); remove those first.",
      );
    }
  }
}

export interface DeleteGridOptions {
  actor: Actor;
  requestId?: string;
}

/** Deletes one grid in the actor's scope (404 otherwise), audited, bumping grids_version. */
export async function deleteGrid(db: Db, code: string, opts: DeleteGridOptions): Promise<void> {
  const scopes = requirePermission(opts.actor, "grids.manage");
  await db.transaction(async (tx) => {
    await bumpGridsVersion(tx);
    const grid = await getGrid(tx, code, scopes);
    if (!grid) throw new NotFoundError("Grid", code);
    await deleteGridRows(tx, [code]);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "grids.delete",
      entityType: "grid",
      entityId: code,
      before: grid,
      scopePath: grid.path,
      requestId: opts.requestId,
    });
  });
  invalidateGridIndex(db);
}
