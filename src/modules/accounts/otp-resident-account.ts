import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions, roleBindings, users } from "../../db/schema.js";
import { createUser } from "./create-user.js";
import { maskMobile } from "./otp-codes.js";

/**
 * The username of a phone's resident account. Derived from a hash, not the number itself: staff
 * who list accounts see usernames, and the phone is personal data they see masked.
 */
export function residentUsername(phone: string): string {
  return `res_${createHash("sha256").update(`microgov-resident:${phone}`).digest("hex").slice(0, 20)}`;
}

/**
 * The resident account (role `resident`, scoped to the city like the demo `resident`) of a phone
 * that has just proved itself with a one-time code; created on its first sign-in. It has no
 * password (the stored hash matches none): residents sign in with codes only. A disabled account
 * stays disabled — the caller's session load refuses it.
 */
export async function findOrCreateResident(db: Db, phone: string, requestId?: string): Promise<string> {
  const username = residentUsername(phone);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (existing) return existing.id;
  return db.transaction(async (tx) => {
    const [city] = await tx
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.level, "city"))
      .orderBy(asc(regions.code))
      .limit(1);
    if (!city) throw new Error("No city in the region tree: residents cannot be given a scope.");
    try {
      const created = await tx.transaction((sp) =>
        createUser(sp, {
          username,
          displayName: `居民 ${maskMobile(phone)}`,
          phone,
          passwordHash: "!otp-only",
          roles: [{ role: "resident", regionCode: city.code }],
          actor: null,
          requestId,
        }),
      );
      return created.id;
    } catch (err) {
      // Two first sign-ins of one phone at once: the other one created it.
      const [raced] = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(roleBindings, and(eq(roleBindings.userId, users.id), eq(roleBindings.role, "resident")))
        .where(eq(users.username, username));
      if (raced) return raced.id;
      throw err;
    }
  });
}
