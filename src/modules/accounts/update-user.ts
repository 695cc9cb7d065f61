import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { auditScopeOf, loadManagedUser, userSnapshot } from "./managed-user.js";
import { assertOrganisationInScope } from "./resolve-scope.js";
import type { UpdateUserReq } from "./schemas.js";
import { deleteUserSessions } from "./sessions.js";

export interface UpdateUserOptions {
  actor: Actor;
  userId: string;
  patch: UpdateUserReq;
  requestId?: string;
}

/**
 * Changes an account's profile or disables it (which also ends its sessions), and writes
 * `user.update` with before and after. 404 outside the actor's sight, 403 outside their management.
 */
export async function updateUser(tx: Tx, opts: UpdateUserOptions): Promise<void> {
  const { user, bindings } = await loadManagedUser(tx, opts.actor, opts.userId);
  const { patch } = opts;
  if (patch.disabled === true && user.id === opts.actor.userId)
    throw new BadRequestError("cannot_disable_self", "You cannot disable your own account.", [
      { field: "body.disabled", message: "not for your own account" },
    ]);
  if (patch.organisationId) await assertOrganisationInScope(tx, opts.actor, patch.organisationId);
  const [after] = await tx
    .update(users)
    .set({
      ...(patch.displayName !== undefined && { displayName: patch.displayName }),
      ...(patch.phone !== undefined && { phone: patch.phone }),
      ...(patch.organisationId !== undefined && { organisationId: patch.organisationId }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled }),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, user.id))
    .returning();
  if (!after) throw new Error("user update returned nothing");
  if (after.disabled && !user.disabled) await deleteUserSessions(tx, user.id);
  await recordAudit(tx, {
    actor: opts.actor,
    action: "user.update",
    entityType: "user",
    entityId: user.id,
    before: userSnapshot(user),
    after: userSnapshot(after),
    scopePath: auditScopeOf(bindings),
    requestId: opts.requestId,
  });
}
