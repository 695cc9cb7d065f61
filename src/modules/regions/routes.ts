import type { App, AppContext } from "../../server/context.js";
import { NotFoundError } from "../../shared/errors.js";
import { getRegion, listChildRegions, searchRegions } from "./find-regions.js";
import {
  RegionCodeParams,
  RegionDetailSchema,
  RegionListSchema,
  RegionSearchQuery,
  RegionSearchSchema,
} from "./schemas.js";

/** The public region tree: no sign-in needed, grids excluded. */
export async function regionRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/regions",
    { schema: { tags: ["regions"], summary: "The imported cities", response: { 200: RegionListSchema } } },
    async () => ({ items: await listChildRegions(ctx.db, null) }),
  );

  app.get(
    "/regions/search",
    {
      schema: {
        tags: ["regions"],
        summary: "Regions (county, township, village) by part of their name, for pickers",
        querystring: RegionSearchQuery,
        response: { 200: RegionSearchSchema },
      },
    },
    async (request) => searchRegions(ctx.db, request.query),
  );

  app.get(
    "/regions/:code",
    {
      schema: {
        tags: ["regions"],
        summary: "One region (city, county, township or village)",
        params: RegionCodeParams,
        response: { 200: RegionDetailSchema },
      },
    },
    async (request) => {
      const region = await getRegion(ctx.db, request.params.code);
      if (!region) throw new NotFoundError("Region", request.params.code);
      return region;
    },
  );

  app.get(
    "/regions/:code/children",
    {
      schema: {
        tags: ["regions"],
        summary: "The regions directly below one region",
        params: RegionCodeParams,
        response: { 200: RegionListSchema },
      },
    },
    async (request) => {
      const region = await getRegion(ctx.db, request.params.code);
      if (!region) throw new NotFoundError("Region", request.params.code);
      return { items: await listChildRegions(ctx.db, region.code) };
    },
  );
}
