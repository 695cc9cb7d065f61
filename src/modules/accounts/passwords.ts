/**
 * Password hashing (argon2id) and the password rules every new password must meet.
 */
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { BadRequestError } from "../../shared/errors.js";

/** `Algorithm` is an ambient const enum (nothing at runtime), so its value is spelled out: 2 = Argon2id. */
const ARGON2ID: Algorithm = 2;

/** OWASP's minimum for argon2id: 19 MiB, two passes, one lane (~20–40 ms here). */
const HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing stays cheap for a hostile client. */
export const PASSWORD_MAX_LENGTH = 128;

/** Lower-cased passwords that meet the shape rules but every guesser tries first. */
const COMMON_PASSWORDS = new Set([
  "password123",
  "password1234",
  "passw0rd123",
  "1234567890a",
  "a1234567890",
  "abc1234567",
  "abcd123456",
  "abc123456789",
  "qwerty123456",
  "qwerty12345",
  "qwertyuiop1",
  "1qaz2wsx3edc",
  "1q2w3e4r5t",
  "1q2w3e4r5t6y",
  "zaq12wsxcde",
  "aa12345678",
  "aa123456789",
  "admin12345",
  "admin123456",
  "administrator1",
  "iloveyou123",
  "welcome123",
  "letmein1234",
  "changeme123",
  "woaini1314520",
  "woaini123456",
  "asdf123456",
  "asdfghjkl1",
  "zxcvbnm123",
  "test123456",
]);

/** The argon2id PHC string for `password`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** True when `password` matches `passwordHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one real verification when there is no account to check, so a login for an
 * unknown username takes as long as one with a wrong password and timing does not tell them apart.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("microgov-dummy-password-0");
  await verifyPassword(await dummyHash, password);
}

/** Why `password` breaks the rules, or null when it meets them. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `A password may have at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password))
    return "A password needs both letters and digits.";
  const lower = password.toLowerCase();
  if (username.length > 0 && lower.includes(username.toLowerCase()))
    return "A password may not contain the username.";
  if (COMMON_PASSWORDS.has(lower)) return "This password is too common; choose another.";
  return null;
}

/** Throws 400 `weak_password` naming `field` when `password` breaks the rules. */
export function assertPasswordRules(password: string, username: string, field = "body.password"): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new BadRequestError("weak_password", problem, [{ field, message: problem }]);
}
