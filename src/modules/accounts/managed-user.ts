import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { loadBindings, type LoadedBinding } from "./find-users.js";
import { canManageBindings, maskPhone, visibleUsers } from "./policy.js";

export type UserRecord = typeof users.$inferSelect;

export interface ManagedUser {
  user: UserRecord;
  bindings: LoadedBinding[];
}

/**
 * Loads an account for a change by `actor`, row-locked for the transaction: 404 when absent or
 * not visible to the actor, 403 when visible but holding a role outside the actor's manage scopes.
 */
export async function loadManagedUser(tx: Tx, actor: Actor, id: string): Promise<ManagedUser> {
  const [user] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), visibleUsers(actor)))
    .for("update", { of: users });
  if (!user) throw new NotFoundError("User", id);
  const bindings = await loadBindings(tx, [id]);
  if (!canManageBindings(actor, bindings))
    throw new ForbiddenError(
      "This account holds a role outside your scope; an administrator above you manages it.",
    );
  return { user, bindings };
}

/** What the audit log keeps of an account: no hash, the phone masked (personal data). */
export function userSnapshot(user: UserRecord): Record<string, unknown> {
  return {
    username: user.username,
    displayName: user.displayName,
    phone: user.phone === null ? null : maskPhone(user.phone),
    organisationId: user.organisationId,
    disabled: user.disabled,
  };
}

/** What the audit log keeps of a role binding. */
export function bindingSnapshot(b: {
  id: string;
  role: string;
  scopeRegionCode: string | null;
  scopeDepartmentId: string | null;
  scopePath: string;
}): Record<string, unknown> {
  return {
    id: b.id,
    role: b.role,
    regionCode: b.scopeRegionCode,
    departmentId: b.scopeDepartmentId,
    scopePath: b.scopePath,
  };
}

/** The scope the audit row of a change to this account is filed under: its first role's region. */
export function auditScopeOf(bindings: readonly { scopePath: string }[]): string | null {
  return bindings[0]?.scopePath ?? null;
}
