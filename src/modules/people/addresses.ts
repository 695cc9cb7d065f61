/** Standard addresses (标准地址): create, read, list and search by text, correct, delete. */
import { and, asc, count, eq, ilike } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import { resolvePlace } from "./place.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { deleteInUseAware, inRegion, likePattern, updateVersioned } from "./records.js";
import { addresses } from "./schema.js";
import type { AddressListReq, AddressView, CreateAddressReq, UpdateAddressReq } from "./schemas.js";

type AddressParts = Pick<
  CreateAddressReq,
  "road" | "villageGroup" | "houseNumber" | "building" | "unit" | "room"
>;

/** The address as one line: 新华路12号3号楼2单元501室, 东王庄村三组15号. */
export function addressLabel(a: AddressParts): string {
  return [a.road ?? a.villageGroup, a.houseNumber, a.building, a.unit, a.room].filter(Boolean).join("");
}

const columns = {
  row: addresses,
  regionName: regions.name,
};

function present(r: { row: typeof addresses.$inferSelect; regionName: string }): AddressView {
  const a = r.row;
  return {
    id: a.id,
    road: a.road,
    villageGroup: a.villageGroup,
    houseNumber: a.houseNumber,
    building: a.building,
    unit: a.unit,
    room: a.room,
    label: a.label,
    lon: a.lon,
    lat: a.lat,
    region: { code: a.regionCode, name: r.regionName },
    countyCode: a.countyCode,
    gridCode: a.gridCode,
    version: a.version,
  };
}

export async function createAddress(tx: Tx, actor: Actor, body: CreateAddressReq, requestId?: string) {
  requireRegister(actor, "people.manage");
  const place = await resolvePlace(tx, actor, body.regionCode);
  const [row] = await tx
    .insert(addresses)
    .values({
      road: body.road ?? null,
      villageGroup: body.villageGroup ?? null,
      houseNumber: body.houseNumber ?? null,
      building: body.building ?? null,
      unit: body.unit ?? null,
      room: body.room ?? null,
      label: addressLabel(body),
      lon: body.lon ?? null,
      lat: body.lat ?? null,
      ...place,
    })
    .returning({ id: addresses.id });
  if (!row) throw new Error("address insert returned nothing");
  await recordAudit(tx, {
    actor,
    action: "address.create",
    entityType: "address",
    entityId: row.id,
    after: { label: addressLabel(body) },
    scopePath: place.regionPath,
    requestId,
  });
  return row;
}

export async function getAddress(db: Tx, actor: Actor, id: string): Promise<AddressView> {
  requireRegister(actor, "people.read");
  const [row] = await db
    .select(columns)
    .from(addresses)
    .innerJoin(regions, eq(regions.code, addresses.regionCode))
    .where(and(eq(addresses.id, id), inRegisterScope(addresses.regionPath, actor, "people.read")));
  if (!row) throw new NotFoundError("Address", id);
  return present(row);
}

export async function listAddresses(db: Db, actor: Actor, q: AddressListReq) {
  requireRegister(actor, "people.read");
  const where = and(
    inRegisterScope(addresses.regionPath, actor, "people.read"),
    inRegion(addresses.regionPath, q.region),
    q.q ? ilike(addresses.label, likePattern(q.q)) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(addresses).where(where);
  const rows = await db
    .select(columns)
    .from(addresses)
    .innerJoin(regions, eq(regions.code, addresses.regionCode))
    .where(where)
    .orderBy(asc(addresses.label), asc(addresses.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(present), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function updateAddress(
  tx: Tx,
  actor: Actor,
  id: string,
  body: UpdateAddressReq,
  requestId?: string,
) {
  requireRegister(actor, "people.manage");
  const scope = inRegisterScope(addresses.regionPath, actor, "people.manage");
  const [current] = await tx
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), scope));
  if (!current) throw new NotFoundError("Address", id);
  const { version, ...changes } = body;
  const next = { ...current, ...changes };
  if (!next.road && !next.villageGroup) {
    throw new BadRequestError("validation_failed", "A standard address needs a road or a village group.", [
      { field: "road", message: "a standard address needs a road or a village group" },
    ]);
  }
  await updateVersioned(
    tx,
    {
      table: addresses,
      id: addresses.id,
      version: addresses.version,
      updatedAt: addresses.updatedAt,
      noun: "Address",
    },
    id,
    version,
    scope,
    { ...changes, label: addressLabel(next) },
  );
  await recordAudit(tx, {
    actor,
    action: "address.update",
    entityType: "address",
    entityId: id,
    before: { label: current.label },
    after: { label: addressLabel(next) },
    scopePath: current.regionPath,
    requestId,
  });
}

export async function deleteAddress(db: Db, actor: Actor, id: string, requestId?: string) {
  requireRegister(actor, "people.manage");
  await deleteInUseAware(db, "Address", async (tx) => {
    const [gone] = await tx
      .delete(addresses)
      .where(and(eq(addresses.id, id), inRegisterScope(addresses.regionPath, actor, "people.manage")))
      .returning();
    if (!gone) throw new NotFoundError("Address", id);
    await recordAudit(tx, {
      actor,
      action: "address.delete",
      entityType: "address",
      entityId: id,
      before: { label: gone.label },
      scopePath: gone.regionPath,
      requestId,
    });
  });
}
