import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { likePattern } from "../../db/like-pattern.js";
import { grids, regions } from "../../db/schema.js";
import type { Region, RegionDetail, RegionSearchReq, RegionSearchView } from "./schemas.js";

/**
 * The public region tree stops at villages: grids are published only to staff in scope
 * (see modules/grids), so these queries never return level `grid`.
 */
const columns = {
  code: regions.code,
  name: regions.name,
  level: regions.level,
  parentCode: regions.parentCode,
  path: sql<string>`${regions.path}::text`,
  // Qualified by hand: inside the subquery a bare column would bind to the inner table.
  childCount: sql<number>`(select count(*)::int from regions c where c.parent_code = regions.code and c.level <> 'grid')`,
};

/** One region (not a grid) with the box around its mapped grids. */
export async function getRegion(db: Db, code: string): Promise<RegionDetail | null> {
  const [row] = await db
    .select({
      ...columns,
      west: sql<number | null>`(select min(g.min_lon) from ${grids} g where g.path <@ regions.path)`,
      south: sql<number | null>`(select min(g.min_lat) from ${grids} g where g.path <@ regions.path)`,
      east: sql<number | null>`(select max(g.max_lon) from ${grids} g where g.path <@ regions.path)`,
      north: sql<number | null>`(select max(g.max_lat) from ${grids} g where g.path <@ regions.path)`,
    })
    .from(regions)
    .where(and(eq(regions.code, code), ne(regions.level, "grid")));
  if (!row) return null;
  const { west, south, east, north, ...region } = row;
  const extent =
    west === null || south === null || east === null || north === null
      ? null
      : ([west, south, east, north].map(Number) as [number, number, number, number]);
  return { ...region, extent };
}

/** Children of a region in code order; `null` parent lists the imported cities. */
export async function listChildRegions(db: Db, parentCode: string | null): Promise<Region[]> {
  return db
    .select(columns)
    .from(regions)
    .where(
      and(
        parentCode === null ? isNull(regions.parentCode) : eq(regions.parentCode, parentCode),
        ne(regions.level, "grid"),
      ),
    )
    .orderBy(asc(regions.code));
}

/** At most this many regions answer a search by name (a picker's list, not a report). */
const SEARCH_LIMIT = 20;

/**
 * Regions (not grids) whose name contains `q`, optionally under `within`: exact names first, then
 * the shallower levels, then by code; each with the names of the regions above it below the city.
 */
export async function searchRegions(db: Db, q: RegionSearchReq): Promise<RegionSearchView> {
  const rows = await db
    .select({
      ...columns,
      above: sql<string[]>`array(select a.name from regions a
        where a.path @> regions.path and a.code <> regions.code and a.level <> 'city'
        order by nlevel(a.path))`,
    })
    .from(regions)
    .where(
      and(
        ne(regions.level, "grid"),
        sql`${regions.name} ilike ${likePattern(q.q)}`,
        q.within
          ? sql`${regions.path} <@ (select path from regions w where w.code = ${q.within})`
          : undefined,
      ),
    )
    .orderBy(sql`${regions.name} = ${q.q} desc`, sql`nlevel(${regions.path})`, asc(regions.code))
    .limit(SEARCH_LIMIT);
  return { items: rows };
}
