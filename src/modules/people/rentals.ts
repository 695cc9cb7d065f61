/**
 * Rental housing (出租屋): a dwelling let by a landlord of the register from a day, its tenants
 * with their move-in and move-out days (floating population registration). Moves are history: a
 * tenant row is never deleted, a move-out is a date on it, and an ended rental stays with its
 * tenants. A dwelling has one rental at a time (a partial unique index holds it under races).
 * Landlords and tenants are shown as the register's masked person summaries, with only the
 * population tags the reader's role may see; a person now living outside the reader's area is
 * shown as null (the row, not the person, is in scope).
 */
import { and, asc, count, desc, eq, inArray, isNull, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { personalDataReads, regions } from "../../db/schema.js";
import { blindIndexes } from "../../core/personal-data/field-crypto.js";
import { normaliseDocumentNumber, normalisePhone } from "../../core/personal-data/id-number.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { chinaToday } from "../../shared/contracts/days.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { dwellingLabelSql, loadDwellingToManage } from "./buildings.js";
import { createPerson, personSummaries } from "./persons.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { inRegion } from "./records.js";
import {
  dwellings,
  householdMembers,
  households,
  personEvents,
  persons,
  rentals,
  rentalTenants,
} from "./schema.js";
import type { AddTenantReq, CreateRentalReq, NewTenantReq, RentalListReq, RentalView } from "./schemas.js";

function badDate(field: string, message: string): BadRequestError {
  return new BadRequestError("validation_failed", message, [{ field, message }]);
}

/** A move is recorded when it has happened: a day after today is 400. */
function notInFuture(field: string, day: string): void {
  if (day > chinaToday()) throw badDate(field, "The day is in the future: record a move once it happened.");
}

/** A person the actor may read (people.read scope), or 404: landlords and tenants are of the register. */
async function loadPersonToRead(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ id: persons.id, name: persons.name, regionPath: persons.regionPath })
    .from(persons)
    .where(and(eq(persons.id, id), inRegisterScope(persons.regionPath, actor, "people.read")));
  if (!row) throw new NotFoundError("Person", id);
  return row;
}

/** A rental in the actor's people.manage scope, locked for the change, or 404. */
async function loadRentalToManage(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(rentals)
    .where(and(eq(rentals.id, id), inRegisterScope(rentals.regionPath, actor, "people.manage")))
    .for("update");
  if (!row) throw new NotFoundError("Rental", id);
  return row;
}

function rentalOpen(): ConflictError {
  return new ConflictError("rental_open", "This dwelling already has a rental that has not ended.");
}

/** Registers a rental of a dwelling in the actor's scope; the dwelling's use becomes rented. */
export async function createRental(tx: Tx, actor: Actor, body: CreateRentalReq, requestId?: string) {
  requireRegister(actor, "people.manage");
  const dwelling = await loadDwellingToManage(tx, actor, body.dwellingId);
  const landlord = await loadPersonToRead(tx, actor, body.landlordPersonId);
  notInFuture("startsOn", body.startsOn);
  const [open] = await tx
    .select({ id: rentals.id })
    .from(rentals)
    .where(and(eq(rentals.dwellingId, dwelling.id), isNull(rentals.endsOn)));
  if (open) throw rentalOpen();
  let row: { id: string } | undefined;
  try {
    [row] = await tx
      .insert(rentals)
      .values({
        dwellingId: dwelling.id,
        landlordPersonId: landlord.id,
        startsOn: body.startsOn,
        regionCode: dwelling.regionCode,
        regionPath: dwelling.regionPath,
        countyCode: dwelling.countyCode,
        gridCode: dwelling.gridCode,
      })
      .returning({ id: rentals.id });
  } catch (err) {
    if (isUniqueViolation(err)) throw rentalOpen();
    throw err;
  }
  if (!row) throw new Error("rental insert returned nothing");
  if (dwelling.use !== "rented") {
    await tx
      .update(dwellings)
      .set({ use: "rented", version: sql`${dwellings.version} + 1`, updatedAt: new Date() })
      .where(eq(dwellings.id, dwelling.id));
  }
  await recordAudit(tx, {
    actor,
    action: "rental.create",
    entityType: "rental",
    entityId: row.id,
    after: { dwellingId: dwelling.id, landlordPersonId: landlord.id, startsOn: body.startsOn },
    scopePath: dwelling.regionPath,
    requestId,
  });
  return row;
}

