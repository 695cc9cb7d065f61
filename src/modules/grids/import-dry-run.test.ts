import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, grids, regions } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";

/** A square of `size` degrees at (lon, lat). */
const square = (lon: number, lat: number, size = 0.001) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

describe("grid import dry run", () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let village: string;

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    const [v] = await db.select().from(regions).where(eq(regions.level, "village")).limit(1);
    if (!v) throw new Error("no village");
    village = v.code;
    admin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: "1310" }]),
    );
  }, 60_000);
  afterAll(async () => t?.close());

  const post = (url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, headers: admin, payload: payload as object });

  const file = () => ({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        geometry: square(116.7, 39.5),
        properties: { name: "一网格", villageCode: village },
      },
      {
        type: "Feature",
        geometry: square(116.702, 39.5),
        properties: { name: "二网格", villageCode: village },
      },
    ],
  });

  it("answers what would change and writes nothing, not even an audit row", async () => {
    const before = await t.database.db.select().from(auditLog);
    const res = await post("/api/v1/grids/import?dryRun=true", file());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0, deleted: 0, dryRun: true, valid: true });
    expect(await t.database.db.select().from(grids).where(eq(grids.villageCode, village))).toHaveLength(0);
    expect(await t.database.db.select().from(auditLog)).toHaveLength(before.length);
    // The real import then does exactly that.
    const real = await post("/api/v1/grids/import", file());
    expect(real.json()).toEqual({ created: 2, updated: 0, deleted: 0 });
    const again = await post("/api/v1/grids/import?dryRun=true&mode=replace", {
      ...file(),
      features: file()
        .features.slice(0, 1)
        .map((f) => ({ ...f, properties: { ...f.properties, code: `${village}001` } })),
    });
    expect(again.json()).toEqual({ created: 0, updated: 1, deleted: 1, dryRun: true, valid: true });
  });

  it("names the bad feature in a dry run as in a real import", async () => {
    const bad = file();
    (bad.features[1] as { geometry: unknown }).geometry = { type: "Point", coordinates: [1, 2] };
    // A check answers 200 with the refusal the import would give; the import itself is 400.
    const res = await post("/api/v1/grids/import?dryRun=true", bad);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, valid: false, created: 0 });
    expect(res.json().error.code).toBe("invalid_geojson");
    expect(res.json().error.details[0].field).toMatch(/^features\[1\]\.geometry/);
    const real = await post("/api/v1/grids/import", bad);
    expect(real.statusCode).toBe(400);
    expect(real.json().error.details).toEqual(res.json().error.details);
    const overlap = file();
    const second = overlap.features[1];
    if (!second) throw new Error("no second feature");
    overlap.features[1] = { ...second, geometry: square(116.7005, 39.5005) };
    const res2 = await post("/api/v1/grids/import?dryRun=true&mode=replace", overlap);
    expect(res2.json().valid).toBe(false);
    expect(res2.json().error.details[0].field).toBe("features[1].geometry");
    const missing = file();
    (missing.features[0] as { properties: { villageCode: string } }).properties.villageCode = "131002999999";
    const res3 = await post("/api/v1/grids/import?dryRun=true", missing);
    expect(res3.statusCode).toBe(200);
    expect(res3.json().error).toMatchObject({ code: "not_found" });
    expect(res3.json().error.details[0].field).toBe("features[0].properties.villageCode");
    // Who may import is still enforced: 403 for a role without grids.manage.
    const viewer = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "supervisor", region: "1310" }]),
    );
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/v1/grids/import?dryRun=true",
      headers: viewer,
      payload: file(),
    });
    expect(refused.statusCode).toBe(403);
    const flag = await post("/api/v1/grids/import?dryRun=maybe", file());
    expect(flag.statusCode).toBe(400);
    expect(flag.json().error.details[0].field).toBe("querystring.dryRun");
  });
});
