/**
 * Where a person lives now, as the register knows it: the building of their current household's
 * dwelling, with its map point and grid (for an appeal raised about their home, e.g. from a visit).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { buildings, dwellings, householdMembers, households } from "./schema.js";

export interface PersonHome {
  buildingId: string;
  /** Null when the register has no point for the building. */
  point: { lon: number; lat: number } | null;
  gridCode: string | null;
  regionCode: string;
}

/** The current home of `personId`, or null when they belong to no household now. */
export async function personHome(db: Db | Tx, personId: string): Promise<PersonHome | null> {
  const [row] = await db
    .select({
      buildingId: buildings.id,
      lon: buildings.lon,
      lat: buildings.lat,
      gridCode: buildings.gridCode,
      regionCode: buildings.regionCode,
    })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .innerJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
    .where(and(eq(householdMembers.personId, personId), isNull(householdMembers.leftOn)))
    .limit(1);
  if (!row) return null;
  return {
    buildingId: row.buildingId,
    point: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
    gridCode: row.gridCode,
    regionCode: row.regionCode,
  };
}
