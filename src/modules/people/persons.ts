/**
 * Persons (一人一档): register, correct, read (masked), list and search by name and address in
 * scope, look up by exact ID or phone number through the blind index, and reveal in full with
 * a reason. Every look-up hit and every reveal writes a `personal_data_reads` row in the same
 * transaction as the read. Decrypted numbers exist only in the answer of a reveal.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { personalDataReads, regions, users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { blindIndex, blindIndexes, openField, sealField } from "../../core/personal-data/field-crypto.js";
import {
  checkResidentId,
  maskDocumentNumber,
  maskPhone,
  normaliseDocumentNumber,
  normalisePhone,
} from "../../core/personal-data/id-number.js";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { resolvePlace, type Place } from "./place.js";
import { inRegisterScope, requireRegister, tagVisible } from "./policy.js";
import { inRegion, likePattern, updateVersioned } from "./records.js";
import {
  householdMembers,
  households,
  personEvents,
  personPopulationTags,
  persons,
  populationTypes,
  type IdDocumentType,
  type Relation,
} from "./schema.js";
import type {
  CreatePersonReq,
  PersonListReq,
  PersonLookupReq,
  PersonSummaryView,
  PersonView,
  PopulationTagView,
  UpdatePersonReq,
} from "./schemas.js";

/** The current home of a person, as one line: 3号楼2单元501. */
const currentAddressSql = sql<string | null>`(select concat_ws('', b.name, u.name, d.room)
  from household_members m join households h on h.id = m.household_id
  join dwellings d on d.id = h.dwelling_id join buildings b on b.id = d.building_id
  left join building_units u on u.id = d.unit_id
  where m.person_id = ${persons.id} and m.left_on is null limit 1)`;

type Identity = Pick<CreatePersonReq, "idDocumentType" | "idNumber" | "phone" | "sex" | "birthDate">;

/**
 * The personal-data columns of an identity: the number checked (an 18-digit resident ID by its
 * GB 11643 check digit, and against the sex and birth date given), sealed, indexed and masked.
 * Sex and birth date come from the resident ID when not given.
 */
export function sealIdentity(keys: PersonalDataKeys, p: Identity) {
  const out: Partial<typeof persons.$inferInsert> = {};
  if (p.idNumber !== undefined) {
    if (p.idNumber === null) {
      Object.assign(out, {
        idDocumentType: null,
        idNumberCipher: null,
        idNumberIndex: null,
        idNumberMasked: null,
      });
    } else {
      const type: IdDocumentType = p.idDocumentType ?? "resident_id";
      const number = normaliseDocumentNumber(p.idNumber);
      if (type === "resident_id") {
        const check = checkResidentId(number);
        if (!check.ok) {
          throw new BadRequestError("invalid_id_number", check.reason, [
            { field: "idNumber", message: check.reason },
          ]);
        }
        for (const field of ["sex", "birthDate"] as const) {
          if (p[field] && p[field] !== check.facts[field]) {
            const message = `The ${field === "sex" ? "sex" : "birth date"} given differs from what the resident ID number says.`;
            throw new BadRequestError("invalid_id_number", message, [{ field, message }]);
          }
        }
        out.sex = check.facts.sex;
        out.birthDate = check.facts.birthDate;
      }
      Object.assign(out, {
        idDocumentType: type,
        idNumberCipher: sealField(keys, "id_number", number),
        idNumberIndex: blindIndex(keys, "id_number", number),
        idNumberMasked: maskDocumentNumber(number),
      });
    }
  }
  if (p.phone !== undefined) {
    if (p.phone === null) {
      Object.assign(out, { phoneCipher: null, phoneIndex: null, phoneMasked: null });
    } else {
      const phone = normalisePhone(p.phone);
      if (!/^\d{7,15}$/.test(phone)) {
        throw new BadRequestError("validation_failed", "A phone number has 7 to 15 digits.", [
          { field: "phone", message: "must be a phone number of 7 to 15 digits" },
        ]);
      }
      Object.assign(out, {
        phoneCipher: sealField(keys, "phone", phone),
        phoneIndex: blindIndex(keys, "phone", phone),
        phoneMasked: maskPhone(phone),
      });
    }
  }
  return out;
}

/**
 * One person, one record: a document number already in the register (anywhere, in scope or not,
 * under the current index key or one a rotation is retiring) is refused.
 */
