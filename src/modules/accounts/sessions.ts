import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { roleBindings, sessions, users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";

/** Sessions last this long without use; each use slides the expiry forward. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export interface NewSession {
  /** Goes into the HttpOnly cookie; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Starts a session for a user who has just proved who they are. */
export async function createSession(
  db: Db,
  opts: { userId: string; ip?: string; userAgent?: string },
): Promise<NewSession> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await db.insert(sessions).values({
    id: sha256(token),
    userId: opts.userId,
    csrfToken,
    expiresAt,
    ip: opts.ip ?? null,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/** Ends one session (logout). Unknown tokens are ignored. */
export async function deleteSession(db: Tx, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}

/**
 * Ends every session of a user, except the one behind `exceptToken` (a password change keeps the
 * session it was made from). Returns how many ended.
 */
export async function deleteUserSessions(db: Tx, userId: string, exceptToken?: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(
      exceptToken === undefined
        ? eq(sessions.userId, userId)
        : and(eq(sessions.userId, userId), ne(sessions.id, sha256(exceptToken))),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
}

/**
 * Loads the actor behind a session token, or null for an unknown, expired or disabled one.
 * A session expires after SESSION_IDLE_MS unused, and in any case `maxAgeMs` after it began
 * (SESSION_MAX_AGE): a stolen cookie kept busy still stops working.
 */
export async function actorForSession(db: Db, token: string, maxAgeMs: number): Promise<SessionActor | null> {
  const id = sha256(token);
  const maxAge = sql`${`${maxAgeMs} milliseconds`}::interval`;
  const rows = await db
    .update(sessions)
    .set({
      lastSeenAt: sql`now()`,
      expiresAt: sql`least(now() + ${`${SESSION_IDLE_MS} milliseconds`}::interval, ${sessions.createdAt} + ${maxAge})`,
    })
    .where(
      and(
        eq(sessions.id, id),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.createdAt, sql`now() - ${maxAge}`),
      ),
    )
    .returning({ userId: sessions.userId, csrfToken: sessions.csrfToken });
  const session = rows[0];
  if (!session) return null;
  const actor = await loadActor(db, session.userId);
  return actor ? { actor, csrfToken: session.csrfToken } : null;
}

/** The actor for a user id with all their role bindings; null when absent or disabled. */
export async function loadActor(db: Tx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      organisationId: users.organisationId,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabled) return null;
  const bindings = await db
    .select({
      role: roleBindings.role,
      scopePath: roleBindings.scopePath,
      scopeRegionCode: roleBindings.scopeRegionCode,
      scopeDepartmentId: roleBindings.scopeDepartmentId,
    })
    .from(roleBindings)
    .where(eq(roleBindings.userId, userId));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    organisationId: user.organisationId,
    bindings,
  };
}