/**
 * The person a move-in describes by name and numbers: the one of that document number in the
 * reader's area (the look-up logged as a read, as a look-up by number is), else a new person of
 * the register at the rental's place. A number registered outside the area is 409 person_exists,
 * as creating the person would be (one person, one record).
 */
async function tenantPerson(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  rental: typeof rentals.$inferSelect,
  card: NewTenantReq,
): Promise<string> {
  if (card.idNumber) {
    const [known] = await tx
      .select({ id: persons.id, name: persons.name })
      .from(persons)
      .where(
        and(
          inArray(
            persons.idNumberIndex,
            blindIndexes(keys, "id_number", normaliseDocumentNumber(card.idNumber)),
          ),
          eq(persons.idDocumentType, card.idDocumentType ?? "resident_id"),
          inRegisterScope(persons.regionPath, actor, "people.read"),
        ),
      );
    if (known) {
      // A typo in the number must not move a stranger in: the name typed has to be theirs.
      if (known.name.trim() !== card.name.trim()) {
        throw new ConflictError(
          "person_name_mismatch",
          "The person registered with this document number has another name.",
        );
      }
      await tx
        .insert(personalDataReads)
        .values({ userId: actor.userId, personId: known.id, fields: "id_number_lookup", reason: null });
      return known.id;
    }
  }
  if (!card.idNumber && card.phone) {
    // Described by name and phone only: the person of the area with that name and phone, so a
    // second move-in (or a retry) does not register them twice.
    const [same] = await tx
      .select({ id: persons.id })
      .from(persons)
      .where(
        and(
          inArray(persons.phoneIndex, blindIndexes(keys, "phone", normalisePhone(card.phone))),
          eq(persons.name, card.name.trim()),
          inRegisterScope(persons.regionPath, actor, "people.read"),
        ),
      )
      .limit(1);
    if (same) return same.id;
  }
  const created = await createPerson(tx, actor, keys, {
    name: card.name,
    idDocumentType: card.idDocumentType,
    idNumber: card.idNumber,
    phone: card.phone,
    regionCode: rental.regionCode,
  });
  return created.id;
}

/**
 * A tenant moves in: on or after the rental's start, not in the future, not there already. The
 * tenant is a person of the register by id, or described by name and numbers (`tenantPerson`).
 */
export async function addTenant(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  rentalId: string,
  body: AddTenantReq,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const rental = await loadRentalToManage(tx, actor, rentalId);
  if (rental.endsOn !== null) throw new ConflictError("rental_ended", "This rental has ended.");
  if (body.movedInOn < rental.startsOn) {
    throw badDate("movedInOn", "A tenant cannot move in before the rental starts.");
  }
  notInFuture("movedInOn", body.movedInOn);
  const personId = body.person ? await tenantPerson(tx, actor, keys, rental, body.person) : body.personId;
  const person = await loadPersonToRead(tx, actor, personId ?? "");
  const alreadyThere = () =>
    new BadRequestError("validation_failed", "The person already lives in this rental.", [
      { field: "personId", message: "already a tenant" },
    ]);
  const [current] = await tx
    .select({ id: rentalTenants.id })
    .from(rentalTenants)
    .where(
      and(
        eq(rentalTenants.rentalId, rental.id),
        eq(rentalTenants.personId, person.id),
        isNull(rentalTenants.movedOutOn),
      ),
    );
  if (current) throw alreadyThere();
  let row: { id: string } | undefined;
  try {
    [row] = await tx
      .insert(rentalTenants)
      .values({ rentalId: rental.id, personId: person.id, movedInOn: body.movedInOn })
      .returning({ id: rentalTenants.id });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyThere();
    throw err;
  }
  if (!row) throw new Error("tenant insert returned nothing");
  // The person's history: a move into the rental, as a move between households is.
  await tx.insert(personEvents).values({
    personId: person.id,
    kind: "rented_in",
    actorUserId: actor.userId,
    fromRegionPath: person.regionPath,
    toRegionPath: rental.regionPath,
    detail: { on: body.movedInOn, rentalId: rental.id, dwellingId: rental.dwellingId },
  });
  await recordAudit(tx, {
    actor,
    action: "rental.move_in",
    entityType: "rental",
    entityId: rental.id,
    after: { tenantId: row.id, personId: person.id, movedInOn: body.movedInOn },
    scopePath: rental.regionPath,
    requestId,
  });
  return row;
}

