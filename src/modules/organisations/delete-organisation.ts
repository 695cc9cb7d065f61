import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations, roleBindings, users } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { isForeignKeyViolation } from "../../db/database-errors.js";
import { lockOrganisation } from "./find-organisations.js";
import { manageableOrganisations } from "./policy.js";

export interface DeleteOrganisationOptions {
  actor: Actor;
  /** The actor's `organisations.manage` bindings. */
  bindings: readonly Binding[];
  id: string;
  requestId?: string;
}

function inUse(details?: { members: number; roleBindings: number }): ConflictError {
  return new ConflictError(
    "organisation_in_use",
    "Accounts belong to this unit or hold roles scoped to it; move or revoke them first.",
    details,
  );
}

/**
 * Deletes a unit nobody belongs to and no role is scoped to: removing one that is in use would
 * leave accounts without a unit or roles without a scope.
 */
export async function deleteOrganisation(db: Db, opts: DeleteOrganisationOptions): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const before = await lockOrganisation(tx, opts.id, manageableOrganisations(opts.bindings));
      if (!before) throw new NotFoundError("Organisation", opts.id);
      const [[members], [bound]] = await Promise.all([
        tx
          .select({ n: sql<number>`count(*)::int` })
          .from(users)
          .where(eq(users.organisationId, before.id)),
        tx
          .select({ n: sql<number>`count(*)::int` })
          .from(roleBindings)
          .where(eq(roleBindings.scopeDepartmentId, before.id)),
      ]);
      const memberCount = members?.n ?? 0;
      const bindingCount = bound?.n ?? 0;
      if (memberCount > 0 || bindingCount > 0)
        throw inUse({ members: memberCount, roleBindings: bindingCount });
      await tx.delete(organisations).where(eq(organisations.id, before.id));
      await recordAudit(tx, {
        actor: opts.actor,
        action: "organisation.delete",
        entityType: "organisation",
        entityId: before.id,
        before,
        scopePath: before.regionPath,
        requestId: opts.requestId,
      });
    });
  } catch (err) {
    // An account or role attached between our count and the delete: the foreign keys refuse.
    if (isForeignKeyViolation(err)) {
      throw inUse();
    }
    throw err;
  }
}
