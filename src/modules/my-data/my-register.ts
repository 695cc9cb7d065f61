/**
 * "My data" (issue 13, residents' rights): what the register holds about the persons whose phone
 * is the signed-in resident's proven phone, and who in the government read them in full.
 *
 * The phone is proven when the account is a resident account (it holds the resident role and no
 * other) with a phone: a phone sign-in account got it by entering the code sent to it; the demo
 * resident's is set by the demo step. The persons are found by the phone's blind index only
 * (`personsOfPhone`), never by decrypting. The answer is the person's own data, so it is not a
 * staff read (no personal_data_reads row), but every look is in the audit log
 * (`register.view_own`). Numbers stay masked: a family may share one phone, so a resident never
 * sees another member's numbers in full here. Population tags: only care types (关爱人群) whose
 * measures include no control (管控); key types (重点人群) are absent, as for staff who may not
 * see them.
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import { organisations, personalDataReads, regions, roleBindings, users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { blindIndexes } from "../../core/personal-data/field-crypto.js";
import { normalisePhone } from "../../core/personal-data/id-number.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { GLOSSARY } from "../../shared/contracts/glossary.js";
import { AppError } from "../../shared/errors.js";
import { provenPhoneOf } from "../accounts/index.js";
import { maskName } from "../cases/index.js";
import {
  householdMembers,
  households,
  personPopulationTags,
  persons,
  populationTypes,
} from "../people/index.js";
import type { MyPersonView } from "./schemas.js";

/**
 * The `persons.phone_index` values of a phone, under the current index key and any a rotation is
 * retiring: the one place this module derives a blind index.
 */
export function personsOfPhone(keys: PersonalDataKeys, phone: string): string[] {
  return blindIndexes(keys, "phone", normalisePhone(phone));
}

/**
 * The resident's proven phone: 401/403 as the permission; 403 `phone_not_proven` for any account
 * but a phone sign-in account (its number proved by a one-time code). A password account's phone
 * was typed by whoever made it (an administrator may set anyone's number), so it opens nothing.
 */
export async function provenPhone(
  db: Db | Tx,
  actor: Actor | null,
): Promise<{ actor: Actor; phone: string }> {
  requirePermission(actor, "my_data.view");
  const who = actor as Actor;
  const residentOnly = who.bindings.every((b) => b.role === "resident");
  const proven = await provenPhoneOf(db, who.userId);
  const phone = proven ? normalisePhone(proven) : "";
  if (!residentOnly || phone.length < 7) {
    throw new AppError(403, "phone_not_proven", "Sign in with your mobile number and a code first.");
  }
  return { actor: who, phone };
}

/** The ids of the persons of the resident's phone (the set every route of this module checks against). */
export async function myPersonIds(db: Db | Tx, keys: PersonalDataKeys, phone: string): Promise<string[]> {
  const rows = await db
    .select({ id: persons.id })
    .from(persons)
    .where(inArray(persons.phoneIndex, personsOfPhone(keys, phone)))
    .orderBy(asc(persons.name), asc(persons.id));
  return rows.map((r) => r.id);
}

/** The current home of a person, as one line: 3号楼2单元501 (as the register shows it). */
const addressSql = sql<string | null>`(select concat_ws('', b.name, u.name, d.room)
  from household_members m join households h on h.id = m.household_id
  join dwellings d on d.id = h.dwelling_id join buildings b on b.id = d.building_id
  left join building_units u on u.id = d.unit_id
  where m.person_id = ${persons.id} and m.left_on is null limit 1)`;

