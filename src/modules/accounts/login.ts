/**
 * Password sign-in with lock-out.
 *
 * Lock-out: the 5th consecutive failure locks the account for 15 minutes; while locked every
 * attempt, right password or not, is refused with 401 `account_locked` and a message saying when
 * to retry (details.retryAfterSeconds). We chose 401 over 429 because the refusal is about the
 * account's credentials, not the client's request rate (the per-IP rate limit answers 429).
 * Once the lock passes the count starts afresh; a success resets it.
 *
 * Wrong username and wrong password give the same 401 `invalid_credentials` in the same time
 * (an unknown username is verified against a dummy hash).
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { AppError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { verifyAgainstDummy, verifyPassword } from "./passwords.js";
import { createSession, loadActor, type NewSession } from "./sessions.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface LoginOptions {
  username: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

export interface LoginResult {
  session: NewSession;
  actor: Actor;
}

const invalidCredentials = () =>
  new UnauthorizedError("The username or password is wrong.", "invalid_credentials");

function accountLocked(lockedUntil: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    401,
    "account_locked",
    `Too many failed sign-ins: this account is locked until ${lockedUntil.toISOString()} (about ${minutes} min).`,
    { lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

/** Checks a username and password and opens a session; throws 401 on any refusal. */
export async function login(db: Db, opts: LoginOptions): Promise<LoginResult> {
  const username = opts.username.trim().toLowerCase();
  const [user] = await db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      disabled: users.disabled,
      // Compared in the database so app and database clocks cannot disagree.
      lockedUntil: sql<
        Date | string | null
      >`case when ${users.lockedUntil} > now() then ${users.lockedUntil} end`,
    })
    .from(users)
    .where(eq(users.username, username));
  if (!user) {
    await verifyAgainstDummy(opts.password);
    throw invalidCredentials();
  }
  if (user.lockedUntil !== null) {
    await verifyAgainstDummy(opts.password);
    throw accountLocked(asDate(user.lockedUntil));
  }
  if (!(await verifyPassword(user.passwordHash, opts.password))) {
    const reachesLimit = sql`${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS}`;
    const [after] = await db
      .update(users)
      .set({
        failedLogins: sql`case when ${reachesLimit} then 0 else ${users.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${reachesLimit} then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({
        lockedUntil: sql<
          Date | string | null
        >`case when ${users.lockedUntil} > now() then ${users.lockedUntil} end`,
      });
    if (after?.lockedUntil) throw accountLocked(asDate(after.lockedUntil));
    throw invalidCredentials();
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabled) throw new UnauthorizedError("This account is disabled.", "account_disabled");
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  const actor = await loadActor(db, user.id);
  if (!actor) throw invalidCredentials();
  const session = await createSession(db, { userId: user.id, ip: opts.ip, userAgent: opts.userAgent });
  return { session, actor };
}
