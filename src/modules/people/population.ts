/**
 * The catalogue of key and care population types and the tags on persons. The catalogue a
 * reader gets lists only the types their roles may see; tagging with a type one may not see is
 * 404, as if the type did not exist.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { inRegisterScope, requireRegister, tagVisible, typeVisibleAnywhere } from "./policy.js";
import { personEvents, personPopulationTags, persons, populationTypes } from "./schema.js";
import type { PopulationTypeView, PutPopulationTypeReq, TagPersonReq } from "./schemas.js";
import { isUniqueViolation } from "../../db/database-errors.js";

function present(t: typeof populationTypes.$inferSelect): PopulationTypeView {
  return {
    code: t.code,
    group: t.group,
    nameZh: t.nameZh,
    nameEn: t.nameEn,
    visibleTo: t.visibleTo as PopulationTypeView["visibleTo"],
    visitIntervalDays: t.visitIntervalDays,
    measureKinds: t.measureKinds as PopulationTypeView["measureKinds"],
    measures: t.measures,
    hasRiskLevel: t.hasRiskLevel,
    active: t.active,
  };
}

/** The types the actor may see (admins with population_types.manage: all of them). */
export async function listPopulationTypes(db: Db, actor: Actor): Promise<PopulationTypeView[]> {
  requireRegister(actor, "people.read");
  const rows = await db
    .select()
    .from(populationTypes)
    .where(typeVisibleAnywhere(actor))
    .orderBy(asc(populationTypes.sortOrder), asc(populationTypes.code));
  return rows.map(present);
}

/** Adds or changes a type of the catalogue (city-wide: admins). */
export async function putPopulationType(
  tx: Tx,
  actor: Actor,
  code: string,
  body: PutPopulationTypeReq,
  requestId?: string,
): Promise<PopulationTypeView> {
  requirePermission(actor, "population_types.manage");
  const values = {
    ...body,
    visibleTo: [...new Set(body.visibleTo)],
    measureKinds: [...new Set(body.measureKinds)],
  };
  const [before] = await tx.select().from(populationTypes).where(eq(populationTypes.code, code));
  const [row] = await tx
    .insert(populationTypes)
    .values({ code, ...values, sortOrder: before?.sortOrder ?? 1000 })
    .onConflictDoUpdate({ target: populationTypes.code, set: { ...values, updatedAt: new Date() } })
    .returning();
  if (!row) throw new Error("population type upsert returned nothing");
  await recordAudit(tx, {
    actor,
    action: before ? "population_type.update" : "population_type.create",
    entityType: "population_type",
    entityId: code,
    before: before ? present(before) : null,
    after: present(row),
    requestId,
  });
  return present(row);
}

/** Tags a person in the actor's people.manage scope with a type their role there may see. */
export async function tagPerson(tx: Tx, actor: Actor, personId: string, body: TagPersonReq) {
  requireRegister(actor, "people.manage");
  const [person] = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), inRegisterScope(persons.regionPath, actor, "people.manage")));
  if (!person) throw new NotFoundError("Person", personId);
  // The type must be visible to the actor for this very person (same rule as reading the tag).
  const [type] = await tx
    .select({ type: populationTypes })
    .from(populationTypes)
    .innerJoin(persons, eq(persons.id, personId))
    .where(and(eq(populationTypes.code, body.typeCode), eq(populationTypes.active, true), tagVisible(actor)));
  if (!type) throw new NotFoundError("Population type", body.typeCode);
  if (type.type.hasRiskLevel && (body.riskLevel === null || body.riskLevel === undefined)) {
    throw new BadRequestError("risk_level_required", "This population type needs a risk level from 0 to 5.", [
      { field: "riskLevel", message: "required for this type (0–5)" },
    ]);
  }
  let row: { id: string } | undefined;
  try {
    [row] = await tx
      .insert(personPopulationTags)
      .values({
        personId,
        typeCode: body.typeCode,
        riskLevel: type.type.hasRiskLevel ? (body.riskLevel ?? null) : null,
        since: body.since,
        note: body.note ?? null,
        createdByUserId: actor.userId,
      })
      .returning({ id: personPopulationTags.id });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError("concurrent_update", "The person already carries this tag.");
    }
    throw err;
  }
  if (!row) throw new Error("tag insert returned nothing");
  await tx.insert(personEvents).values({
    personId,
    kind: "tagged",
    actorUserId: actor.userId,
    detail: { typeCode: body.typeCode },
  });
  return row;
}

/** Ends a tag (history kept); a tag the actor cannot see is 404. */
export async function untagPerson(tx: Tx, actor: Actor, personId: string, tagId: string) {
  requireRegister(actor, "people.manage");
  const [tag] = await tx
    .select({ id: personPopulationTags.id, typeCode: personPopulationTags.typeCode })
    .from(personPopulationTags)
    .innerJoin(populationTypes, eq(populationTypes.code, personPopulationTags.typeCode))
    .innerJoin(persons, eq(persons.id, personPopulationTags.personId))
    .where(
      and(
        eq(personPopulationTags.id, tagId),
        eq(personPopulationTags.personId, personId),
        isNull(personPopulationTags.until),
        inRegisterScope(persons.regionPath, actor, "people.manage"),
        tagVisible(actor),
      ),
    );
  if (!tag) throw new NotFoundError("Tag", tagId);
  await tx
    .update(personPopulationTags)
    .set({ until: new Date().toISOString().slice(0, 10) })
    .where(eq(personPopulationTags.id, tag.id));
  await tx.insert(personEvents).values({
    personId,
    kind: "untagged",
    actorUserId: actor.userId,
    detail: { typeCode: tag.typeCode },
  });
}
