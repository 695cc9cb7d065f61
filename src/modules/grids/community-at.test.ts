/**
 * GET /api/v1/grids/community (public): the community or village and township a point lies in,
 * by name, for the resident's picker. A point in a demo grid names its village and township; a
 * point outside every grid is 404; coordinates that are not numbers in range are 400; the
 * answer is names only (no code, no grid); the route is rate-limited per client address.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grids, regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { generateDemoGrids } from "./demo-grids.js";
import { locateGrid } from "./grid-index.js";
import { COMMUNITY_AT_RATE_LIMIT } from "./routes.js";

let t: TestApp;
let ipCount = 0;
const at = (query: string, ip = `10.7.0.${++ipCount}`) =>
  t.app.inject({ url: `/api/v1/grids/community?${query}`, remoteAddress: ip });

beforeAll(async () => {
  t = await buildTestApp();
  await generateDemoGrids(t.database.db, { city: "1310" });
}, 300_000);
afterAll(async () => t?.close());

describe("GET /grids/community", () => {
  it("names the community and township of a point inside a grid, to anyone", async () => {
    const rows = await t.database.db
      .select({ minLon: grids.minLon, maxLon: grids.maxLon, minLat: grids.minLat, maxLat: grids.maxLat })
      .from(grids)
      .orderBy(asc(grids.code))
      .limit(20);
    // The middle of a grid's box that lies in the grid (demo grids are near boxes).
    let point: { lon: number; lat: number } | null = null;
    for (const r of rows) {
      const p = { lon: (r.minLon + r.maxLon) / 2, lat: (r.minLat + r.maxLat) / 2 };
      if (await locateGrid(t.database.db, p.lon, p.lat)) {
        point = p;
        break;
      }
    }
    if (!point) throw new Error("no demo grid holds the middle of its box");
    const grid = await locateGrid(t.database.db, point.lon, point.lat);
    if (!grid) throw new Error("unreachable");
    const townshipCode = grid.path.split(".")[2] ?? "";
    const names = new Map(
      (
        await t.database.db
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(eq(regions.level, "village"))
      ).map((r) => [r.code, r.name]),
    );
    const [township] = await t.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.code, townshipCode));

    const res = await at(`lon=${point.lon}&lat=${point.lat}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      community: { name: names.get(grid.villageCode) },
      township: { name: township?.name },
    });
    // Names only: no code of a region or grid in the answer.
    expect(res.body).not.toContain(grid.code);
    expect(res.body).not.toContain(grid.villageCode);
  });

  it("answers 404 with an error code outside every mapped grid", async () => {
    const res = await at("lon=100.5&lat=20.5");
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: "not_found", message: expect.any(String) });
  });

  it("answers 400 for coordinates that are not numbers in range", async () => {
    for (const query of ["lon=abc&lat=39.5", "lat=39.5", "lon=&lat=39.5", "lon=116.5&lat=95", ""]) {
      const res = await at(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toEqual(expect.any(String));
    }
  });

  it("limits the look-ups of one client address", async () => {
    const codes: number[] = [];
    for (let i = 0; i <= COMMUNITY_AT_RATE_LIMIT.max; i++) {
      codes.push((await at("lon=100.5&lat=20.5", "10.7.9.9")).statusCode);
    }
    expect(codes.slice(0, COMMUNITY_AT_RATE_LIMIT.max).every((c) => c === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
