import { randomBytes } from "node:crypto";
import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions, users } from "../../db/schema.js";
import { createUser } from "./create-user.js";
import { maskMobile } from "./otp-codes.js";

/** The prefix of every phone sign-in account's username. */
const RESIDENT_PREFIX = "res_";

/** The stored hash of a phone sign-in account: it matches no password, so codes are the only way in. */
const OTP_ONLY = "!otp-only";

/**
 * A new resident account's username: random, so it says nothing about the phone. Staff who list
 * accounts see usernames beside the masked phone; a name derived from the number (even hashed)
 * would give the full number away to anyone who hashes the 10,000 numbers behind the mask.
 */
function randomResidentUsername(): string {
  return `${RESIDENT_PREFIX}${randomBytes(10).toString("hex")}`;
}

/**
 * The phone's sign-in account, oldest first should there ever be two. Accounts made before
 * usernames were random (`res_` + a hash of the phone; renamed by migration 0007) are found the
 * same way.
 */
async function findResident(db: Db | Tx, phone: string): Promise<string | undefined> {
  const [found] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.phone, phone), like(users.username, `${RESIDENT_PREFIX.replace("_", "\\_")}%`)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return found?.id;
}

/**
 * The resident account (role `resident`, scoped to the city like the demo `resident`) of a phone
 * that has just proved itself with a one-time code; created on its first sign-in. It has no
 * password (the stored hash matches none): residents sign in with codes only. A disabled account
 * stays disabled — the caller's session load refuses it.
 */
export async function findOrCreateResident(db: Db, phone: string, requestId?: string): Promise<string> {
  const existing = await findResident(db, phone);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    // Two first sign-ins of one phone at once: the second waits here, then finds the first's.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`microgov-resident:${phone}`}, 0))`);
    const raced = await findResident(tx, phone);
    if (raced) return raced;
    const [city] = await tx
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.level, "city"))
      .orderBy(asc(regions.code))
      .limit(1);
    if (!city) throw new Error("No city in the region tree: residents cannot be given a scope.");
    const created = await createUser(tx, {
      username: randomResidentUsername(),
      displayName: `居民 ${maskMobile(phone)}`,
      phone,
      passwordHash: OTP_ONLY,
      roles: [{ role: "resident", regionCode: city.code }],
      actor: null,
      requestId,
    });
    return created.id;
  });
}

/**
 * The phone an account proved with a one-time code: a phone sign-in account's own number (its
 * sessions exist only after a code to that number), or null for any other account — staff and
 * password accounts may carry a phone nobody proved, which must not open a resident's records.
 * An account an administrator made with a `res_` name has a password, so it is not one.
 */
export async function provenPhoneOf(db: Db | Tx, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ phone: users.phone, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row?.phone || !row.username.startsWith(RESIDENT_PREFIX) || row.passwordHash !== OTP_ONLY) return null;
  return row.phone;
}
