/**
 * The demo's "my data": the demo resident account (`resident`) gets the phone of a person of the
 * demo grid's register (one with a care tag, so the page shows one), and one reveal of that
 * person by the demo grid worker is logged, so "who read my data" has a true row. Signing in by
 * phone with that number shows the same persons. Runs once: an account that has a phone is left
 * alone.
 */
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { personalDataReads, roleBindings, users } from "../../db/schema.js";
import { openField } from "../../core/personal-data/field-crypto.js";
import { personalDataKeysFromEnv, type PersonalDataKeys } from "../../core/personal-data/keys.js";
import { personPopulationTags, persons } from "../people/index.js";

export async function linkDemoResidentPhone(
  db: Db,
  keys: PersonalDataKeys = personalDataKeysFromEnv(process.env),
): Promise<string[]> {
  const [resident] = await db
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(eq(users.username, "resident"));
  if (!resident || resident.phone !== null) return [];
  const [grid] = await db
    .select({ userId: users.id, path: roleBindings.scopePath })
    .from(users)
    .innerJoin(roleBindings, eq(roleBindings.userId, users.id))
    .where(eq(users.username, "grid_worker"));
  if (!grid) return [];
  // A person with a care tag first (the page then shows one), else anyone with a phone.
  const cared = sql`exists (select 1 from ${personPopulationTags} t where t.person_id = ${persons.id}
    and t.until is null and t.type_code = 'elderly_alone')`;
  const [person] = await db
    .select({ id: persons.id, cipher: persons.phoneCipher })
    .from(persons)
    .where(and(sql`${persons.regionPath} <@ ${grid.path}::ltree`, isNotNull(persons.phoneCipher)))
    .orderBy(desc(cared), asc(persons.name), asc(persons.id))
    .limit(1);
  if (!person?.cipher) return [];
  const phone = openField(keys, "phone", person.cipher);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ phone, updatedAt: sql`now()` })
      .where(eq(users.id, resident.id));
    await tx.insert(personalDataReads).values({
      userId: grid.userId,
      personId: person.id,
      fields: "phone",
      reason: "走访前核对联系电话",
      at: new Date(Date.now() - 3 * 86_400_000),
    });
  });
  return [`demo resident: phone of a register person (${phone.slice(0, 3)}****${phone.slice(-4)})`];
}