/** What the register holds about the persons of the resident's phone; the look is audited. */
export async function myRegister(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
  requestId?: string,
): Promise<{ persons: MyPersonView[] }> {
  return db.transaction(async (tx) => {
    const { actor: who, phone } = await provenPhone(tx, actor);
    const ids = await myPersonIds(tx, keys, phone);
    await recordAudit(tx, {
      actor: who,
      action: "register.view_own",
      entityType: "register",
      after: { persons: ids.length },
      requestId,
    });
    if (ids.length === 0) return { persons: [] };
    // Grids are staff-only words: a person of a grid is shown in the village or community around it.
    const around = alias(regions, "around");
    const rows = await tx
      .select({
        p: persons,
        regionCode: sql<string>`case when ${regions.level} = 'grid' then ${around.code} else ${regions.code} end`,
        regionName: sql<string>`case when ${regions.level} = 'grid' then ${around.name} else ${regions.name} end`,
        address: addressSql,
      })
      .from(persons)
      .innerJoin(regions, eq(regions.code, persons.regionCode))
      .leftJoin(around, eq(around.code, regions.parentCode))
      .where(inArray(persons.id, ids))
      .orderBy(asc(persons.name), asc(persons.id));
    const memberships = await tx
      .select({
        personId: householdMembers.personId,
        householdId: households.id,
        type: households.type,
        relation: householdMembers.relation,
      })
      .from(householdMembers)
      .innerJoin(households, eq(households.id, householdMembers.householdId))
      .where(and(inArray(householdMembers.personId, ids), isNull(householdMembers.leftOn)));
    const householdIds = [...new Set(memberships.map((m) => m.householdId))];
    const members =
      householdIds.length === 0
        ? []
        : await tx
            .select({
              householdId: householdMembers.householdId,
              personId: householdMembers.personId,
              relation: householdMembers.relation,
              name: persons.name,
            })
            .from(householdMembers)
            .innerJoin(persons, eq(persons.id, householdMembers.personId))
            .where(and(inArray(householdMembers.householdId, householdIds), isNull(householdMembers.leftOn)))
            .orderBy(asc(householdMembers.joinedOn), asc(persons.id));
    // 关爱人群 only: a care type whose measures include control is withheld like a key type.
    const tags = await tx
      .select({
        personId: personPopulationTags.personId,
        since: personPopulationTags.since,
        code: populationTypes.code,
        nameZh: populationTypes.nameZh,
        nameEn: populationTypes.nameEn,
      })
      .from(personPopulationTags)
      .innerJoin(populationTypes, eq(populationTypes.code, personPopulationTags.typeCode))
      .where(
        and(
          inArray(personPopulationTags.personId, ids),
          isNull(personPopulationTags.until),
          eq(populationTypes.group, "care"),
          sql`not ('control' = any(${populationTypes.measureKinds}))`,
        ),
      )
      .orderBy(asc(populationTypes.sortOrder));
    return {
      persons: rows.map(({ p, regionCode, regionName, address }) => {
        const membership = memberships.find((m) => m.personId === p.id);
        return {
          id: p.id,
          name: p.name,
          sex: p.sex,
          birthDate: p.birthDate,
          idDocumentType: p.idDocumentType,
          idNumber: p.idNumberMasked,
          phone: p.phoneMasked,
          registeredResidence: p.registeredResidence,
          region: { code: regionCode, name: regionName },
          address,
          household: membership
            ? {
                type: membership.type,
                relation: membership.relation,
                members: members
                  .filter((m) => m.householdId === membership.householdId && m.personId !== p.id)
                  .map((m) => ({ name: maskName(m.name), relation: m.relation })),
              }
            : null,
          careTags: tags
            .filter((t) => t.personId === p.id)
            .map((t) => ({ type: { code: t.code, nameZh: t.nameZh, nameEn: t.nameEn }, since: t.since })),
        };
      }),
    };
  });
}

/**
 * Who in the government read the persons of the resident's phone in full (reveals) or found them
 * by their full number (look-ups): when, the reader's unit and roles, and the reason; newest
 * first. Never the staff member's own name.
 */
export async function myReads(db: Db, actor: Actor | null, keys: PersonalDataKeys) {
  const { phone } = await provenPhone(db, actor);
  const ids = await myPersonIds(db, keys, phone);
  if (ids.length === 0) return { items: [] };
  const rows = await db
    .select({
      at: personalDataReads.at,
      personId: personalDataReads.personId,
      personName: persons.name,
      fields: personalDataReads.fields,
      reason: personalDataReads.reason,
      userId: personalDataReads.userId,
      unitName: organisations.name,
      unitKind: organisations.kind,
    })
    .from(personalDataReads)
    .innerJoin(persons, eq(persons.id, personalDataReads.personId))
    .innerJoin(users, eq(users.id, personalDataReads.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(inArray(personalDataReads.personId, ids))
    .orderBy(desc(personalDataReads.at), desc(personalDataReads.id))
    .limit(200);
  const readers = [...new Set(rows.map((r) => r.userId))];
  const roles =
    readers.length === 0
      ? []
      : await db
          .selectDistinct({ userId: roleBindings.userId, role: roleBindings.role })
          .from(roleBindings)
          .where(and(inArray(roleBindings.userId, readers), ne(roleBindings.role, "resident")));
  return {
    items: rows.map((r) => ({
      at: r.at.toISOString(),
      personId: r.personId ?? "",
      personName: r.personName,
      kind: r.fields.endsWith("_lookup") ? ("lookup" as const) : ("reveal" as const),
      unit:
        r.unitName !== null && r.unitKind !== null
          ? { name: r.unitName, kind: GLOSSARY.orgKind[r.unitKind] }
          : null,
      roles: roles
        .filter((x) => x.userId === r.userId)
        .map((x) => x.role)
        .sort()
        .map((role) => GLOSSARY.role[role]),
      reason: r.reason,
    })),
  };
}
