/**
 * Households (户) at a dwelling and their members. A move is an event: joining a household ends
 * the person's current membership the same day, moves their place to the new household's, and
 * writes a `moved` event with both households and regions; nothing of the old one is deleted.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import { dwellingLabelSql, loadDwellingToManage } from "./buildings.js";
import { checkHead, loadHouseholdToManage, personSummaries } from "./persons.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { deleteInUseAware, updateVersioned } from "./records.js";
import { dwellings, householdMembers, households, personEvents, persons } from "./schema.js";
import type { AddMemberReq, CreateHouseholdReq, HouseholdView, UpdateHouseholdReq } from "./schemas.js";

export async function createHousehold(tx: Tx, actor: Actor, body: CreateHouseholdReq, requestId?: string) {
  requireRegister(actor, "people.manage");
  const dwelling = await loadDwellingToManage(tx, actor, body.dwellingId);
  const [row] = await tx
    .insert(households)
    .values({
      dwellingId: dwelling.id,
      type: body.type,
      number: body.number ?? null,
      regionCode: dwelling.regionCode,
      regionPath: dwelling.regionPath,
      countyCode: dwelling.countyCode,
      gridCode: dwelling.gridCode,
    })
    .returning({ id: households.id });
  if (!row) throw new Error("household insert returned nothing");
  await recordAudit(tx, {
    actor,
    action: "household.create",
    entityType: "household",
    entityId: row.id,
    after: { dwellingId: dwelling.id, type: body.type },
    scopePath: dwelling.regionPath,
    requestId,
  });
  return row;
}

export async function getHousehold(db: Db, actor: Actor, id: string): Promise<HouseholdView> {
  requireRegister(actor, "people.read");
  const [row] = await db
    .select({ row: households, regionName: regions.name, dwellingLabel: dwellingLabelSql })
    .from(households)
    .innerJoin(regions, eq(regions.code, households.regionCode))
    .innerJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .where(and(eq(households.id, id), inRegisterScope(households.regionPath, actor, "people.read")));
  if (!row) throw new NotFoundError("Household", id);
  const members = await db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.householdId, id), isNull(householdMembers.leftOn)))
    .orderBy(asc(householdMembers.joinedOn));
  // The head first, then by when they joined.
  members.sort((a, b) => Number(b.relation === "head") - Number(a.relation === "head"));
  const summaries = await personSummaries(
    db,
    actor,
    members.map((m) => m.personId),
  );
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return {
    id: row.row.id,
    type: row.row.type,
    number: row.row.number,
    dwelling: { id: row.row.dwellingId, label: row.dwellingLabel },
    region: { code: row.row.regionCode, name: row.regionName },
    members: members.flatMap((m) => {
      const person = byId.get(m.personId);
      return person ? [{ relation: m.relation, joinedOn: m.joinedOn, person }] : [];
    }),
    version: row.row.version,
  };
}

/** The households at a dwelling the actor may read, each with its members (masked); 404 for a dwelling out of scope. */
export async function listHouseholdsAt(db: Db, actor: Actor, dwellingId: string): Promise<HouseholdView[]> {
  requireRegister(actor, "people.read");
  const [dwelling] = await db
    .select({ id: dwellings.id })
    .from(dwellings)
    .where(and(eq(dwellings.id, dwellingId), inRegisterScope(dwellings.regionPath, actor, "people.read")));
  if (!dwelling) throw new NotFoundError("Dwelling", dwellingId);
  const rows = await db
    .select({ id: households.id })
    .from(households)
    .where(
      and(
        eq(households.dwellingId, dwellingId),
        inRegisterScope(households.regionPath, actor, "people.read"),
      ),
    )
    .orderBy(asc(households.createdAt), asc(households.id));
  const views: HouseholdView[] = [];
  for (const row of rows) views.push(await getHousehold(db, actor, row.id));
  return views;
}

export async function updateHousehold(
  tx: Tx,
  actor: Actor,
  id: string,
  body: UpdateHouseholdReq,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const scope = inRegisterScope(households.regionPath, actor, "people.manage");
  const { version, ...changes } = body;
  const current = await loadHouseholdToManage(tx, actor, id);
  await updateVersioned(
    tx,
    {
      table: households,
      id: households.id,
      version: households.version,
      updatedAt: households.updatedAt,
      noun: "Household",
    },
    id,
    version,
    scope,
    changes,
  );
  await recordAudit(tx, {
    actor,
    action: "household.update",
    entityType: "household",
    entityId: id,
    before: { type: current.type, number: current.number },
    after: changes,
    scopePath: current.regionPath,
    requestId,
  });
}

