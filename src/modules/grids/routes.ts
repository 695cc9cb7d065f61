import { z } from "zod";
import type { App, AppContext } from "../../server/context.js";
import { AppError, NotFoundError } from "../../shared/errors.js";
import { pathWithin, requireActor, requirePermission } from "../../core/access/policy.js";
import { deleteGrid } from "./delete-grid.js";
import { exportGrids } from "./export-grids.js";
import { findVillage, getGrid, listGrids } from "./find-grids.js";
import { locateGrid } from "./grid-index.js";
import { importGrids } from "./import-grids.js";
import {
  FeatureCollectionOut,
  GridCodeParams,
  GridExportQuery,
  GridListQuery,
  GridSchema,
  GridListSchema,
  ImportAnswerSchema,
  CommunityAtSchema,
  ImportCheckQuery,
  LocateQuery,
  LocateResultSchema,
} from "./schemas.js";

const security = [{ session: [] }];

/** Per client address: a picker asks once per pin, a person does not pin 60 times a minute. */
export const COMMUNITY_AT_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

/**
 * Grids for staff, scoped: list, read, export, locate (grids.read) and import, delete
 * (grids.manage). A grid outside the caller's scope is 404, as if it did not exist.
 */
export async function gridRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/grids",
    {
      schema: {
        tags: ["grids"],
        summary: "The grids in your scope, one page at a time (shapes with ?geometry=true)",
        security,
        querystring: GridListQuery,
        response: { 200: GridListSchema },
      },
    },
    async (request) => {
      const scopes = requirePermission(request.actor, "grids.read");
      const q = request.query;
      return listGrids(ctx.db, {
        scopes,
        region: q.region,
        page: q.page,
        pageSize: q.pageSize,
        withGeometry: q.geometry === "true",
      });
    },
  );

  app.get(
    "/grids/export",
    {
      schema: {
        tags: ["grids"],
        summary: "The grids in your scope as a GeoJSON FeatureCollection (imports back unchanged)",
        security,
        querystring: GridExportQuery,
        response: { 200: FeatureCollectionOut },
      },
    },
    async (request) =>
      exportGrids(ctx.db, { actor: requireActor(request.actor), region: request.query.region }),
  );

  app.post(
    "/grids/import",
    {
      schema: {
        tags: ["grids"],
        summary: "Import grids from a GeoJSON FeatureCollection, all or nothing",
        description:
          "Body: a FeatureCollection of Polygon or MultiPolygon features in WGS 84 longitude/latitude, " +
          "properties `name`, `villageCode` and optionally `code` (15 digits; the village's next free " +
          "code when absent). Upserts by code; `mode=replace` also deletes the other grids of the " +
          "villages in the file. Polygons may touch but not overlap. One bad feature rejects the " +
          "whole import with its index and field in `details`. With `dryRun=true` the file is checked " +
          "the same way and the answer says what would change, but nothing is written; a file the import " +
          "would refuse answers 200 with `valid: false` and that refusal in `error`.",
        security: [{ session: [], csrf: [] }],
        querystring: ImportCheckQuery,
        // Checked by importGrids itself so that the HTTP API and the CLI report the same errors.
        body: z.unknown(),
        response: { 200: ImportAnswerSchema },
      },
    },
    async (request) => {
      const dryRun = request.query.dryRun === "true";
      const options = { actor: requireActor(request.actor), mode: request.query.mode, requestId: request.id };
      if (!dryRun) return importGrids(ctx.db, request.body, options);
      try {
        const result = await importGrids(ctx.db, request.body, { ...options, dryRun });
        return { ...result, dryRun: true as const, valid: true };
      } catch (err) {
        // The file's own problems are the answer of a check; who may import stays 401/403.
        if (!(err instanceof AppError) || ![400, 404, 409].includes(err.status)) throw err;
        const details = Array.isArray(err.details)
          ? (err.details as { field: string; message: string }[])
          : [];
        return {
          created: 0,
          updated: 0,
          deleted: 0,
          dryRun: true as const,
          valid: false,
          error: { code: err.code, message: err.message, details },
        };
      }
    },
  );

  app.get(
    "/grids/community",
    {
      config: { rateLimit: COMMUNITY_AT_RATE_LIMIT },
      schema: {
        tags: ["grids"],
        summary:
          "The community or village (and township) a point lies in, by name (public; 404 outside every mapped grid)",
        querystring: LocateQuery,
        response: { 200: CommunityAtSchema },
      },
    },
    async (request) => {
      const { lon, lat } = request.query;
      const grid = await locateGrid(ctx.db, lon, lat);
      if (!grid) throw new AppError(404, "not_found", "No community is mapped at this point.");
      // The grid's path: city.county.township.village.grid (findVillage reads any region by code).
      const townshipCode = grid.path.split(".")[2];
      const [village, township] = await Promise.all([
        findVillage(ctx.db, grid.villageCode),
        townshipCode ? findVillage(ctx.db, townshipCode) : null,
      ]);
      return {
        community: { name: village.name },
        township: township && township.name !== township.code ? { name: township.name } : null,
      };
    },
  );

  app.get(
    "/grids/locate",
    {
      schema: {
        tags: ["grids"],
        summary: "The grid a point lies in (404 when none in your scope does)",
        security,
        querystring: LocateQuery,
        response: { 200: LocateResultSchema },
      },
    },
    async (request) => {
      const scopes = requirePermission(request.actor, "grids.read");
      const { lon, lat } = request.query;
      const grid = await locateGrid(ctx.db, lon, lat);
      // The index is unscoped and in memory; the scope filter is applied to its one answer.
      if (!grid || !scopes.some((b) => pathWithin(grid.path, b.scopePath))) {
        throw new NotFoundError(`Grid at ${lon},${lat}`);
      }
      return { grid, village: await findVillage(ctx.db, grid.villageCode) };
    },
  );

  app.get(
    "/grids/:code",
    {
      schema: {
        tags: ["grids"],
        summary: "One grid with its shape",
        security,
        params: GridCodeParams,
        response: { 200: GridSchema },
      },
    },
    async (request) => {
      const scopes = requirePermission(request.actor, "grids.read");
      const grid = await getGrid(ctx.db, request.params.code, scopes);
      if (!grid) throw new NotFoundError("Grid", request.params.code);
      return grid;
    },
  );

  app.delete(
    "/grids/:code",
    {
      schema: {
        tags: ["grids"],
        summary: "Delete one grid (audited)",
        security: [{ session: [], csrf: [] }],
        params: GridCodeParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteGrid(ctx.db, request.params.code, {
        actor: requireActor(request.actor),
        requestId: request.id,
      });
      return reply.status(204).send(null);
    },
  );
}
