/** Buildings (楼栋) and courtyards (院落), their units (单元) and dwellings (房屋). */
import { and, asc, count, eq, ilike, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import { resolvePlace } from "./place.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { deleteInUseAware, inRegion, likePattern, updateVersioned } from "./records.js";
import { addresses, buildings, buildingUnits, dwellings } from "./schema.js";
import type {
  BuildingListReq,
  BuildingView,
  CreateBuildingReq,
  CreateDwellingReq,
  DwellingView,
  UpdateBuildingReq,
  UpdateDwellingReq,
} from "./schemas.js";

const BUILDING = {
  table: buildings,
  id: buildings.id,
  version: buildings.version,
  updatedAt: buildings.updatedAt,
  noun: "Building",
};
const DWELLING = {
  table: dwellings,
  id: dwellings.id,
  version: dwellings.version,
  updatedAt: dwellings.updatedAt,
  noun: "Dwelling",
};

/** An address id the actor may use: in their people.manage scope, else 404. */
async function checkAddress(tx: Tx, actor: Actor, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const [row] = await tx
    .select({ id: addresses.id })
    .from(addresses)
    .where(and(eq(addresses.id, id), inRegisterScope(addresses.regionPath, actor, "people.manage")));
  if (!row) throw new NotFoundError("Address", id);
}

export async function createBuilding(tx: Tx, actor: Actor, body: CreateBuildingReq, requestId?: string) {
  requireRegister(actor, "people.manage");
  const place = await resolvePlace(tx, actor, body.regionCode);
  await checkAddress(tx, actor, body.addressId);
  if (new Set(body.units).size !== body.units.length) {
    throw new BadRequestError("validation_failed", "Unit names repeat.", [
      { field: "units", message: "each unit name once" },
    ]);
  }
  const [row] = await tx
    .insert(buildings)
    .values({
      kind: body.kind,
      name: body.name,
      number: body.number ?? null,
      addressId: body.addressId ?? null,
      floors: body.floors ?? null,
      lon: body.lon ?? null,
      lat: body.lat ?? null,
      footprint: body.footprint ?? null,
      ...place,
    })
    .returning({ id: buildings.id });
  if (!row) throw new Error("building insert returned nothing");
  if (body.units.length > 0) {
    await tx.insert(buildingUnits).values(body.units.map((name) => ({ buildingId: row.id, name })));
  }
  await recordAudit(tx, {
    actor,
    action: "building.create",
    entityType: "building",
    entityId: row.id,
    after: { name: body.name, units: body.units },
    scopePath: place.regionPath,
    requestId,
  });
  return row;
}

type BuildingRow = typeof buildings.$inferSelect & { regionName: string; addressLabel: string | null };

async function presentBuildings(db: Tx, rows: BuildingRow[]): Promise<BuildingView[]> {
  const ids = rows.map((r) => r.id);
  const units = ids.length
    ? await db
        .select()
        .from(buildingUnits)
        .where(inArray(buildingUnits.buildingId, ids))
        .orderBy(asc(buildingUnits.name))
    : [];
  const counts = ids.length
    ? await db
        .select({ buildingId: dwellings.buildingId, n: count() })
        .from(dwellings)
        .where(inArray(dwellings.buildingId, ids))
        .groupBy(dwellings.buildingId)
    : [];
  const countOf = new Map(counts.map((c) => [c.buildingId, c.n]));
  return rows.map((b) => ({
    id: b.id,
    kind: b.kind,
    name: b.name,
    number: b.number,
    address: b.addressId && b.addressLabel ? { id: b.addressId, label: b.addressLabel } : null,
    floors: b.floors,
    lon: b.lon,
    lat: b.lat,
    footprint: (b.footprint as BuildingView["footprint"]) ?? null,
    region: { code: b.regionCode, name: b.regionName },
    gridCode: b.gridCode,
    units: units.filter((u) => u.buildingId === b.id).map((u) => ({ id: u.id, name: u.name })),
    dwellings: countOf.get(b.id) ?? 0,
    version: b.version,
  }));
}

const buildingColumns = {
  id: buildings.id,
  kind: buildings.kind,
  name: buildings.name,
  number: buildings.number,
  addressId: buildings.addressId,
  floors: buildings.floors,
  lon: buildings.lon,
  lat: buildings.lat,
  footprint: buildings.footprint,
  regionCode: buildings.regionCode,
  regionPath: buildings.regionPath,
  countyCode: buildings.countyCode,
  gridCode: buildings.gridCode,
  version: buildings.version,
  createdAt: buildings.createdAt,
  updatedAt: buildings.updatedAt,
  regionName: regions.name,
  addressLabel: addresses.label,
};

/**
 * Buildings in the order people count them: "2号院" before "10号院", "银河小区3号楼" before
 * "银河小区12号楼" (the text before the first number, then that number, then the whole name).
 */
const buildingOrder = [
  asc(sql`regexp_replace(${buildings.name}, '[0-9].*$', '')`),
  sql`(substring(${buildings.name} from '[0-9]+'))::numeric asc nulls first`,
  asc(buildings.name),
];

export async function listBuildings(db: Db, actor: Actor, q: BuildingListReq) {
  requireRegister(actor, "people.read");
  const where = and(
    inRegisterScope(buildings.regionPath, actor, "people.read"),
    inRegion(buildings.regionPath, q.region),
    q.q ? or(ilike(buildings.name, likePattern(q.q)), ilike(addresses.label, likePattern(q.q))) : undefined,
  );
  const [total] = await db
    .select({ n: count() })
    .from(buildings)
    .leftJoin(addresses, eq(addresses.id, buildings.addressId))
    .where(where);
  const rows = await db
    .select(buildingColumns)
    .from(buildings)
    .innerJoin(regions, eq(regions.code, buildings.regionCode))
    .leftJoin(addresses, eq(addresses.id, buildings.addressId))
    .where(where)
    .orderBy(...buildingOrder, asc(buildings.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: await presentBuildings(db, rows),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getBuilding(db: Db, actor: Actor, id: string) {
  requireRegister(actor, "people.read");
  const [row] = await db
    .select(buildingColumns)
    .from(buildings)
    .innerJoin(regions, eq(regions.code, buildings.regionCode))
    .leftJoin(addresses, eq(addresses.id, buildings.addressId))
    .where(and(eq(buildings.id, id), inRegisterScope(buildings.regionPath, actor, "people.read")));
  if (!row) throw new NotFoundError("Building", id);
  const [view] = await presentBuildings(db, [row]);
  if (!view) throw new NotFoundError("Building", id);
  return { ...view, dwellingList: await listDwellingsOf(db, [id]) };
}

export async function updateBuilding(
  tx: Tx,
  actor: Actor,
  id: string,
  body: UpdateBuildingReq,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const scope = inRegisterScope(buildings.regionPath, actor, "people.manage");
  const { version, ...changes } = body;
  const [current] = await tx
    .select()
    .from(buildings)
    .where(and(eq(buildings.id, id), scope));
  if (!current) throw new NotFoundError("Building", id);
  await checkAddress(tx, actor, changes.addressId);
  await updateVersioned(tx, BUILDING, id, version, scope, changes);
  await recordAudit(tx, {
    actor,
    action: "building.update",
    entityType: "building",
    entityId: id,
    before: { name: current.name },
    after: changes,
    scopePath: current.regionPath,
    requestId,
  });
}

export async function deleteBuilding(db: Db, actor: Actor, id: string, requestId?: string) {
  requireRegister(actor, "people.manage");
  await deleteInUseAware(db, "Building", async (tx) => {
    const [gone] = await tx
      .delete(buildings)
      .where(and(eq(buildings.id, id), inRegisterScope(buildings.regionPath, actor, "people.manage")))
      .returning();
    if (!gone) throw new NotFoundError("Building", id);
    await recordAudit(tx, {
      actor,
      action: "building.delete",
      entityType: "building",
      entityId: id,
      before: { name: gone.name },
      scopePath: gone.regionPath,
      requestId,
    });
  });
}

// ---- dwellings ----

/** 3号楼2单元501: the building, its unit and the room. */
export const dwellingLabelSql = sql<string>`concat_ws('', (select b.name from buildings b where b.id = ${dwellings.buildingId}), (select u.name from building_units u where u.id = ${dwellings.unitId}), ${dwellings.room})`;

async function listDwellingsOf(
  db: Tx,
  buildingIds: string[],
  dwellingIds?: string[],
): Promise<DwellingView[]> {
  const rows = await db
    .select({
      row: dwellings,
      unitName: buildingUnits.name,
      regionName: regions.name,
      label: dwellingLabelSql,
      households: sql<number>`(select count(*)::int from households h where h.dwelling_id = ${dwellings.id})`,
    })
    .from(dwellings)
    .innerJoin(regions, eq(regions.code, dwellings.regionCode))
    .leftJoin(buildingUnits, eq(buildingUnits.id, dwellings.unitId))
    .where(dwellingIds ? inArray(dwellings.id, dwellingIds) : inArray(dwellings.buildingId, buildingIds))
    .orderBy(asc(dwellings.floor), asc(dwellings.room));
  return rows.map((r) => ({
    id: r.row.id,
    buildingId: r.row.buildingId,
    unit: r.row.unitId && r.unitName ? { id: r.row.unitId, name: r.unitName } : null,
    floor: r.row.floor,
    room: r.row.room,
    use: r.row.use,
    label: r.label,
    region: { code: r.row.regionCode, name: r.regionName },
    households: r.households,
    version: r.row.version,
  }));
}

/** The unit `unitId` of `buildingId`, or 400: a dwelling sits in a unit of its own building. */
async function checkUnit(tx: Tx, buildingId: string, unitId: string | null | undefined) {
  if (!unitId) return;
  const [unit] = await tx
    .select({ id: buildingUnits.id })
    .from(buildingUnits)
    .where(and(eq(buildingUnits.id, unitId), eq(buildingUnits.buildingId, buildingId)));
  if (!unit) {
    throw new BadRequestError("validation_failed", "The unit is not one of this building's.", [
      { field: "unitId", message: "must be a unit of the building" },
    ]);
  }
}

export async function createDwelling(tx: Tx, actor: Actor, body: CreateDwellingReq, requestId?: string) {
  requireRegister(actor, "people.manage");
  const [building] = await tx
    .select()
    .from(buildings)
    .where(
      and(eq(buildings.id, body.buildingId), inRegisterScope(buildings.regionPath, actor, "people.manage")),
    );
  if (!building) throw new NotFoundError("Building", body.buildingId);
  await checkUnit(tx, building.id, body.unitId);
  const [row] = await tx
    .insert(dwellings)
    .values({
      buildingId: building.id,
      unitId: body.unitId ?? null,
      floor: body.floor ?? null,
      room: body.room,
      use: body.use,
      regionCode: building.regionCode,
      regionPath: building.regionPath,
      countyCode: building.countyCode,
      gridCode: building.gridCode,
    })
    .returning({ id: dwellings.id });
  if (!row) throw new Error("dwelling insert returned nothing");
  await recordAudit(tx, {
    actor,
    action: "dwelling.create",
    entityType: "dwelling",
    entityId: row.id,
    after: { buildingId: building.id, room: body.room, use: body.use },
    scopePath: building.regionPath,
    requestId,
  });
  return row;
}

export async function getDwelling(db: Db, actor: Actor, id: string): Promise<DwellingView> {
  requireRegister(actor, "people.read");
  const [visible] = await db
    .select({ id: dwellings.id })
    .from(dwellings)
    .where(and(eq(dwellings.id, id), inRegisterScope(dwellings.regionPath, actor, "people.read")));
  const [view] = visible ? await listDwellingsOf(db, [], [id]) : [];
  if (!view) throw new NotFoundError("Dwelling", id);
  return view;
}

export async function updateDwelling(
  tx: Tx,
  actor: Actor,
  id: string,
  body: UpdateDwellingReq,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const scope = inRegisterScope(dwellings.regionPath, actor, "people.manage");
  const [current] = await tx
    .select()
    .from(dwellings)
    .where(and(eq(dwellings.id, id), scope));
  if (!current) throw new NotFoundError("Dwelling", id);
  const { version, ...changes } = body;
  await checkUnit(tx, current.buildingId, changes.unitId);
  await updateVersioned(tx, DWELLING, id, version, scope, changes);
  await recordAudit(tx, {
    actor,
    action: "dwelling.update",
    entityType: "dwelling",
    entityId: id,
    before: { room: current.room, use: current.use },
    after: changes,
    scopePath: current.regionPath,
    requestId,
  });
}

export async function deleteDwelling(db: Db, actor: Actor, id: string, requestId?: string) {
  requireRegister(actor, "people.manage");
  await deleteInUseAware(db, "Dwelling", async (tx) => {
    const [gone] = await tx
      .delete(dwellings)
      .where(and(eq(dwellings.id, id), inRegisterScope(dwellings.regionPath, actor, "people.manage")))
      .returning();
    if (!gone) throw new NotFoundError("Dwelling", id);
    await recordAudit(tx, {
      actor,
      action: "dwelling.delete",
      entityType: "dwelling",
      entityId: id,
      before: { room: gone.room },
      scopePath: gone.regionPath,
      requestId,
    });
  });
}

/** For households: a dwelling in the actor's people.manage scope, or 404. */
export async function loadDwellingToManage(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select()
    .from(dwellings)
    .where(and(eq(dwellings.id, id), inRegisterScope(dwellings.regionPath, actor, "people.manage")));
  if (!row) throw new NotFoundError("Dwelling", id);
  return row;
}
