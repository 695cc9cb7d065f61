import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { roleBindings } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { bindingSnapshot, loadManagedUser } from "./managed-user.js";

export interface RevokeRoleOptions {
  actor: Actor;
  userId: string;
  bindingId: string;
  requestId?: string;
}

/**
 * Removes one role binding from an account and writes `role.revoke`. The last role cannot go
 * (409 `last_role`): an account without roles would drop out of every scope but the city's, so
 * disable it instead.
 */
export async function revokeRole(tx: Tx, opts: RevokeRoleOptions): Promise<void> {
  const { user, bindings } = await loadManagedUser(tx, opts.actor, opts.userId);
  const binding = bindings.find((b) => b.id === opts.bindingId);
  if (!binding) throw new NotFoundError("Role binding", opts.bindingId);
  if (bindings.length === 1)
    throw new ConflictError("last_role", "This is the account's only role; disable the account instead.");
  await tx.delete(roleBindings).where(eq(roleBindings.id, binding.id));
  await recordAudit(tx, {
    actor: opts.actor,
    action: "role.revoke",
    entityType: "user",
    entityId: user.id,
    before: { username: user.username, binding: bindingSnapshot(binding) },
    after: null,
    scopePath: binding.scopePath,
    requestId: opts.requestId,
  });
}
