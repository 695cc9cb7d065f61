/**
 * Password sign-in. Lock-out per username and address: see ./sign-in-failures.ts.
 *
 * Wrong username and wrong password give the same 401 `invalid_credentials` in the same time
 * (an unknown username is verified against a dummy hash), and lock out alike.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { UnauthorizedError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { verifyAgainstDummy, verifyPassword } from "./passwords.js";
import { createSession, loadActor, type NewSession } from "./sessions.js";
import {
  accountLocked,
  clearFailures,
  lockedUntil,
  recordFailure,
  signInAttempt,
} from "./sign-in-failures.js";

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

/** Checks a username and password and opens a session; throws 401 on any refusal. */
export async function login(db: Db, opts: LoginOptions): Promise<LoginResult> {
  const attempt = signInAttempt(opts.username, opts.ip);
  const locked = await lockedUntil(db, attempt);
  if (locked) {
    await verifyAgainstDummy(opts.password);
    throw accountLocked(locked);
  }
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.username, attempt.username));
  const right = user
    ? await verifyPassword(user.passwordHash, opts.password)
    : await verifyAgainstDummy(opts.password).then(() => false);
  if (!user || !right) {
    const lockedNow = await recordFailure(db, attempt);
    if (lockedNow) throw accountLocked(lockedNow);
    throw invalidCredentials();
  }
  await clearFailures(db, attempt);
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabled) throw new UnauthorizedError("This account is disabled.", "account_disabled");
  const actor = await loadActor(db, user.id);
  if (!actor) throw invalidCredentials();
  const session = await createSession(db, { userId: user.id, ip: opts.ip, userAgent: opts.userAgent });
  return { session, actor };
}
