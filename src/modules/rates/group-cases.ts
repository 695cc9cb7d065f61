/** Grouping of cases by a breakdown dimension, shared by the plain breakdown and the roll-ups. */
import { asc, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, categories, organisations, regions } from "../../db/schema.js";
import type { BreakdownDimension } from "./schemas.js";

/**
 * The county or township code of a region path (city.county.township.village[.grid]); null for
 * a path that does not reach that level. The position is inlined (a constant, not a parameter)
 * so SELECT and GROUP BY carry the very same expression.
 */
export function regionKey(path: SQLWrapper, by: "county" | "township"): SQL<string | null> {
  const level = sql.raw(by === "county" ? "1" : "2");
  return sql<
    string | null
  >`case when nlevel(${path}) > ${level} then subpath(${path}, ${level}, 1)::text end`;
}

/**
 * `columns` over the cases matching `where`, per group of the breakdown dimension. Also used for
 * the roll-ups' live corrections, so both group cases by the very same keys.
 */
export async function groupCases<K extends string>(
  db: Db,
  where: SQL,
  by: BreakdownDimension,
  columns: Record<K, SQL<number>>,
): Promise<({ key: string | null; name: string | null } & Record<K, number>)[]> {
  type Row = { key: string | null; name: string | null } & Record<K, number>;
  switch (by) {
    case "county":
    case "township": {
      const key = regionKey(cases.regionPath, by);
      return (await db
        .select({ key, name: regions.name, ...columns })
        .from(cases)
        .leftJoin(regions, sql`${regions.code} = ${key}`)
        .where(where)
        .groupBy(key, regions.name)
        .orderBy(asc(key))) as unknown as Row[];
    }
    case "category":
      return (await db
        .select({ key: cases.categoryCode, name: categories.name, ...columns })
        .from(cases)
        .leftJoin(categories, eq(categories.code, cases.categoryCode))
        .where(where)
        .groupBy(cases.categoryCode, categories.name)
        .orderBy(asc(cases.categoryCode))) as unknown as Row[];
    case "department":
      return (await db
        .select({ key: sql<string>`${organisations.id}::text`, name: organisations.name, ...columns })
        .from(cases)
        .innerJoin(
          organisations,
          sql`${organisations.kind} = 'department'
            and (${organisations.id} = ${cases.assignedOrgId} or ${organisations.id} = ${cases.leadOrgId})`,
        )
        .where(where)
        .groupBy(organisations.id, organisations.name)
        .orderBy(asc(organisations.name))) as unknown as Row[];
  }
}
