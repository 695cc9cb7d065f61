import type { App, AppContext } from "../../server/context.js";
import { computeTrend } from "./compute-trend.js";
import { gridDensity } from "./grid-density.js";
import { RateCasePageSchema } from "../rates/schemas.js";
import { findCockpitCases } from "./find-cockpit-cases.js";
import { CockpitCasesQuery, CockpitScopeQuery, DensitySchema, TrendSchema } from "./schemas.js";

const security = [{ session: [] }];

/**
 * What the cockpit shows beside GET /rates and /rates/breakdown: the figures month by month and
 * the appeals per grid for the density map. Same scope, period and visibility rules as /rates.
 */
export async function cockpitRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/cockpit/trend",
    {
      schema: {
        tags: ["rates"],
        summary: "The three rates and their companions month by month (China time) for a scope",
        description:
          "Same scope and period as GET /rates; without `from`, the twelve months up to `to` (default " +
          "today). Each month equals GET /rates asked for that month's days. At most 36 months.",
        security,
        querystring: CockpitScopeQuery,
        response: { 200: TrendSchema },
      },
    },
    async (request) => computeTrend(ctx.db, request.actor, request.query, new Date()),
  );

  app.get(
    "/cockpit/density",
    {
      schema: {
        tags: ["rates"],
        summary: "Appeals of a scope and period per grid, with each grid's shape (density map)",
        security,
        querystring: CockpitScopeQuery,
        response: { 200: DensitySchema },
      },
    },
    async (request) => gridDensity(ctx.db, request.actor, request.query),
  );

  app.get(
    "/cockpit/cases",
    {
      schema: {
        tags: ["rates"],
        summary:
          "The cases behind a figure, as GET /rates/cases, optionally of one category (and its subcategories)",
        security,
        querystring: CockpitCasesQuery,
        response: { 200: RateCasePageSchema },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      return findCockpitCases(ctx.db, request.actor, request.query, { page, pageSize });
    },
  );
}
