/**
 * The cases behind a figure (the rates module's drill-down, same predicates and scope), narrowed
 * to one category and its subcategories when asked: what a category bar of the cockpit opens.
 */
import { and, eq, like, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { findRateCases, type RateCasePage } from "../rates/index.js";
import { resolveRateScope } from "../rates/index.js";
import type { CockpitCasesReq } from "./schemas.js";

export async function findCockpitCases(
  db: Db,
  actor: Actor | null,
  query: CockpitCasesReq,
  opts: { page: number; pageSize: number },
): Promise<RateCasePage> {
  const scope = await resolveRateScope(db, actor, query);
  const where = query.category
    ? (and(
        scope.where,
        or(
          eq(cases.categoryCode, query.category),
          like(cases.categoryCode, `${query.category.replace(/_/g, "\\_")}.%`),
        ),
      ) ?? sql`false`)
    : scope.where;
  return findRateCases(db, where, {
    figure: query.figure,
    part: query.part,
    page: opts.page,
    pageSize: opts.pageSize,
    now: new Date(),
  });
}
