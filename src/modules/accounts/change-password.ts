import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { BadRequestError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { loadBindings } from "./find-users.js";
import { auditScopeOf } from "./managed-user.js";
import { assertPasswordRules, hashPassword, verifyPassword } from "./passwords.js";
import { deleteSession, deleteUserSessions } from "./sessions.js";
import {
  accountLocked,
  clearFailures,
  lockedUntil,
  recordFailure,
  signInAttempt,
} from "./sign-in-failures.js";

export interface ChangePasswordOptions {
  actor: Actor;
  /** The session the change is made from: it stays open, every other one ends. */
  sessionToken: string;
  currentPassword: string;
  newPassword: string;
  /** The client's address: wrong current passwords count toward its lock-out. */
  ip?: string;
  requestId?: string;
}

/** Thrown inside the transaction, counted outside it (a rollback must not undo the count). */
class WrongCurrentPassword extends Error {}

/**
 * A user changes their own password: the current one must be right (400
 * `invalid_current_password`, so the client does not take it for a lost session), the new one
 * must meet the rules, and every other session of the user ends.
 *
 * A wrong current password is a guess like a wrong sign-in: it counts toward the lock-out of the
 * username from this address (./sign-in-failures.ts). At the limit, or while locked, the session
 * the guesses came from ends (401 `account_locked`): a stolen session cannot be used to find the
 * password.
 */
export async function changeOwnPassword(db: Db, opts: ChangePasswordOptions): Promise<void> {
  const attempt = signInAttempt(opts.actor.username, opts.ip);
  const locked = await lockedUntil(db, attempt);
  if (locked) {
    await deleteSession(db, opts.sessionToken);
    throw accountLocked(locked);
  }
  try {
    await db.transaction((tx) => changeInTransaction(tx, opts));
  } catch (err) {
    if (!(err instanceof WrongCurrentPassword)) throw err;
    const lockedNow = await recordFailure(db, attempt);
    if (lockedNow) {
      await deleteSession(db, opts.sessionToken);
      throw accountLocked(lockedNow);
    }
    throw new BadRequestError("invalid_current_password", "The current password is wrong.", [
      { field: "body.currentPassword", message: "wrong" },
    ]);
  }
  await clearFailures(db, attempt);
}

async function changeInTransaction(tx: Tx, opts: ChangePasswordOptions): Promise<void> {
  const [user] = await tx
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, opts.actor.userId))
    .for("update");
  if (!user) throw new UnauthorizedError();
  if (!(await verifyPassword(user.passwordHash, opts.currentPassword))) throw new WrongCurrentPassword();
  assertPasswordRules(opts.newPassword, user.username, "body.newPassword");
  if (opts.newPassword === opts.currentPassword)
    throw new BadRequestError("weak_password", "The new password must differ from the current one.", [
      { field: "body.newPassword", message: "same as the current password" },
    ]);
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(opts.newPassword), updatedAt: sql`now()` })
    .where(eq(users.id, user.id));
  const sessionsEnded = await deleteUserSessions(tx, user.id, opts.sessionToken);
  await recordAudit(tx, {
    actor: opts.actor,
    action: "user.password_change",
    entityType: "user",
    entityId: user.id,
    before: { username: user.username },
    after: { username: user.username, sessionsEnded },
    scopePath: auditScopeOf(await loadBindings(tx, [user.id])),
    requestId: opts.requestId,
  });
}
