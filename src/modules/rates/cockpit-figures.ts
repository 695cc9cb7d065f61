/**
 * The three rates and their companions as the cockpit shows them (registered in ./manifest.ts):
 * a scope and period's figures, exactly GET /rates's, and the cases behind one figure, exactly
 * GET /rates/cases's, optionally narrowed to one category and its subcategories.
 */
import { and, eq, like, or, sql } from "drizzle-orm";
import type { CockpitFigureSet } from "../../core/modules/manifest.js";
import { cases } from "../../db/schema.js";
import { computeRates } from "./compute-rates.js";
import { CASE_FIGURES, type CaseFigure, type FigurePart } from "./figures.js";
import { findRateCases, type RateCasePage } from "./find-rate-cases.js";
import { resolveRateScope } from "./rate-scope.js";
import { loadRateSettings } from "./rate-settings.js";
import type { Figures, RateScopeReq } from "./schemas.js";

/** GET /rates/cases's query (one figure and part, paged), and optionally one category code. */
export type RateDrillDown = RateScopeReq & {
  figure: CaseFigure;
  part: FigurePart;
  page: number;
  pageSize: number;
  category?: string | undefined;
};

export const RATE_COCKPIT_FIGURES: CockpitFigureSet<RateScopeReq, Figures, RateDrillDown, RateCasePage> = {
  figures: CASE_FIGURES,
  async check(db, actor, req) {
    await resolveRateScope(db, actor, req);
  },
  async compute(db, actor, req, now) {
    const scope = await resolveRateScope(db, actor, req);
    return computeRates(db, scope, await loadRateSettings(db), now);
  },
  async drillDown(db, actor, query, now) {
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
      page: query.page,
      pageSize: query.pageSize,
      now,
    });
  },
};
