import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { auditScopeOf, loadManagedUser } from "./managed-user.js";
import { assertPasswordRules, hashPassword } from "./passwords.js";
import { deleteUserSessions } from "./sessions.js";
import { clearAllFailures, lockedUntilOf } from "./sign-in-failures.js";

export interface ResetPasswordOptions {
  actor: Actor;
  userId: string;
  password: string;
  requestId?: string;
}

/**
 * An administrator sets a new password for an account: the rules apply, the lock-out is lifted
 * (from every address),
 * every session of the account ends, and `user.password_reset` is audited (without the password).
 */
export async function resetPassword(tx: Tx, opts: ResetPasswordOptions): Promise<void> {
  const { user, bindings } = await loadManagedUser(tx, opts.actor, opts.userId);
  assertPasswordRules(opts.password, user.username);
  const passwordHash = await hashPassword(opts.password);
  const lockedBefore = await lockedUntilOf(tx, user.username);
  await tx
    .update(users)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(eq(users.id, user.id));
  await clearAllFailures(tx, user.username);
  const sessionsEnded = await deleteUserSessions(tx, user.id);
  await recordAudit(tx, {
    actor: opts.actor,
    action: "user.password_reset",
    entityType: "user",
    entityId: user.id,
    before: { username: user.username, lockedUntil: lockedBefore },
    after: { username: user.username, lockedUntil: null, sessionsEnded },
    scopePath: auditScopeOf(bindings),
    requestId: opts.requestId,
  });
}