/** A tenant moves out: the day is set on their row (never deleted), not before they moved in. */
export async function moveOutTenant(
  tx: Tx,
  actor: Actor,
  rentalId: string,
  tenantId: string,
  movedOutOn: string,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const rental = await loadRentalToManage(tx, actor, rentalId);
  const [tenant] = await tx
    .select()
    .from(rentalTenants)
    .where(and(eq(rentalTenants.id, tenantId), eq(rentalTenants.rentalId, rental.id)));
  if (!tenant) throw new NotFoundError("Tenant", tenantId);
  if (tenant.movedOutOn !== null) {
    throw new ConflictError("already_moved_out", "This tenant's move-out is already recorded.");
  }
  if (movedOutOn < tenant.movedInOn) {
    throw badDate("movedOutOn", "A tenant cannot move out before they moved in.");
  }
  notInFuture("movedOutOn", movedOutOn);
  await tx.update(rentalTenants).set({ movedOutOn }).where(eq(rentalTenants.id, tenant.id));
  await recordMoveOuts(tx, actor, rental, [tenant.personId], movedOutOn);
  await recordAudit(tx, {
    actor,
    action: "rental.move_out",
    entityType: "rental",
    entityId: rental.id,
    after: { tenantId: tenant.id, personId: tenant.personId, movedOutOn },
    scopePath: rental.regionPath,
    requestId,
  });
}

/** The persons' history: each moved out of the rental on the day. */
async function recordMoveOuts(
  tx: Tx,
  actor: Actor,
  rental: typeof rentals.$inferSelect,
  personIds: string[],
  on: string,
): Promise<void> {
  if (personIds.length === 0) return;
  await tx.insert(personEvents).values(
    personIds.map((personId) => ({
      personId,
      kind: "rented_out" as const,
      actorUserId: actor.userId,
      fromRegionPath: rental.regionPath,
      detail: { on, rentalId: rental.id, dwellingId: rental.dwellingId },
    })),
  );
}

/**
 * What a dwelling is used for once its rental ended: owner-occupied when the landlord lives there
 * (a member of a household at the dwelling now), else vacant.
 */
async function useAfterRental(
  tx: Tx,
  rental: typeof rentals.$inferSelect,
): Promise<"owner_occupied" | "vacant"> {
  const [home] = await tx
    .select({ id: householdMembers.id })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(
      and(
        eq(householdMembers.personId, rental.landlordPersonId),
        isNull(householdMembers.leftOn),
        eq(households.dwellingId, rental.dwellingId),
      ),
    )
    .limit(1);
  return home ? "owner_occupied" : "vacant";
}

/**
 * Ends a rental: tenants still living there move out the same day (a move on each one's history);
 * a dwelling still marked rented becomes owner-occupied when the landlord lives there, else
 * vacant (another use set meanwhile, e.g. commercial, stays); the dwelling may be let again.
 */
export async function endRental(tx: Tx, actor: Actor, rentalId: string, endsOn: string, requestId?: string) {
  requireRegister(actor, "people.manage");
  const rental = await loadRentalToManage(tx, actor, rentalId);
  if (rental.endsOn !== null) throw new ConflictError("rental_ended", "This rental has ended.");
  if (endsOn < rental.startsOn) throw badDate("endsOn", "A rental cannot end before it starts.");
  const living = await tx
    .select()
    .from(rentalTenants)
    .where(and(eq(rentalTenants.rentalId, rental.id), isNull(rentalTenants.movedOutOn)));
  if (living.some((t) => t.movedInOn > endsOn)) {
    throw badDate("endsOn", "A tenant moved in after this day: the rental cannot end before it.");
  }
  notInFuture("endsOn", endsOn);
  await tx.update(rentals).set({ endsOn }).where(eq(rentals.id, rental.id));
  if (living.length > 0) {
    await tx
      .update(rentalTenants)
      .set({ movedOutOn: endsOn })
      .where(
        inArray(
          rentalTenants.id,
          living.map((t) => t.id),
        ),
      );
  }
  await recordMoveOuts(
    tx,
    actor,
    rental,
    living.map((t) => t.personId),
    endsOn,
  );
  const [dwelling] = await tx
    .select({ use: dwellings.use })
    .from(dwellings)
    .where(eq(dwellings.id, rental.dwellingId))
    .for("update");
  const use = dwelling?.use === "rented" ? await useAfterRental(tx, rental) : null;
  if (use) {
    await tx
      .update(dwellings)
      .set({ use, version: sql`${dwellings.version} + 1`, updatedAt: new Date() })
      .where(eq(dwellings.id, rental.dwellingId));
  }
  await recordAudit(tx, {
    actor,
    action: "rental.end",
    entityType: "rental",
    entityId: rental.id,
    after: { endsOn, movedOut: living.map((t) => t.id), ...(use ? { dwellingUse: use } : {}) },
    scopePath: rental.regionPath,
    requestId,
  });
}

