/**
 * The password lock-out, per username and client address (table `sign_in_failures`).
 *
 * The 5th failed password check within 15 minutes — at sign-in or as the current password of a
 * password change — locks that username from that address for 15 minutes; while locked every
 * attempt from there, right password or not, is refused with 401 `account_locked` (the per-IP
 * rate limit answers 429; this is about the credentials). A success clears the count.
 *
 * Per address, so a stranger who guesses `admin`'s password five times locks only themselves out,
 * not the administrator at their desk. An IPv6 client counts by its /64, the block one subscriber
 * gets, or it could rotate through addresses. Unknown usernames are counted and locked exactly
 * like existing ones: the answers never tell whether a username exists.
 */
import net from "node:net";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { signInFailures } from "../../db/schema.js";
import { AppError } from "../../shared/errors.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

/** Whose guesses are counted together: a username as typed (lower-cased) from one address. */
export interface SignInAttempt {
  username: string;
  address: string;
}

/** The IPv6 address written out in full, eight groups of four hex digits; null when not IPv6. */
function expandIpv6(ip: string): string[] | null {
  if (net.isIPv6(ip) === false) return null;
  let text = ip.split("%")[0] ?? "";
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((g) => g.padStart(4, "0").toLowerCase());
}

/** The address a client's failures count under: IPv4 as is, IPv6 as its /64 (IPv4-mapped as IPv4). */
export function lockoutAddress(ip: string | undefined): string {
  if (!ip) return "unknown";
  const groups = expandIpv6(ip);
  if (!groups) return ip;
  if (groups.slice(0, 6).join(":") === "0000:0000:0000:0000:0000:ffff") {
    const [hi = 0, lo = 0] = groups.slice(6).map((g) => Number.parseInt(g, 16));
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups.slice(0, 4).join(":")}::/64`;
}

export function signInAttempt(username: string, ip: string | undefined): SignInAttempt {
  return { username: username.trim().toLowerCase(), address: lockoutAddress(ip) };
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

/** 401 `account_locked` with when to retry (details.lockedUntil, details.retryAfterSeconds). */
export function accountLocked(lockedUntil: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    401,
    "account_locked",
    `Too many failed sign-ins from your address: this account is locked until ${lockedUntil.toISOString()} (about ${minutes} min) for sign-ins from there.`,
    { lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}

const where = (a: SignInAttempt) =>
  and(eq(signInFailures.username, a.username), eq(signInFailures.address, a.address));

/** When the lock on this username from this address ends, or null when there is none. */
export async function lockedUntil(db: Db | Tx, attempt: SignInAttempt): Promise<Date | null> {
  const [row] = await db
    .select({
      // Compared in the database so app and database clocks cannot disagree.
      until: sql<
        Date | string | null
      >`case when ${signInFailures.lockedUntil} > now() then ${signInFailures.lockedUntil} end`,
    })
    .from(signInFailures)
    .where(where(attempt));
  return row?.until ? asDate(row.until) : null;
}

/**
 * Counts one failed password check; returns when the lock ends if this failure reached the
 * limit, else null. Failures older than the lock-out period no longer count.
 */
export async function recordFailure(db: Db | Tx, attempt: SignInAttempt): Promise<Date | null> {
  const window = sql`make_interval(mins => ${LOCKOUT_MINUTES})`;
  const counted = sql`case when ${signInFailures.lastFailedAt} > now() - ${window} and (${signInFailures.lockedUntil} is null or ${signInFailures.lockedUntil} > now()) then ${signInFailures.failures} else 0 end + 1`;
  const [row] = await db
    .insert(signInFailures)
    .values({ ...attempt, failures: 1, lastFailedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [signInFailures.username, signInFailures.address],
      set: {
        failures: sql`case when ${counted} >= ${MAX_FAILED_LOGINS} then 0 else ${counted} end`,
        lockedUntil: sql`case when ${counted} >= ${MAX_FAILED_LOGINS} then now() + ${window} else null end`,
        lastFailedAt: sql`now()`,
      },
    })
    .returning({ lockedUntil: signInFailures.lockedUntil });
  return row?.lockedUntil ? asDate(row.lockedUntil) : null;
}

/** A right password: the count for this username and address starts afresh. */
export async function clearFailures(db: Db | Tx, attempt: SignInAttempt): Promise<void> {
  await db.delete(signInFailures).where(where(attempt));
}

/**
 * The latest lock on a username from any address (for administrators' account view), as SQL
 * against `username`, a table-qualified column such as `"users"."username"`: drizzle writes a
 * column of a one-table query unqualified, and a bare "username" inside the subquery would name
 * the inner table's own column (a condition that always holds).
 */
export const latestLockSql = (username: SQL) =>
  sql<
    Date | string | null
  >`(select max(f.locked_until) from ${signInFailures} f where f.username = lower(${username}) and f.locked_until > now())`;

/** The latest lock on a username from any address, or null. */
export async function lockedUntilOf(db: Db | Tx, username: string): Promise<Date | null> {
  const [row] = await db
    .select({ until: sql<Date | string | null>`max(${signInFailures.lockedUntil})` })
    .from(signInFailures)
    .where(
      and(eq(signInFailures.username, username.toLowerCase()), sql`${signInFailures.lockedUntil} > now()`),
    );
  return row?.until ? asDate(row.until) : null;
}

/** An administrator's password reset lifts every lock on the username, from every address. */
export async function clearAllFailures(db: Db | Tx, username: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.username, username.toLowerCase()));
}