async function refuseTakenDocument(
  tx: Tx,
  keys: PersonalDataKeys,
  type: IdDocumentType | null | undefined,
  idNumber: string | null | undefined,
  exceptPersonId?: string,
): Promise<void> {
  if (!idNumber) return;
  const [same] = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(
      and(
        inArray(persons.idNumberIndex, blindIndexes(keys, "id_number", normaliseDocumentNumber(idNumber))),
        eq(persons.idDocumentType, type ?? "resident_id"),
        exceptPersonId ? ne(persons.id, exceptPersonId) : undefined,
      ),
    );
  if (same) throw personExists();
}

function personExists(): ConflictError {
  return new ConflictError("person_exists", "A person with this document number is already registered.");
}

/** A household in the actor's people.manage scope, or 404. */
export async function loadHouseholdToManage(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(households)
    .where(and(eq(households.id, id), inRegisterScope(households.regionPath, actor, "people.manage")));
  if (!row) throw new NotFoundError("Household", id);
  return row;
}

/** 400 when the household already has a head and `relation` is head. */
export async function checkHead(tx: Tx, householdId: string, relation: Relation, exceptPersonId?: string) {
  if (relation !== "head") return;
  const [head] = await tx
    .select({ personId: householdMembers.personId })
    .from(householdMembers)
    .where(
      and(
        eq(householdMembers.householdId, householdId),
        eq(householdMembers.relation, "head"),
        isNull(householdMembers.leftOn),
      ),
    );
  if (head && head.personId !== exceptPersonId) {
    throw new BadRequestError("validation_failed", "This household already has a head.", [
      { field: "relation", message: "the household already has a head" },
    ]);
  }
}

export async function createPerson(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  body: CreatePersonReq,
): Promise<{ id: string }> {
  requireRegister(actor, "people.manage");
  const sealed = sealIdentity(keys, body);
  let place: Place;
  const household = body.householdId ? await loadHouseholdToManage(tx, actor, body.householdId) : null;
  if (household) {
    place = {
      regionCode: household.regionCode,
      regionPath: household.regionPath,
      countyCode: household.countyCode,
      gridCode: household.gridCode,
    };
    await checkHead(tx, household.id, body.relation ?? "other");
  } else {
    place = await resolvePlace(tx, actor, body.regionCode ?? "");
  }
  await refuseTakenDocument(tx, keys, sealed.idDocumentType, body.idNumber);
  let row: { id: string } | undefined;
  try {
    [row] = await tx
      .insert(persons)
      .values({
        name: body.name,
        sex: body.sex ?? null,
        birthDate: body.birthDate ?? null,
        registeredResidence: body.registeredResidence ?? null,
        workplace: body.workplace ?? null,
        tags: body.tags ?? [],
        ...sealed,
        ...place,
      })
      .returning({ id: persons.id });
  } catch (err) {
    if (isUniqueViolation(err)) throw personExists();
    throw err;
  }
  if (!row) throw new Error("person insert returned nothing");
  if (household) {
    await tx.insert(householdMembers).values({
      householdId: household.id,
      personId: row.id,
      relation: body.relation ?? "other",
      joinedOn: new Date().toISOString().slice(0, 10),
    });
  }
  await tx.insert(personEvents).values({
    personId: row.id,
    kind: "registered",
    actorUserId: actor.userId,
    toHouseholdId: household?.id ?? null,
    toRegionPath: place.regionPath,
  });
  return row;
}

export async function updatePerson(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  id: string,
  body: UpdatePersonReq,
): Promise<void> {
  requireRegister(actor, "people.manage");
  const scope = inRegisterScope(persons.regionPath, actor, "people.manage");
  const [current] = await tx
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), scope));
  if (!current) throw new NotFoundError("Person", id);
  const { version, idNumber, phone, idDocumentType, ...plain } = body;
  const sealed = sealIdentity(keys, {
    idNumber,
    phone,
    idDocumentType: idDocumentType ?? current.idDocumentType,
    sex: plain.sex ?? (idNumber ? undefined : current.sex),
    birthDate: plain.birthDate ?? (idNumber ? undefined : current.birthDate),
  });
  await refuseTakenDocument(tx, keys, sealed.idDocumentType, idNumber, id);
  try {
    await updateVersioned(
      tx,
      {
        table: persons,
        id: persons.id,
        version: persons.version,
        updatedAt: persons.updatedAt,
        noun: "Person",
      },
      id,
      version,
      scope,
      { ...plain, ...sealed },
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw personExists();
    throw err;
  }
  // The history names what changed, never a value of personal data.
  const fields = Object.keys(body).filter((k) => k !== "version");
  await tx
    .insert(personEvents)
    .values({ personId: id, kind: "updated", actorUserId: actor.userId, detail: { fields } });
}