type RentalRow = typeof rentals.$inferSelect & { regionName: string; dwellingLabel: string };

const rentalColumns = {
  id: rentals.id,
  dwellingId: rentals.dwellingId,
  landlordPersonId: rentals.landlordPersonId,
  startsOn: rentals.startsOn,
  endsOn: rentals.endsOn,
  regionCode: rentals.regionCode,
  regionPath: rentals.regionPath,
  countyCode: rentals.countyCode,
  gridCode: rentals.gridCode,
  createdAt: rentals.createdAt,
  regionName: regions.name,
  dwellingLabel: dwellingLabelSql,
};

async function presentRentals(db: Tx, actor: Actor, rows: RentalRow[]): Promise<RentalView[]> {
  if (rows.length === 0) return [];
  const tenants = await db
    .select()
    .from(rentalTenants)
    .where(
      inArray(
        rentalTenants.rentalId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(
      sql`${rentalTenants.movedOutOn} is not null`,
      desc(rentalTenants.movedInOn),
      asc(rentalTenants.id),
    );
  // Masked summaries, tags only of the types the reader's role may see; out of their area: null.
  const people = await personSummaries(db, actor, [
    ...new Set([...rows.map((r) => r.landlordPersonId), ...tenants.map((t) => t.personId)]),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    dwelling: { id: r.dwellingId, label: r.dwellingLabel },
    region: { code: r.regionCode, name: r.regionName },
    landlord: byId.get(r.landlordPersonId) ?? null,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    tenants: tenants
      .filter((t) => t.rentalId === r.id)
      .map((t) => ({
        id: t.id,
        person: byId.get(t.personId) ?? null,
        movedInOn: t.movedInOn,
        movedOutOn: t.movedOutOn,
      })),
  }));
}

/** Rentals in the actor's scope: by region, dwelling, and whether they have ended; newest first. */
export async function listRentals(db: Db, actor: Actor, q: RentalListReq) {
  requireRegister(actor, "people.read");
  const where = and(
    inRegisterScope(rentals.regionPath, actor, "people.read"),
    inRegion(rentals.regionPath, q.region),
    q.dwelling ? eq(rentals.dwellingId, q.dwelling) : undefined,
    q.current === "true"
      ? isNull(rentals.endsOn)
      : q.current === "false"
        ? isNotNull(rentals.endsOn)
        : undefined,
  );
  const [total] = await db.select({ n: count() }).from(rentals).where(where);
  const rows = await db
    .select(rentalColumns)
    .from(rentals)
    .innerJoin(regions, eq(regions.code, rentals.regionCode))
    .innerJoin(dwellings, eq(dwellings.id, rentals.dwellingId))
    .where(where)
    .orderBy(sql`${rentals.endsOn} is not null`, desc(rentals.startsOn), asc(rentals.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: await presentRentals(db, actor, rows),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getRental(db: Db, actor: Actor, id: string): Promise<RentalView> {
  requireRegister(actor, "people.read");
  const [row] = await db
    .select(rentalColumns)
    .from(rentals)
    .innerJoin(regions, eq(regions.code, rentals.regionCode))
    .innerJoin(dwellings, eq(dwellings.id, rentals.dwellingId))
    .where(and(eq(rentals.id, id), inRegisterScope(rentals.regionPath, actor, "people.read")));
  const [view] = row ? await presentRentals(db, actor, [row]) : [];
  if (!view) throw new NotFoundError("Rental", id);
  return view;
}
