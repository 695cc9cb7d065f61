import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { cacheVersions } from "../../db/cache-versions.js";
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

/** How often a session in use writes its sliding expiry (and last use) to the database. */
export const SESSION_SLIDE_EVERY_MS = 60_000;
/** Sessions kept per process; the oldest is dropped beyond this. */
const SESSION_CACHE_SIZE = 20_000;

interface CachedSession {
  /** access_version when the entry was loaded. */
  version: number;
  actor: Actor;
  /** What the session's requests worked out from the actor (`Actor.derived`), by units counter. */
  derived: Map<string, Promise<unknown>>;
  csrfToken: string;
  createdAt: number;
  /** The expiry last written to the database. */
  expiresAt: number;
  /** When this process last slid the expiry (wrote it). */
  slidAt: number;
}

/** Per database (tests open many in one process), by session id (the token's hash). */
const sessionCache = new WeakMap<Db, Map<string, CachedSession>>();

/**
 * Loads the actor behind a session token, or null for an unknown, expired or disabled one.
 * A session expires after SESSION_IDLE_MS unused, and in any case `maxAgeMs` after it began
 * (SESSION_MAX_AGE): a stolen cookie kept busy still stops working.
 *
 * Kept per process: a session seen before is answered from memory while `access_version` is
 * unchanged (a trigger bumps it when a user, a role binding or an API key changes, or a session
 * ends or is cut short) and its expiry has not passed; its sliding expiry is written at most
 * every SESSION_SLIDE_EVERY_MS, so an idle session ends within that much of SESSION_IDLE_MS
 * after its last use. `since` (a `cacheClock()` reading of when the request began) bounds how
 * old the version read may be.
 */
export async function actorForSession(
  db: Db,
  token: string,
  maxAgeMs: number,
  since?: number,
): Promise<SessionActor | null> {
  const id = sha256(token);
  const versions = await cacheVersions(db, since);
  let cache = sessionCache.get(db);
  if (!cache) {
    cache = new Map();
    sessionCache.set(db, cache);
  }
  const now = Date.now();
  const hit = cache.get(id);
  if (
    hit &&
    hit.version === versions.access_version &&
    hit.expiresAt > now &&
    hit.createdAt > now - maxAgeMs &&
    now - hit.slidAt < SESSION_SLIDE_EVERY_MS
  ) {
    return { actor: requestActor(hit, versions.units_version), csrfToken: hit.csrfToken };
  }
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
    .returning({
      userId: sessions.userId,
      csrfToken: sessions.csrfToken,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
    });
  const session = rows[0];
  if (!session) {
    cache.delete(id);
    return null;
  }
  const actor =
    hit && hit.version === versions.access_version ? hit.actor : await loadActor(db, session.userId);
  if (!actor) {
    cache.delete(id);
    return null;
  }
  cache.delete(id);
  if (cache.size >= SESSION_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  const entry: CachedSession = {
    version: versions.access_version,
    actor,
    derived: hit && hit.actor === actor ? hit.derived : new Map(),
    csrfToken: session.csrfToken,
    createdAt: session.createdAt.getTime(),
    expiresAt: session.expiresAt.getTime(),
    slidAt: now,
  };
  cache.set(id, entry);
  return { actor: requestActor(entry, versions.units_version), csrfToken: session.csrfToken };
}

/** Values of older units counters are dropped beyond this many (a units change leaves them behind). */
const DERIVED_PER_SESSION = 16;

/** The session's actor for one request: with its memo, read as of the request's units counter. */
function requestActor(entry: CachedSession, unitsVersion: number): Actor {
  if (entry.derived.size > DERIVED_PER_SESSION) entry.derived.clear();
  return { ...entry.actor, derived: { unitsVersion, values: entry.derived } };
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