/** The visible population tags of `personIds`, by person. */
async function visibleTags(
  db: Tx,
  actor: Actor,
  personIds: string[],
): Promise<Map<string, PopulationTagView[]>> {
  const byPerson = new Map<string, PopulationTagView[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await db
    .select({ tag: personPopulationTags, type: populationTypes })
    .from(personPopulationTags)
    .innerJoin(populationTypes, eq(populationTypes.code, personPopulationTags.typeCode))
    .innerJoin(persons, eq(persons.id, personPopulationTags.personId))
    .where(
      and(
        inArray(personPopulationTags.personId, personIds),
        isNull(personPopulationTags.until),
        tagVisible(actor),
      ),
    )
    .orderBy(asc(populationTypes.sortOrder));
  for (const r of rows) {
    const list = byPerson.get(r.tag.personId) ?? [];
    list.push({
      id: r.tag.id,
      type: { code: r.type.code, group: r.type.group, nameZh: r.type.nameZh, nameEn: r.type.nameEn },
      riskLevel: r.tag.riskLevel,
      since: r.tag.since,
      note: r.tag.note,
    });
    byPerson.set(r.tag.personId, list);
  }
  return byPerson;
}

const summaryColumns = {
  row: persons,
  regionName: regions.name,
  address: currentAddressSql,
};

type SummaryRow = { row: typeof persons.$inferSelect; regionName: string; address: string | null };

async function presentSummaries(db: Tx, actor: Actor, rows: SummaryRow[]): Promise<PersonSummaryView[]> {
  const tags = await visibleTags(
    db,
    actor,
    rows.map((r) => r.row.id),
  );
  return rows.map(({ row: p, regionName, address }) => ({
    id: p.id,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    idDocumentType: p.idDocumentType,
    idNumber: p.idNumberMasked,
    phone: p.phoneMasked,
    region: { code: p.regionCode, name: regionName },
    address,
    populationTags: tags.get(p.id) ?? [],
  }));
}

/** Summaries of the given persons that the actor may read, in the order given. */
export async function personSummaries(db: Tx, actor: Actor, ids: string[]): Promise<PersonSummaryView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(summaryColumns)
    .from(persons)
    .innerJoin(regions, eq(regions.code, persons.regionCode))
    .where(and(inArray(persons.id, ids), inRegisterScope(persons.regionPath, actor, "people.read")));
  const views = await presentSummaries(db, actor, rows);
  const byId = new Map(views.map((v) => [v.id, v]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getPerson(db: Db, actor: Actor, id: string): Promise<PersonView> {
  requireRegister(actor, "people.read");
  const [row] = await db
    .select(summaryColumns)
    .from(persons)
    .innerJoin(regions, eq(regions.code, persons.regionCode))
    .where(and(eq(persons.id, id), inRegisterScope(persons.regionPath, actor, "people.read")));
  if (!row) throw new NotFoundError("Person", id);
  const [summary] = await presentSummaries(db, actor, [row]);
  if (!summary) throw new NotFoundError("Person", id);
  const [membership] = await db
    .select({
      id: households.id,
      type: households.type,
      relation: householdMembers.relation,
      dwellingId: households.dwellingId,
    })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(and(eq(householdMembers.personId, id), isNull(householdMembers.leftOn)));
  const history = await db
    .select({ event: personEvents, actor: users.displayName })
    .from(personEvents)
    .leftJoin(users, eq(users.id, personEvents.actorUserId))
    .where(eq(personEvents.personId, id))
    .orderBy(desc(personEvents.at), desc(personEvents.id));
  // A tag's history is as visible as the tag: events of types hidden from the reader are dropped.
  const visibleTypes = await db
    .select({ code: populationTypes.code })
    .from(populationTypes)
    .innerJoin(persons, eq(persons.id, id))
    .where(tagVisible(actor));
  const codes = new Set(visibleTypes.map((t) => t.code));
  const shown = history.filter(
    (h) =>
      (h.event.kind !== "tagged" && h.event.kind !== "untagged") ||
      codes.has(String((h.event.detail as { typeCode?: unknown } | null)?.typeCode)),
  );
  return {
    ...summary,
    registeredResidence: row.row.registeredResidence,
    workplace: row.row.workplace,
    tags: row.row.tags,
    household: membership ?? null,
    history: shown.map((h) => ({
      id: h.event.id,
      kind: h.event.kind,
      at: h.event.at.toISOString(),
      actor: h.actor,
      fromHouseholdId: h.event.fromHouseholdId,
      toHouseholdId: h.event.toHouseholdId,
      detail: h.event.detail ?? null,
    })),
    version: row.row.version,
  };
}

/**
 * Persons of a population type the actor may see: a type whose `visible_to` names none of the
 * actor's roles (where the person lives) matches nobody, exactly as a type without members.
 */
function taggedWith(actor: Actor, code: string): SQL {
  return sql`exists (select 1 from person_population_tags t join population_types on population_types.code = t.type_code
    where t.person_id = ${persons.id} and t.type_code = ${code} and t.until is null and ${tagVisible(actor)})`;
}

export async function listPersons(db: Db, actor: Actor, q: PersonListReq) {
  requireRegister(actor, "people.read");
  const where = and(
    inRegisterScope(persons.regionPath, actor, "people.read"),
    inRegion(persons.regionPath, q.region),
    q.name ? ilike(persons.name, likePattern(q.name)) : undefined,
    q.address ? sql`${currentAddressSql} ilike ${likePattern(q.address)}` : undefined,
    q.type ? taggedWith(actor, q.type) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(persons).where(where);
  const rows = await db
    .select(summaryColumns)
    .from(persons)
    .innerJoin(regions, eq(regions.code, persons.regionCode))
    .where(where)
    .orderBy(asc(persons.name), asc(persons.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: await presentSummaries(db, actor, rows),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Exact look-up by ID or phone number: the blind index of the normalised number, compared in
 * the query (no decryption, no scan). Each person found in scope is a personal-data read.
 */
export async function lookupPersons(db: Db, actor: Actor, keys: PersonalDataKeys, body: PersonLookupReq) {
  requireRegister(actor, "people.read");
  const match = body.idNumber
    ? inArray(persons.idNumberIndex, blindIndexes(keys, "id_number", normaliseDocumentNumber(body.idNumber)))
    : inArray(persons.phoneIndex, blindIndexes(keys, "phone", normalisePhone(body.phone ?? "")));
  return db.transaction(async (tx) => {
    const rows = await tx
      .select(summaryColumns)
      .from(persons)
      .innerJoin(regions, eq(regions.code, persons.regionCode))
      .where(and(match, inRegisterScope(persons.regionPath, actor, "people.read")))
      .orderBy(asc(persons.name))
      .limit(50);
    if (rows.length > 0) {
      await tx.insert(personalDataReads).values(
        rows.map((r) => ({
          userId: actor.userId,
          personId: r.row.id,
          fields: body.idNumber ? "id_number_lookup" : "phone_lookup",
          reason: null,
        })),
      );
    }
    return { items: await presentSummaries(tx, actor, rows) };
  });
}

/**
 * A person's ID and phone number in full, for someone whose role may see them (people.reveal),
 * with the reason; the read is logged in the same transaction. Visible but not revealable: 403.
 */
export async function revealPerson(db: Db, actor: Actor, keys: PersonalDataKeys, id: string, reason: string) {
  requireRegister(actor, "people.reveal");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(persons)
      .where(and(eq(persons.id, id), inRegisterScope(persons.regionPath, actor, "people.reveal")));
    if (!row) {
      const [seen] = await tx
        .select({ id: persons.id })
        .from(persons)
        .where(and(eq(persons.id, id), inRegisterScope(persons.regionPath, actor, "people.read")));
      if (seen) throw new ForbiddenError("Your role may not see this person's numbers in full here.");
      throw new NotFoundError("Person", id);
    }
    const fields = [row.idNumberCipher ? "id_number" : null, row.phoneCipher ? "phone" : null].filter(
      (f): f is string => f !== null,
    );
    await tx.insert(personalDataReads).values({
      userId: actor.userId,
      personId: row.id,
      fields: fields.join(",") || "none",
      reason,
    });
    return {
      idNumber: row.idNumberCipher ? openField(keys, "id_number", row.idNumberCipher) : null,
      phone: row.phoneCipher ? openField(keys, "phone", row.phoneCipher) : null,
    };
  });
}