/** Deletes a household nobody ever belonged to (one with members or history is 409 record_in_use). */
export async function deleteHousehold(db: Db, actor: Actor, id: string, requestId?: string) {
  requireRegister(actor, "people.manage");
  await deleteInUseAware(db, "Household", async (tx) => {
    const [gone] = await tx
      .delete(households)
      .where(and(eq(households.id, id), inRegisterScope(households.regionPath, actor, "people.manage")))
      .returning();
    if (!gone) throw new NotFoundError("Household", id);
    await recordAudit(tx, {
      actor,
      action: "household.delete",
      entityType: "household",
      entityId: id,
      scopePath: gone.regionPath,
      requestId,
    });
  });
}

/** A person in the actor's people.manage scope, or 404. */
async function loadPersonToManage(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), inRegisterScope(persons.regionPath, actor, "people.manage")));
  if (!row) throw new NotFoundError("Person", id);
  return row;
}

/** A person moves into the household (from their current one, if any): history kept. */
export async function addMember(tx: Tx, actor: Actor, householdId: string, body: AddMemberReq) {
  requireRegister(actor, "people.manage");
  const household = await loadHouseholdToManage(tx, actor, householdId);
  const person = await loadPersonToManage(tx, actor, body.personId);
  const [current] = await tx
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.personId, person.id), isNull(householdMembers.leftOn)));
  if (current?.householdId === household.id) {
    throw new BadRequestError("validation_failed", "The person already lives in this household.", [
      { field: "personId", message: "already a member" },
    ]);
  }
  if (current && current.joinedOn > body.joinedOn) {
    throw new BadRequestError(
      "validation_failed",
      "The move is dated before the person joined their current household.",
      [{ field: "joinedOn", message: "before the current household's joining day" }],
    );
  }
  await checkHead(tx, household.id, body.relation);
  if (current) {
    await tx
      .update(householdMembers)
      .set({ leftOn: body.joinedOn })
      .where(eq(householdMembers.id, current.id));
  }
  await tx.insert(householdMembers).values({
    householdId: household.id,
    personId: person.id,
    relation: body.relation,
    joinedOn: body.joinedOn,
  });
  await tx
    .update(persons)
    .set({
      regionCode: household.regionCode,
      regionPath: household.regionPath,
      countyCode: household.countyCode,
      gridCode: household.gridCode,
      updatedAt: new Date(),
    })
    .where(eq(persons.id, person.id));
  await tx.insert(personEvents).values({
    personId: person.id,
    kind: "moved",
    actorUserId: actor.userId,
    fromHouseholdId: current?.householdId ?? null,
    toHouseholdId: household.id,
    fromRegionPath: person.regionPath,
    toRegionPath: household.regionPath,
    detail: { on: body.joinedOn, relation: body.relation },
  });
}

/** A person leaves the household (moved away, died): the membership ends, the record stays. */
export async function leaveHousehold(
  tx: Tx,
  actor: Actor,
  householdId: string,
  personId: string,
  leftOn: string,
) {
  requireRegister(actor, "people.manage");
  const household = await loadHouseholdToManage(tx, actor, householdId);
  const [current] = await tx
    .select()
    .from(householdMembers)
    .where(
      and(
        eq(householdMembers.personId, personId),
        eq(householdMembers.householdId, household.id),
        isNull(householdMembers.leftOn),
      ),
    );
  if (!current) throw new NotFoundError("Member", personId);
  if (leftOn < current.joinedOn) {
    throw new BadRequestError("validation_failed", "The person cannot leave before they joined.", [
      { field: "leftOn", message: "before the joining day" },
    ]);
  }
  await tx.update(householdMembers).set({ leftOn }).where(eq(householdMembers.id, current.id));
  await tx.insert(personEvents).values({
    personId,
    kind: "left",
    actorUserId: actor.userId,
    fromHouseholdId: household.id,
    fromRegionPath: household.regionPath,
    detail: { on: leftOn },
  });
}
