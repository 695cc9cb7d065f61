import type { App, AppContext } from "../../server/context.js";
import { categoryNamesEn } from "./category-names.js";
import { computeBreakdown, computeRates } from "./compute-rates.js";
import { FIGURE_DEFINITIONS } from "./figures.js";
import { findRateCases } from "./find-rate-cases.js";
import { resolveRateScope, type RateScope } from "./rate-scope.js";
import { loadRateSettings, type RateSettings } from "./rate-settings.js";
import {
  RateBreakdownQuery,
  RateBreakdownSchema,
  RateCasePageSchema,
  RateCasesQuery,
  RatesQuery,
  RatesSchema,
  type RateScopeReq,
} from "./schemas.js";

const weightsView = (s: RateSettings) => ({ basicWeight: s.basicWeight, composite: s.weights });

function scopeView(req: RateScopeReq, scope: RateScope, now: Date) {
  return {
    region: req.region ?? null,
    department: req.department ?? null,
    from: scope.from?.toISOString() ?? null,
    to: scope.to?.toISOString() ?? null,
    asOf: now.toISOString(),
  };
}

/**
 * The three rates (三率) and their companions: figures, rankings and the cases behind each. Dashboard
 * reads: they go to the read replica when there is one (`ctx.readDb`).
 */
export async function rateRoutes(app: App, ctx: AppContext): Promise<void> {
  const db = ctx.readDb ?? ctx.db;
  app.get(
    "/rates",
    {
      schema: {
        tags: ["rates"],
        summary: "The three rates, composite score, on-time rate, grid/village share and counts of a scope",
        querystring: RatesQuery,
        response: { 200: RatesSchema },
      },
    },
    async (request) => {
      const scope = await resolveRateScope(db, request.actor, request.query);
      const settings = await loadRateSettings(db);
      const now = new Date();
      const figures = await computeRates(db, scope, settings, now);
      return {
        scope: scopeView(request.query, scope, now),
        figures,
        definitions: FIGURE_DEFINITIONS,
        weights: weightsView(settings),
      };
    },
  );

  app.get(
    "/rates/breakdown",
    {
      schema: {
        tags: ["rates"],
        summary: "The same figures per county, township, department or category (for rankings)",
        querystring: RateBreakdownQuery,
        response: { 200: RateBreakdownSchema },
      },
    },
    async (request) => {
      const scope = await resolveRateScope(db, request.actor, request.query);
      const settings = await loadRateSettings(db);
      const rows = await computeBreakdown(db, scope, request.query.by, settings, new Date());
      // Categories carry an English name in the catalogue; places and units are named in Chinese only.
      const english =
        request.query.by === "category"
          ? await categoryNamesEn(
              db,
              rows.map((r) => r.key),
            )
          : new Map();
      return {
        by: request.query.by,
        rows: rows.map((r) => ({ ...r, nameEn: (r.key === null ? null : english.get(r.key)) ?? null })),
        definitions: FIGURE_DEFINITIONS,
        weights: weightsView(settings),
      };
    },
  );

  app.get(
    "/rates/cases",
    {
      schema: {
        tags: ["rates"],
        summary: "The cases behind one figure's numerator or denominator, newest first",
        querystring: RateCasesQuery,
        response: { 200: RateCasePageSchema },
      },
    },
    async (request) => {
      const scope = await resolveRateScope(db, request.actor, request.query);
      const { figure, part, page, pageSize } = request.query;
      return findRateCases(db, scope.where, { figure, part, page, pageSize, now: new Date() });
    },
  );
}
