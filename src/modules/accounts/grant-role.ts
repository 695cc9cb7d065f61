import type { Tx } from "../../db/client.js";
import { roleBindings } from "../../db/schema.js";
import { ConflictError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { bindingSnapshot, loadManagedUser } from "./managed-user.js";
import { resolveScope, type RoleSpec } from "./resolve-scope.js";

export interface GrantRoleOptions {
  actor: Actor;
  userId: string;
  grant: RoleSpec;
  requestId?: string;
}

/**
 * Binds one more role to an account and writes `role.grant`, filed under the granted scope.
 * The scope must lie inside the actor's manage scopes (else 404); the same role in the same scope
 * twice is 409 `role_exists`.
 */
export async function grantRole(tx: Tx, opts: GrantRoleOptions): Promise<{ bindingId: string }> {
  const { user, bindings } = await loadManagedUser(tx, opts.actor, opts.userId);
  const scope = await resolveScope(tx, opts.actor, opts.grant);
  const duplicate = bindings.some(
    (b) =>
      b.role === scope.role &&
      b.scopeRegionCode === scope.scopeRegionCode &&
      b.scopeDepartmentId === scope.scopeDepartmentId,
  );
  if (duplicate)
    throw new ConflictError("role_exists", `${user.username} already holds ${scope.role} in this scope.`);
  const [binding] = await tx
    .insert(roleBindings)
    .values({ userId: user.id, ...scope })
    .returning();
  if (!binding) throw new Error("binding insert returned nothing");
  await recordAudit(tx, {
    actor: opts.actor,
    action: "role.grant",
    entityType: "user",
    entityId: user.id,
    before: null,
    after: { username: user.username, binding: bindingSnapshot(binding) },
    scopePath: binding.scopePath,
    requestId: opts.requestId,
  });
  return { bindingId: binding.id };
}
