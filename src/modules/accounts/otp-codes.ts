/**
 * One-time sign-in codes for residents (手机验证码登录): six digits sent by SMS, valid five
 * minutes, five guesses, only the SHA-256 stored. Requests are limited per phone (one a minute,
 * five an hour) and per address (twenty an hour) in the database, so the limits hold across
 * several app servers; the route adds a per-minute limit per address in memory.
 */
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { loginCodes } from "../../db/schema.js";
import { AppError, TooManyRequestsError } from "../../shared/errors.js";

export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
/** A phone may ask again after this long… */
export const OTP_RESEND_MS = 60_000;
/** …and at most this many times an hour; an address at most OTP_PER_IP_HOUR times. */
export const OTP_PER_PHONE_HOUR = 5;
export const OTP_PER_IP_HOUR = 20;

const HOUR_MS = 60 * 60_000;

/** A Chinese mobile number as digits (+86 / 0086, spaces and hyphens dropped), or null. */
export function normaliseMobile(input: string): string | null {
  const digits = input
    .trim()
    .replace(/[\s-]/g, "")
    .replace(/^(\+86|0086)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 138****5678: the number as the page may show it back. */
export function maskMobile(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The stored form: the phone is mixed in so one code's hash says nothing about another phone's. */
function hashCode(phone: string, code: string): string {
  return createHash("sha256").update(`${phone}:${code}`).digest("hex");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function tooSoon(retryAfterMs: number, message: string): TooManyRequestsError {
  return new TooManyRequestsError(message, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}

export interface IssuedCode {
  /** The code itself: for the SMS (and, in demo mode only, the answer). Never stored. */
  code: string;
  expiresAt: Date;
}

/**
 * Issues a new code for a normalised phone. Throws 429 with `details.retryAfterSeconds` when the
 * phone asked less than a minute ago or five times this hour, or the address twenty times.
 * A new code replaces the earlier ones: only the newest can be used.
 */
export async function issueLoginCode(
  db: Db,
  opts: { phone: string; ip: string | null; now?: Date },
): Promise<IssuedCode> {
  const now = opts.now ?? new Date();
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const recent = await db
    .select({ createdAt: loginCodes.createdAt })
    .from(loginCodes)
    .where(and(eq(loginCodes.phone, opts.phone), gt(loginCodes.createdAt, hourAgo)))
    .orderBy(desc(loginCodes.createdAt));
  const last = recent[0];
  if (last) {
    const wait = asDate(last.createdAt).getTime() + OTP_RESEND_MS - now.getTime();
    if (wait > 0)
      throw tooSoon(wait, "A code was sent to this phone less than a minute ago; wait before asking again.");
  }
  if (recent.length >= OTP_PER_PHONE_HOUR) {
    const oldest = recent[recent.length - 1];
    const wait = oldest ? asDate(oldest.createdAt).getTime() + HOUR_MS - now.getTime() : HOUR_MS;
    throw tooSoon(
      wait,
      `At most ${OTP_PER_PHONE_HOUR} codes an hour are sent to one phone; try again later.`,
    );
  }
  if (opts.ip) {
    const [fromIp] = await db
      .select({ n: count() })
      .from(loginCodes)
      .where(and(eq(loginCodes.ip, opts.ip), gt(loginCodes.createdAt, hourAgo)));
    if ((fromIp?.n ?? 0) >= OTP_PER_IP_HOUR)
      throw tooSoon(HOUR_MS / 4, "Too many codes were asked for from this network; try again later.");
  }
  const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, "0");
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  await db.insert(loginCodes).values({
    phone: opts.phone,
    codeHash: hashCode(opts.phone, code),
    expiresAt,
    ip: opts.ip,
    createdAt: now,
  });
  return { code, expiresAt };
}

const expired = () =>
  new AppError(401, "code_expired", "This code has expired or was already used; ask for a new one.");

/**
 * Checks a code against the newest one sent to the phone and uses it up. Refusals (all 401):
 * `code_expired` (none, used, or older than five minutes), `too_many_attempts` (five wrong
 * guesses: ask for a new one), `wrong_code` with `details.attemptsLeft`.
 */
export async function consumeLoginCode(
  db: Db,
  opts: { phone: string; code: string; now?: Date },
): Promise<void> {
  const now = opts.now ?? new Date();
  const [latest] = await db
    .select()
    .from(loginCodes)
    .where(eq(loginCodes.phone, opts.phone))
    .orderBy(desc(loginCodes.createdAt))
    .limit(1);
  if (!latest || latest.consumedAt !== null || asDate(latest.expiresAt) <= now) throw expired();
  if (latest.attempts >= OTP_MAX_ATTEMPTS) throw tooManyAttempts();

  if (sameHash(latest.codeHash, hashCode(opts.phone, opts.code))) {
    // Conditional update: of two requests racing with the right code, one signs in.
    const used = await db
      .update(loginCodes)
      .set({ consumedAt: now })
      .where(
        and(
          eq(loginCodes.id, latest.id),
          isNull(loginCodes.consumedAt),
          sql`${loginCodes.attempts} < ${OTP_MAX_ATTEMPTS}`,
        ),
      )
      .returning({ id: loginCodes.id });
    if (used.length === 0) throw expired();
    return;
  }
  const [after] = await db
    .update(loginCodes)
    .set({ attempts: sql`${loginCodes.attempts} + 1` })
    .where(eq(loginCodes.id, latest.id))
    .returning({ attempts: loginCodes.attempts });
  const attemptsLeft = Math.max(0, OTP_MAX_ATTEMPTS - (after?.attempts ?? OTP_MAX_ATTEMPTS));
  if (attemptsLeft === 0) throw tooManyAttempts();
  throw new AppError(
    401,
    "wrong_code",
    `The code is wrong; ${attemptsLeft} ${attemptsLeft === 1 ? "try" : "tries"} left.`,
    { attemptsLeft },
  );
}

function tooManyAttempts(): AppError {
  return new AppError(401, "too_many_attempts", "Too many wrong codes; ask for a new one.", {
    attemptsLeft: 0,
  });
}
