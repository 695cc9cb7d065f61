import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import { grids, regions } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Binding } from "../../core/access/actor.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";
import type { GridGeometry } from "./geometry.js";
import type { Grid } from "./schemas.js";

/** Scopes a query is limited to; null for the platform itself (CLI), which sees every grid. */
export type GridScopes = readonly Binding[] | null;

const village = alias(regions, "village");
const township = alias(regions, "township");

const summaryColumns = {
  code: grids.code,
  name: regions.name,
  villageCode: grids.villageCode,
  villageName: village.name,
  townshipCode: village.parentCode,
  townshipName: township.name,
  countyCode: grids.countyCode,
  path: sql<string>`${grids.path}::text`,
  minLon: grids.minLon,
  minLat: grids.minLat,
  maxLon: grids.maxLon,
  maxLat: grids.maxLat,
};

type SummaryRow = {
  code: string;
  name: string;
  villageCode: string;
  villageName: string;
  townshipCode: string | null;
  townshipName: string | null;
  countyCode: string;
  path: string;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  geometry?: unknown;
};

function present(row: SummaryRow): Grid {
  const grid: Grid = {
    code: row.code,
    name: row.name,
    villageCode: row.villageCode,
    villageName: row.villageName,
    townshipCode: row.townshipCode ?? "",
    townshipName: row.townshipName ?? "",
    countyCode: row.countyCode,
    path: row.path,
    bbox: [row.minLon, row.minLat, row.maxLon, row.maxLat],
  };
  if (row.geometry !== undefined) grid.geometry = row.geometry as GridGeometry;
  return grid;
}

/**
 * The `where` for grids the scopes may see, narrowed to the subtree of `regionCode` when given.
 * The region must exist and meet the scopes (lie inside one or contain one), else 404: a region
 * the caller has no part of is "not found", like a grid outside their scope.
 */
async function gridFilter(
  db: Db,
  scopes: GridScopes,
  regionCode: string | undefined,
): Promise<SQL | undefined> {
  const visible = scopes ? withinScopes(grids.path, scopes) : undefined;
  if (regionCode === undefined) return visible;
  const [region] = await db
    .select({ path: sql<string>`${regions.path}::text` })
    .from(regions)
    .where(
      and(
        eq(regions.code, regionCode),
        scopes ? or(withinScopes(regions.path, scopes), containingScopes(regions.path, scopes)) : undefined,
      ),
    );
  if (!region) throw new NotFoundError("Region", regionCode);
  return and(visible, sql`${grids.path} <@ ${region.path}::ltree`);
}

export interface ListGridsOptions {
  scopes: GridScopes;
  region?: string;
  page: number;
  pageSize: number;
  withGeometry: boolean;
}

/** One page of the grids in scope, in code order, with the total count. */
export async function listGrids(
  db: Db,
  opts: ListGridsOptions,
): Promise<{ items: Grid[]; total: number; page: number; pageSize: number }> {
  const where = await gridFilter(db, opts.scopes, opts.region);
  const columns = opts.withGeometry ? { ...summaryColumns, geometry: grids.geometry } : summaryColumns;
  const rows = await db
    .select(columns)
    .from(grids)
    .innerJoin(regions, eq(regions.code, grids.code))
    .innerJoin(village, eq(village.code, grids.villageCode))
    .leftJoin(township, eq(township.code, village.parentCode))
    .where(where)
    .orderBy(asc(grids.code))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const [total] = await db.select({ n: count() }).from(grids).where(where);
  return { items: rows.map(present), total: total?.n ?? 0, page: opts.page, pageSize: opts.pageSize };
}

/** One grid with its shape, or null when absent or outside the scopes. */
export async function getGrid(db: Tx, code: string, scopes: GridScopes): Promise<Grid | null> {
  const [row] = await db
    .select({ ...summaryColumns, geometry: grids.geometry })
    .from(grids)
    .innerJoin(regions, eq(regions.code, grids.code))
    .innerJoin(village, eq(village.code, grids.villageCode))
    .leftJoin(township, eq(township.code, village.parentCode))
    .where(and(eq(grids.code, code), scopes ? withinScopes(grids.path, scopes) : undefined));
  return row ? present(row) : null;
}

/** A grid FeatureCollection as export writes it and import reads it back. */
export interface GridExport {
  type: "FeatureCollection";
  features: {
    type: "Feature";
    geometry: GridGeometry;
    properties: { code: string; name: string; villageCode: string; townshipCode: string; countyCode: string };
  }[];
}

/** Every grid the scopes see (under `region` when given) as GeoJSON, in code order. */
export async function findGridFeatures(db: Db, scopes: GridScopes, region?: string): Promise<GridExport> {
  const where = await gridFilter(db, scopes, region);
  const rows = await db
    .select({ ...summaryColumns, geometry: grids.geometry })
    .from(grids)
    .innerJoin(regions, eq(regions.code, grids.code))
    .innerJoin(village, eq(village.code, grids.villageCode))
    .leftJoin(township, eq(township.code, village.parentCode))
    .where(where)
    .orderBy(asc(grids.code));
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: r.geometry as GridGeometry,
      properties: {
        code: r.code,
        name: r.name,
        villageCode: r.villageCode,
        townshipCode: r.townshipCode ?? "",
        countyCode: r.countyCode,
      },
    })),
  };
}

/** A grid's village (community) by code and name, for the pickers that show where a point is. */
export async function findVillage(db: Db, villageCode: string): Promise<{ code: string; name: string }> {
  const [village] = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.code, villageCode));
  // Grids reference their village (a foreign key): the code alone only for a row deleted meanwhile.
  return village ?? { code: villageCode, name: villageCode };
}
