import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { ORGANISATION_KINDS, organisations, regions } from "../../db/schema.js";
import { departmentTypeName } from "./department-types.js";
import type { Organisation, OrganisationList, OrganisationListReq } from "./schemas.js";

const columns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  regionCode: organisations.regionCode,
  regionName: regions.name,
  regionPath: sql<string>`${organisations.regionPath}::text`,
  countyCode: organisations.countyCode,
  departmentType: organisations.departmentType,
  // Qualified by hand: inside the subquery a bare column would bind to the inner table.
  memberCount: sql<number>`(select count(*)::int from users u where u.organisation_id = organisations.id)`,
};

type Row = Omit<Organisation, "departmentTypeName">;

function present(row: Row): Organisation {
  return { ...row, departmentTypeName: departmentTypeName(row.departmentType) };
}

/** Centres first, then departments, committees and posts: the order a dispatcher reads them in. */
const kindOrder = sql`array_position(array[${sql.join(
  ORGANISATION_KINDS.map((k) => sql`${k}`),
  sql`, `,
)}]::text[], ${organisations.kind})`;

/** One organisation by id, if `visible` (a policy clause) lets the caller see it. */
export async function getOrganisation(db: Tx, id: string, visible: SQL): Promise<Organisation | null> {
  const [row] = await db
    .select(columns)
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(and(eq(organisations.id, id), visible));
  return row ? present(row) : null;
}

/**
 * A page of the organisations `visible` lets the caller see, in tree order. An unknown `region`
 * matches nothing rather than 404ing, so the filter cannot probe for grids outside one's scope.
 */
export async function findOrganisations(
  db: Tx,
  visible: SQL,
  filter: OrganisationListReq,
): Promise<OrganisationList> {
  const where = and(
    visible,
    filter.kind === undefined ? undefined : eq(organisations.kind, filter.kind),
    filter.region === undefined
      ? undefined
      : sql`${organisations.regionPath} <@ (select r.path from regions r where r.code = ${filter.region})`,
    filter.q === undefined ? undefined : sql`strpos(lower(${organisations.name}), lower(${filter.q})) > 0`,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select(columns)
      .from(organisations)
      .innerJoin(regions, eq(regions.code, organisations.regionCode))
      .where(where)
      .orderBy(asc(organisations.regionPath), asc(kindOrder), asc(organisations.name), asc(organisations.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(organisations)
      .where(where),
  ]);
  return {
    items: rows.map(present),
    total: counted?.total ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

/** The stored fields of an organisation, as written to the audit log. */
export type OrganisationRecord = Pick<
  typeof organisations.$inferSelect,
  "id" | "kind" | "name" | "regionCode" | "regionPath" | "countyCode" | "departmentType"
>;

const recordColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  regionCode: organisations.regionCode,
  regionPath: sql<string>`${organisations.regionPath}::text`,
  countyCode: organisations.countyCode,
  departmentType: organisations.departmentType,
};

/**
 * Loads and row-locks an organisation the caller may manage (`manageable`, a policy clause), so
 * a concurrent change waits; null when absent or out of scope.
 */
export async function lockOrganisation(
  tx: Tx,
  id: string,
  manageable: SQL,
): Promise<OrganisationRecord | null> {
  const [row] = await tx
    .select(recordColumns)
    .from(organisations)
    .where(and(eq(organisations.id, id), manageable))
    .for("update");
  return row ?? null;
}

/** The organisations already at `regionCode` that a new or renamed unit would clash with. */
export async function findClashes(
  tx: Tx,
  unit: { regionCode: string; kind: string; name: string; departmentType: string | null; exceptId?: string },
): Promise<OrganisationRecord[]> {
  const clash = [eq(organisations.name, unit.name)];
  // One centre, committee or grid post per region; one department of each type per region.
  if (unit.kind !== "department") clash.push(sql`${organisations.kind} <> 'department'`);
  if (unit.departmentType !== null) clash.push(eq(organisations.departmentType, unit.departmentType));
  return tx
    .select(recordColumns)
    .from(organisations)
    .where(
      and(
        eq(organisations.regionCode, unit.regionCode),
        sql`(${sql.join(clash, sql` or `)})`,
        unit.exceptId === undefined ? undefined : sql`${organisations.id} <> ${unit.exceptId}`,
      ),
    );
}

/** A placed row of the register or of a workflow: its grid, if any, and its region. */
export interface Placed {
  gridCode: string | null;
  regionCode: string;
}

/** The key `unitsOfPlaces` answers under: the grid when the place lies in one, else its region. */
export const placeKey = (place: Placed): string => place.gridCode ?? place.regionCode;

/**
 * The unit that answers for each place: its grid post, or its village committee when it lies in
 * no grid (never a department). One query for any number of places; a place without a unit is
 * absent from the map.
 */
export async function unitsOfPlaces(tx: Tx, places: readonly Placed[]): Promise<Map<string, string>> {
  const keys = [...new Set(places.map(placeKey))];
  if (keys.length === 0) return new Map();
  const units = await tx
    .select({ id: organisations.id, regionCode: organisations.regionCode })
    .from(organisations)
    .where(and(inArray(organisations.regionCode, keys), ne(organisations.kind, "department")))
    .orderBy(asc(organisations.createdAt));
  const byPlace = new Map<string, string>();
  for (const u of units) if (!byPlace.has(u.regionCode)) byPlace.set(u.regionCode, u.id);
  return byPlace;
}
