/**
 * Where the appeals of a rate scope come from: the cases of the scope and period counted per
 * grid, with each grid's shape for the cockpit's map. The cases counted are the rate scope's
 * (resolveRateScope: visibility, region or department, period, no merged duplicates), so the
 * grids' counts add up to the scope's "received" figure together with `withoutGrid`.
 */
import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, grids, regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { resolveRateScope } from "../rates/index.js";
import type { RateScopeReq } from "../rates/schemas.js";
import type { DensityView } from "./schemas.js";

export async function gridDensity(db: Db, actor: Actor | null, req: RateScopeReq): Promise<DensityView> {
  const scope = await resolveRateScope(db, actor, req);
  const perGrid = db
    .select({ code: cases.gridCode, n: count().as("n") })
    .from(cases)
    .where(and(scope.where, isNotNull(cases.gridCode)))
    .groupBy(cases.gridCode)
    .as("per_grid");
  const rows = await db
    .select({
      code: grids.code,
      name: regions.name,
      villageCode: grids.villageCode,
      count: sql<number>`${perGrid.n}`.mapWith(Number),
      geometry: grids.geometry,
    })
    .from(perGrid)
    .innerJoin(grids, eq(grids.code, perGrid.code))
    .innerJoin(regions, eq(regions.code, grids.code))
    .orderBy(desc(perGrid.n), grids.code);
  const [without] = await db
    .select({ n: count() })
    .from(cases)
    .where(and(scope.where, isNull(cases.gridCode)));
  return {
    grids: rows.map((r) => ({ ...r, geometry: r.geometry as DensityView["grids"][number]["geometry"] })),
    withoutGrid: without?.n ?? 0,
    max: rows[0]?.count ?? 0,
  };
}
