import { lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { loginCodes, sessions } from "../../db/schema.js";

/**
 * One-time sign-in codes sent before `cutoff` (each holds the phone it went to, and its sender's
 * address) and sessions that expired before it (each holds an address and a browser name).
 * RETENTION_SIGN_IN, default a day: a code lives five minutes and counts towards the hourly
 * send limits for an hour, a session at most its idle time; a day later neither serves anyone.
 */
export async function deleteSignInLeftovers(
  db: Db,
  cutoff: Date,
): Promise<{ loginCodes: number; sessions: number }> {
  const codes = await db
    .delete(loginCodes)
    .where(lt(loginCodes.createdAt, cutoff))
    .returning({ id: loginCodes.id });
  const ended = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, cutoff))
    .returning({ id: sessions.id });
  return { loginCodes: codes.length, sessions: ended.length };
}
