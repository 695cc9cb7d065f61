/**
 * The units (organisations) a case moves between, and the rules that name them: the level a
 * unit handles at, the centre that dispatched to it (a send back goes there) and the unit one
 * level up (escalation). Region paths decide "above": a unit's region contains the other's.
 */
import { and, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { organisations, type HandlingLevel, type OrganisationKind } from "../../db/schema.js";

/** A unit as the case actions need it. */
export interface Unit {
  id: string;
  kind: OrganisationKind;
  name: string;
  regionCode: string;
  regionPath: string;
  countyCode: string | null;
}

/** The columns of a `Unit`, with the ltree read as text. */
export const UNIT_COLUMNS = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  regionCode: organisations.regionCode,
  regionPath: sql<string>`${organisations.regionPath}::text`,
  countyCode: organisations.countyCode,
};

/** The governance centres (综治中心): they dispatch, take back what is returned, and supervise. */
export const CENTRES: readonly OrganisationKind[] = ["township_centre", "county_centre", "city_centre"];

/**
 * The handling level of a unit of `kind`. The level enum has four tiers; a county or city
 * centre handling a case itself counts with the departments as the county tier (above township).
 */
export function levelOfUnit(kind: OrganisationKind): HandlingLevel {
  switch (kind) {
    case "grid_post":
      return "grid";
    case "village_committee":
      return "village";
    case "township_centre":
      return "township";
    default:
      return "department";
  }
}

/** One unit by id, or null. */
export async function findUnit(tx: Tx, id: string): Promise<Unit | null> {
  const [unit] = await tx.select(UNIT_COLUMNS).from(organisations).where(eq(organisations.id, id));
  return unit ?? null;
}

/** The units with the given ids that also meet `where` (all of them when it is undefined). */
export async function findUnits(tx: Tx, ids: readonly string[], where?: SQL): Promise<Unit[]> {
  if (ids.length === 0) return [];
  return tx
    .select(UNIT_COLUMNS)
    .from(organisations)
    .where(and(inArray(organisations.id, [...ids]), where));
}

/**
 * The nearest unit above `unit` among `kinds`: its region strictly contains the unit's region,
 * except for a department, whose own region's centre is above it (县直部门 → 县综治中心).
 */
async function nearestAbove(tx: Tx, unit: Unit, kinds: readonly OrganisationKind[]): Promise<Unit | null> {
  const contains = sql`${organisations.regionPath} @> ${unit.regionPath}::ltree`;
  const strictly =
    unit.kind === "department" ? contains : and(contains, ne(organisations.regionCode, unit.regionCode));
  const [found] = await tx
    .select(UNIT_COLUMNS)
    .from(organisations)
    .where(and(strictly, inArray(organisations.kind, [...kinds])))
    .orderBy(desc(sql`nlevel(${organisations.regionPath})`))
    .limit(1);
  return found ?? null;
}

/**
 * The centre that dispatches to `unit` and takes back what it returns (退单): the township
 * centre above a grid post or village committee, the county centre for a township centre or a
 * county department, the city centre above a county centre or for a city department.
 */
export function dispatchingCentreFor(tx: Tx, unit: Unit): Promise<Unit | null> {
  return nearestAbove(tx, unit, CENTRES);
}

/**
 * Where escalation may lead; the county centre is the top of the ladder (as for the
 * scheduler's automatic escalation): it dispatches to the county's departments itself.
 */
export const ESCALATION_KINDS: readonly OrganisationKind[] = [
  "village_committee",
  "township_centre",
  "county_centre",
];

/** One level up (escalation): grid post → village committee → township centre → county centre. */
export function unitAbove(tx: Tx, unit: Unit): Promise<Unit | null> {
  return nearestAbove(tx, unit, ESCALATION_KINDS);
}
