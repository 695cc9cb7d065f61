import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Region } from "./schemas.js";

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

export async function getRegion(db: Db, code: string): Promise<Region | null> {
  const [row] = await db
    .select(columns)
    .from(regions)
    .where(and(eq(regions.code, code), ne(regions.level, "grid")));
  return row ?? null;
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
