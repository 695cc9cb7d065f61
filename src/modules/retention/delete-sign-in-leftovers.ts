import { and, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { loginCodes, sessions, signInFailures } from "../../db/schema.js";

/**
 * One-time sign-in codes sent before `cutoff` (each holds the phone it went to, and its sender's
 * address), sessions that expired before it (each holds an address and a browser name), and
 * failed-sign-in counts last bumped before it whose lock (if any) has ended before it too.
 * RETENTION_SIGN_IN, default a day: a code lives five minutes and counts towards the hourly
 * send limits for an hour, a session at most its idle time; a day later neither serves anyone.
 */
export async function deleteSignInLeftovers(
  db: Db,
  cutoff: Date,
): Promise<{ loginCodes: number; sessions: number; signInFailures: number }> {
  const codes = await db
    .delete(loginCodes)
    .where(lt(loginCodes.createdAt, cutoff))
    .returning({ id: loginCodes.id });
  const ended = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, cutoff))
    .returning({ id: sessions.id });
  const failures = await db
    .delete(signInFailures)
    .where(
      and(
        lt(signInFailures.lastFailedAt, cutoff),
        or(isNull(signInFailures.lockedUntil), lt(signInFailures.lockedUntil, cutoff)),
      ),
    )
    .returning({ username: signInFailures.username });
  return { loginCodes: codes.length, sessions: ended.length, signInFailures: failures.length };
}
