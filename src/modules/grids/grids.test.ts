import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  buildTestApp,
  buildUser,
  sessionHeaders,
  type TestApp,
  type TestUser,
} from "../../../test/helpers/app.js";
import { auditLog, grids, regions, roleBindings, settings } from "../../db/schema.js";
import { deleteGridRows } from "./delete-grid.js";
import { buildDemoGridCollection } from "./demo-grids.js";
import { geometriesOverlap } from "./geometry.js";
import { locateGrid } from "./grid-index.js";
import { bumpGridsVersion } from "./grids-version.js";

type Coordinates = number[][][];

/** A counter-clockwise square ring with its south-west corner at (lon, lat). */
function square(lon: number, lat: number, size = 0.01): number[][] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

function feature(
  properties: Record<string, unknown>,
  coordinates: Coordinates | Coordinates[],
  type = "Polygon",
): Record<string, unknown> {
  return { type: "Feature", geometry: { type, coordinates }, properties };
}

function collection(...features: unknown[]) {
  return { type: "FeatureCollection", features };
}

describe("grids", () => {
  let t: TestApp;
  let admin: Record<string, string>;
  /** Two villages of one township of county 131002, one of county 131003. */
  let villageA: string;
  let villageB: string;
  let villageC: string;

  const gridCount = async () => {
    const [row] = await t.database.db.select({ n: count() }).from(grids);
    return row?.n ?? 0;
  };
  const importAs = (headers: Record<string, string>, body: unknown, mode?: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/grids/import${mode ? `?mode=${mode}` : ""}`,
      headers,
      payload: body as Record<string, unknown>,
    });

  beforeAll(async () => {
    t = await buildTestApp();
    const village = async (county: string, skip: number) => {
      const [row] = await t.database.db
        .select({ code: regions.code })
        .from(regions)
        .where(and(eq(regions.level, "village"), eq(regions.countyCode, county)))
        .orderBy(asc(regions.code))
        .offset(skip)
        .limit(1);
      if (!row) throw new Error(`no village in ${county}`);
      return row.code;
    };
    villageA = await village("131002", 0);
    villageB = await village("131002", 1);
    villageC = await village("131003", 0);
    admin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: "1310" }]),
    );
  });
  afterAll(async () => t.close());

  beforeEach(async () => {
    await t.database.db.delete(roleBindings).where(sql`${roleBindings.scopeRegionCode} ~ '^\\d{15}$'`);
    await t.database.db.delete(regions).where(eq(regions.level, "grid"));
  });

  describe("import", () => {
    it("creates grids as regions below their village, audited, bumping grids_version", async () => {
      const [before] = await t.database.db.select().from(settings).where(eq(settings.key, "grids_version"));
      const res = await importAs(
        admin,
        collection(
          feature({ code: `${villageA}001`, name: "一网格", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ name: "二网格", villageCode: villageA }, [square(116.51, 39.5)]),
        ),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ created: 2, updated: 0, deleted: 0 });

      const rows = await t.database.db
        .select({ code: regions.code, level: regions.level, parent: regions.parentCode, path: regions.path })
        .from(regions)
        .where(eq(regions.level, "grid"))
        .orderBy(asc(regions.code));
      // The feature without a code got the village's next free one.
      expect(rows.map((r) => r.code)).toEqual([`${villageA}001`, `${villageA}002`]);
      expect(rows[1]?.parent).toBe(villageA);
      expect(rows[1]?.path).toMatch(new RegExp(`^1310\\.131002\\.\\d{9}\\.${villageA}\\.${villageA}002$`));

      const [audit] = await t.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, "grids.import"))
        .orderBy(sql`${auditLog.id} desc`)
        .limit(1);
      expect(audit?.after).toMatchObject({ created: 2, updated: 0, deleted: 0, mode: "merge" });
      const [after] = await t.database.db.select().from(settings).where(eq(settings.key, "grids_version"));
      expect(Number(after?.value)).toBe(Number(before?.value ?? 0) + 1);

      const again = await importAs(
        admin,
        collection(
          feature({ code: `${villageA}001`, name: "改名网格", villageCode: villageA }, [
            square(116.5, 39.49),
          ]),
        ),
      );
      expect(again.json()).toEqual({ created: 0, updated: 1, deleted: 0 });
      const one = await t.app.inject({ url: `/api/v1/grids/${villageA}001`, headers: admin });
      expect(one.json()).toMatchObject({ name: "改名网格", bbox: [116.5, 39.49, 116.51, 39.5] });
    });

    it("accepts MultiPolygons, holes and neighbours that only share an edge", async () => {
      const res = await importAs(
        admin,
        collection(
          feature({ name: "甲", villageCode: villageA }, [
            square(116.5, 39.5),
            square(116.502, 39.502, 0.002),
          ]),
          feature(
            { name: "乙", villageCode: villageA },
            [[square(116.51, 39.5)], [square(116.53, 39.5)]],
            "MultiPolygon",
          ),
        ),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().created).toBe(2);
    });

    const bad: [string, (fc: ReturnType<typeof collection>) => void, string, RegExp][] = [
      [
        "an unclosed ring",
        (fc) => {
          (fc.features[1] as { geometry: { coordinates: Coordinates } }).geometry.coordinates[0]?.pop();
        },
        "features[1].geometry.coordinates",
        /feature 1: ring 0 .*(not closed|at least 4)/,
      ],
      [
        "a ring of three positions",
        (fc) => {
          (fc.features[1] as { geometry: unknown }).geometry = {
            type: "Polygon",
            coordinates: [
              [
                [116.5, 39.5],
                [116.6, 39.5],
                [116.5, 39.5],
              ],
            ],
          };
        },
        "features[1].geometry.coordinates",
        /feature 1: ring 0 has 3 positions/,
      ],
      [
        "a longitude out of range",
        (fc) => {
          (fc.features[1] as { geometry: unknown }).geometry = {
            type: "Polygon",
            coordinates: [square(190, 39.5)],
          };
        },
        "features[1].geometry.coordinates",
        /feature 1: ring 0 position 0: longitude 190 is outside/,
      ],
      [
        "a Point",
        (fc) => {
          (fc.features[1] as { geometry: unknown }).geometry = { type: "Point", coordinates: [116.5, 39.5] };
        },
        "features[1].geometry.type",
        /feature 1: geometry type must be Polygon or MultiPolygon/,
      ],
      [
        "a missing name",
        (fc) => {
          delete (fc.features[1] as { properties: Record<string, unknown> }).properties.name;
        },
        "features[1].properties.name",
        /feature 1: name is required/,
      ],
      [
        "a malformed villageCode",
        (fc) => {
          (fc.features[1] as { properties: Record<string, unknown> }).properties.villageCode = "1310";
        },
        "features[1].properties.villageCode",
        /feature 1: villageCode must be a 12-digit/,
      ],
      [
        "a code of another village",
        (fc) => {
          (fc.features[1] as { properties: Record<string, unknown> }).properties.code = `${villageB}001`;
        },
        "features[1].properties.code",
        /does not start with its villageCode/,
      ],
      [
        "a code used twice",
        (fc) => {
          (fc.features[1] as { properties: Record<string, unknown> }).properties.code = `${villageA}001`;
        },
        "features[1].properties.code",
        /already used by feature 0/,
      ],
      [
        "a feature that is not a Feature",
        (fc) => {
          (fc.features[1] as { type: string }).type = "Polygon";
        },
        "features[1].type",
        /feature 1: type must be "Feature"/,
      ],
    ];
    it.each(bad)(
      "rejects %s with 400 naming the feature and field, applying nothing",
      async (_, spoil, field, message) => {
        const fc = collection(
          feature({ code: `${villageA}001`, name: "一", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ code: `${villageA}002`, name: "二", villageCode: villageA }, [square(116.51, 39.5)]),
        );
        spoil(fc);
        const res = await importAs(admin, fc);
        expect(res.statusCode).toBe(400);
        const error = res.json().error;
        expect(error.code).toBe("invalid_geojson");
        expect(error.details[0].field).toBe(field);
        expect(error.details[0].message).toMatch(message);
        expect(error.message).toContain(field);
        expect(await gridCount()).toBe(0);
      },
    );

    it("rejects what is not a FeatureCollection, and malformed JSON", async () => {
      const notFc = await importAs(admin, { type: "Feature", features: [] });
      expect(notFc.statusCode).toBe(400);
      expect(notFc.json().error.details[0].field).toBe("type");
      const noFeatures = await importAs(admin, { type: "FeatureCollection" });
      expect(noFeatures.json().error.details[0].field).toBe("features");
      const malformed = await t.app.inject({
        method: "POST",
        url: "/api/v1/grids/import",
        headers: { ...admin, "content-type": "application/json" },
        payload: '{"type": "FeatureCollection", "features": [',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe("malformed_json");
    });

    it("rejects the whole file when one village is unknown", async () => {
      const res = await importAs(
        admin,
        collection(
          feature({ name: "好", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ name: "坏", villageCode: "131002999999" }, [square(116.52, 39.5)]),
        ),
      );
      expect(res.statusCode).toBe(404);
      expect(res.json().error.details).toEqual([
        { field: "features[1].properties.villageCode", message: "feature 1: village 131002999999 not found" },
      ]);
      expect(await gridCount()).toBe(0);
    });

    it("rejects polygons that overlap each other or an existing grid, but not a grid's own old shape", async () => {
      const inFile = await importAs(
        admin,
        collection(
          feature({ name: "一", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ name: "二", villageCode: villageB }, [square(116.505, 39.505)]),
        ),
      );
      expect(inFile.statusCode).toBe(400);
      expect(inFile.json().error.details[0]).toMatchObject({ field: "features[1].geometry" });
      expect(inFile.json().error.details[0].message).toMatch(/overlaps feature 0/);
      expect(await gridCount()).toBe(0);

      await importAs(
        admin,
        collection(
          feature({ code: `${villageA}001`, name: "一", villageCode: villageA }, [square(116.5, 39.5)]),
        ),
      );
      const withExisting = await importAs(
        admin,
        collection(
          feature({ name: "好", villageCode: villageB }, [square(116.6, 39.5)]),
          feature({ name: "二", villageCode: villageB }, [square(116.505, 39.505)]),
        ),
      );
      expect(withExisting.statusCode).toBe(409);
      expect(withExisting.json().error).toMatchObject({
        code: "grids_overlap",
        details: [
          { field: "features[1].geometry", message: expect.stringContaining(`existing grid ${villageA}001`) },
        ],
      });
      expect(await gridCount()).toBe(1);

      const moved = await importAs(
        admin,
        collection(
          feature({ code: `${villageA}001`, name: "一", villageCode: villageA }, [square(116.505, 39.505)]),
        ),
      );
      expect(moved.statusCode).toBe(200);
    });

    it("replace mode deletes the other grids of the file's villages only", async () => {
      await importAs(
        admin,
        collection(
          feature({ name: "A1", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ name: "A2", villageCode: villageA }, [square(116.52, 39.5)]),
          feature({ name: "B1", villageCode: villageB }, [square(116.54, 39.5)]),
        ),
      );
      const res = await importAs(
        admin,
        // The new A3 may lie where A2 was: A2 is being replaced.
        collection(
          feature({ code: `${villageA}001`, name: "A1", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ name: "A3", villageCode: villageA }, [square(116.521, 39.501)]),
        ),
        "replace",
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ created: 1, updated: 1, deleted: 1 });
      const codes = (
        await t.database.db.select({ code: grids.code }).from(grids).orderBy(asc(grids.code))
      ).map((r) => r.code);
      expect(codes).toEqual([`${villageA}001`, `${villageA}003`, `${villageB}001`]);
    });

    it("rolls back grids already written when a later step fails", async () => {
      await importAs(
        admin,
        collection(feature({ name: "A1", villageCode: villageA }, [square(116.5, 39.5)])),
      );
      // A role bound to the grid keeps it from being deleted: replace must fail after writing.
      const worker = await buildUser(t.database, [{ role: "grid_worker", region: `${villageA}001` }]);
      const res = await importAs(
        admin,
        collection(
          feature({ name: "A2", villageCode: villageA }, [square(116.52, 39.5)]),
          feature({ name: "B1", villageCode: villageB }, [square(116.54, 39.5)]),
        ),
        "replace",
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("grid_in_use");
      const codes = (await t.database.db.select({ code: grids.code }).from(grids)).map((r) => r.code);
      expect(codes).toEqual([`${villageA}001`]);
      expect(worker.id).toBeTruthy();
    });

    it("round-trips: an export imports back unchanged", async () => {
      const demo = buildDemoGridCollection(
        [
          { code: villageA, name: "甲村" },
          { code: villageB, name: "乙村" },
          { code: villageC, name: "丙村" },
        ],
        { extent: [116.5, 39.5, 116.6, 39.6] },
      );
      expect((await importAs(admin, demo)).statusCode).toBe(200);
      const first = await t.app.inject({ url: "/api/v1/grids/export", headers: admin });
      expect(first.statusCode).toBe(200);
      const exported = first.json();
      expect(exported.features).toHaveLength(demo.features.length);
      expect(exported.features[0].properties).toEqual({
        code: demo.features[0]?.properties.code,
        name: demo.features[0]?.properties.name,
        villageCode: villageA,
        townshipCode: villageA.slice(0, 9),
        countyCode: "131002",
      });
      // The list names each grid's village and township (the administrator reads names, not codes).
      const list = await t.app.inject({ url: `/api/v1/grids?region=${villageA}`, headers: admin });
      const item = list.json().items[0];
      expect(item.villageCode).toBe(villageA);
      expect(item.villageName).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(item.townshipName).toMatch(/^[\u4e00-\u9fff]+$/);
      const back = await importAs(admin, exported);
      expect(back.json()).toEqual({ created: 0, updated: demo.features.length, deleted: 0 });
      const second = await t.app.inject({ url: "/api/v1/grids/export", headers: admin });
      expect(second.json()).toEqual(exported);
    });
  });

  describe("locate", () => {
    beforeEach(async () => {
      await importAs(
        admin,
        collection(
          // A square with a square hole in the middle.
          feature({ code: `${villageA}001`, name: "环", villageCode: villageA }, [
            square(116.5, 39.5, 0.03),
            square(116.51, 39.51, 0.01),
          ]),
          feature(
            { code: `${villageB}001`, name: "双", villageCode: villageB },
            [[square(116.6, 39.5)], [square(116.7, 39.5)]],
            "MultiPolygon",
          ),
        ),
      );
    });

    it("finds the grid around a point, not in its hole, and in any part of a MultiPolygon", async () => {
      const at = (lon: number, lat: number) =>
        t.app.inject({ url: `/api/v1/grids/locate?lon=${lon}&lat=${lat}`, headers: admin });
      const inside = await at(116.505, 39.505);
      expect(inside.statusCode).toBe(200);
      expect(inside.json().grid).toMatchObject({ code: `${villageA}001`, name: "环", villageCode: villageA });
      // The community by name, for the pickers (not the raw code or coordinates).
      const [village] = await t.database.db.select().from(regions).where(eq(regions.code, villageA));
      expect(inside.json().village).toEqual({ code: villageA, name: village?.name });
      expect(village?.name).toMatch(/[村社区居委会]/);
      expect((await at(116.515, 39.515)).statusCode).toBe(404);
      expect((await at(116.705, 39.505)).json().grid.code).toBe(`${villageB}001`);
      expect((await at(116.65, 39.505)).statusCode).toBe(404);
      expect(await locateGrid(t.database.db, 116.605, 39.505)).toMatchObject({ code: `${villageB}001` });
    });

    it("gives a region the box around its mapped grids, for maps to open on", async () => {
      const res = await t.app.inject({ url: `/api/v1/regions/${villageA}` });
      expect(res.statusCode).toBe(200);
      const [west, south, east, north] = res.json().extent as number[];
      expect(west).toBeCloseTo(116.5, 6);
      expect(south).toBeCloseTo(39.5, 6);
      expect(east).toBeCloseTo(116.53, 6);
      expect(north).toBeCloseTo(39.53, 6);
      // The county holds both villages' grids.
      const county = (await t.app.inject({ url: `/api/v1/regions/${villageB.slice(0, 6)}` })).json();
      expect(county.extent[2]).toBeGreaterThan(116.7);
    });

    it("answers 400 for coordinates that are not numbers in range", async () => {
      for (const query of ["lon=abc&lat=39.5", "lat=39.5", "lon=&lat=39.5", "lon=116.5&lat=95"]) {
        const res = await t.app.inject({ url: `/api/v1/grids/locate?${query}`, headers: admin });
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error.details[0].field).toMatch(/^querystring\.(lon|lat)$/);
      }
    });

    it("sees an import of this process at once, and another node's change after the version check", async () => {
      const url = "/api/v1/grids/locate?lon=116.805&lat=39.505";
      expect((await t.app.inject({ url, headers: admin })).statusCode).toBe(404);
      await importAs(
        admin,
        collection(feature({ name: "新", villageCode: villageA }, [square(116.8, 39.5)])),
      );
      expect((await t.app.inject({ url, headers: admin })).statusCode).toBe(200);

      // Another app node deletes it: only the version in the database tells this process.
      await t.database.db.transaction(async (tx) => {
        await bumpGridsVersion(tx);
        await deleteGridRows(tx, [`${villageA}002`]);
      });
      expect((await t.app.inject({ url, headers: admin })).statusCode).toBe(200);
      const now = Date.now();
      const clock = vi.spyOn(Date, "now").mockReturnValue(now + 10_000);
      try {
        expect((await t.app.inject({ url, headers: admin })).statusCode).toBe(404);
      } finally {
        clock.mockRestore();
      }
    });
  });

  describe("scope", () => {
    let staffA: Record<string, string>;
    let countyAdmin: Record<string, string>;
    let staffAUser: TestUser;

    beforeAll(async () => {
      staffAUser = await buildUser(t.database, [{ role: "village_staff", region: villageA }]);
      staffA = await sessionHeaders(t.database, staffAUser);
      countyAdmin = await sessionHeaders(
        t.database,
        await buildUser(t.database, [{ role: "admin", region: "131002" }]),
      );
    });
    beforeEach(async () => {
      await importAs(
        admin,
        collection(
          feature({ code: `${villageA}001`, name: "A1", villageCode: villageA }, [square(116.5, 39.5)]),
          feature({ code: `${villageB}001`, name: "B1", villageCode: villageB }, [square(116.6, 39.5)]),
          feature({ code: `${villageC}001`, name: "C1", villageCode: villageC }, [square(116.7, 39.5)]),
        ),
      );
    });

    it("a village's staff see only their village's grids: by list, id, locate and export", async () => {
      const list = await t.app.inject({ url: "/api/v1/grids", headers: staffA });
      expect(list.json()).toMatchObject({ total: 1, items: [{ code: `${villageA}001` }] });
      expect(list.json().items[0].geometry).toBeUndefined();
      const withShapes = await t.app.inject({ url: "/api/v1/grids?geometry=true", headers: staffA });
      expect(withShapes.json().items[0].geometry.type).toBe("Polygon");

      expect((await t.app.inject({ url: `/api/v1/grids/${villageA}001`, headers: staffA })).statusCode).toBe(
        200,
      );
      const other = await t.app.inject({ url: `/api/v1/grids/${villageB}001`, headers: staffA });
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe("not_found");
      expect(
        (await t.app.inject({ url: `/api/v1/grids?region=${villageB}`, headers: staffA })).statusCode,
      ).toBe(404);
      // A region containing the scope narrows nothing further.
      expect((await t.app.inject({ url: "/api/v1/grids?region=131002", headers: staffA })).json().total).toBe(
        1,
      );

      const locate = (lon: number) =>
        t.app.inject({ url: `/api/v1/grids/locate?lon=${lon}&lat=39.505`, headers: staffA });
      expect((await locate(116.505)).statusCode).toBe(200);
      expect((await locate(116.605)).statusCode).toBe(404);

      const exported = await t.app.inject({ url: "/api/v1/grids/export", headers: staffA });
      expect(
        exported.json().features.map((f: { properties: { code: string } }) => f.properties.code),
      ).toEqual([`${villageA}001`]);
    });

    it("staff may not import or delete; a county's admin may not touch another county", async () => {
      const fc = collection(feature({ name: "X", villageCode: villageA }, [square(116.9, 39.5)]));
      expect((await importAs(staffA, fc)).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: "DELETE", url: `/api/v1/grids/${villageA}001`, headers: staffA }))
          .statusCode,
      ).toBe(403);

      const intoOther = await importAs(
        countyAdmin,
        collection(
          feature({ name: "mine", villageCode: villageA }, [square(116.9, 39.5)]),
          feature({ name: "theirs", villageCode: villageC }, [square(116.95, 39.5)]),
        ),
      );
      expect(intoOther.statusCode).toBe(404);
      expect(intoOther.json().error.details).toEqual([
        { field: "features[1].properties.villageCode", message: `feature 1: village ${villageC} not found` },
      ]);
      expect(await gridCount()).toBe(3);
      const del = await t.app.inject({
        method: "DELETE",
        url: `/api/v1/grids/${villageC}001`,
        headers: countyAdmin,
      });
      expect(del.statusCode).toBe(404);
      const list = await t.app.inject({ url: "/api/v1/grids", headers: countyAdmin });
      expect(list.json().items.map((g: { code: string }) => g.code)).toEqual([
        `${villageA}001`,
        `${villageB}001`,
      ]);
    });

    it("an admin deletes a grid in scope, audited", async () => {
      const res = await t.app.inject({
        method: "DELETE",
        url: `/api/v1/grids/${villageA}001`,
        headers: countyAdmin,
      });
      expect(res.statusCode).toBe(204);
      expect((await t.app.inject({ url: `/api/v1/grids/${villageA}001`, headers: admin })).statusCode).toBe(
        404,
      );
      const [audit] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "grids.delete"), eq(auditLog.entityId, `${villageA}001`)));
      expect(audit?.before).toMatchObject({ name: "A1", villageCode: villageA });
      expect(
        (await t.app.inject({ url: "/api/v1/grids/locate?lon=116.505&lat=39.505", headers: admin }))
          .statusCode,
      ).toBe(404);
    });

    it("anonymous callers get 401 and change nothing", async () => {
      expect((await t.app.inject({ url: "/api/v1/grids" })).statusCode).toBe(401);
      expect((await t.app.inject({ url: `/api/v1/grids/${villageA}001` })).statusCode).toBe(401);
      expect((await t.app.inject({ url: "/api/v1/grids/locate?lon=116.5&lat=39.5" })).statusCode).toBe(401);
      expect((await t.app.inject({ url: "/api/v1/grids/export" })).statusCode).toBe(401);
      const fc = collection(feature({ name: "X", villageCode: villageA }, [square(116.9, 39.5)]));
      expect((await importAs({}, fc)).statusCode).toBe(401);
      expect((await t.app.inject({ method: "DELETE", url: `/api/v1/grids/${villageA}001` })).statusCode).toBe(
        401,
      );
      expect(await gridCount()).toBe(3);
    });
  });
});

describe("geometriesOverlap", () => {
  it("is false for shapes that touch and true for shapes that share area", () => {
    const a = { type: "Polygon" as const, coordinates: [square(0, 0, 1)] };
    expect(geometriesOverlap(a, { type: "Polygon", coordinates: [square(1, 0, 1)] })).toBe(false);
    expect(geometriesOverlap(a, { type: "Polygon", coordinates: [square(1, 1, 1)] })).toBe(false);
    expect(geometriesOverlap(a, { type: "Polygon", coordinates: [square(0.5, 0.5, 1)] })).toBe(true);
    // Inside a hole is not an overlap.
    const donut = { type: "Polygon" as const, coordinates: [square(0, 0, 3), square(1, 1, 1)] };
    expect(geometriesOverlap(donut, { type: "Polygon", coordinates: [square(1.1, 1.1, 0.5)] })).toBe(false);
  });
});

describe("demo grids", () => {
  it("lays 1–3 non-overlapping, valid grids per village inside the extent", () => {
    const villages = Array.from({ length: 300 }, (_, i) => ({
      code: `131002001${String(i).padStart(3, "0")}`,
      name: `村${i}`,
    }));
    const fc = buildDemoGridCollection(villages);
    expect(fc.features.length).toBeGreaterThanOrEqual(300);
    expect(fc.features.length).toBeLessThanOrEqual(900);
    const perVillage = new Map<string, number>();
    for (const f of fc.features) {
      perVillage.set(f.properties.villageCode, (perVillage.get(f.properties.villageCode) ?? 0) + 1);
      for (const [lon = 0, lat = 0] of f.geometry.type === "Polygon"
        ? (f.geometry.coordinates[0] ?? [])
        : []) {
        expect(lon).toBeGreaterThanOrEqual(116.1);
        expect(lon).toBeLessThanOrEqual(117.25);
        expect(lat).toBeGreaterThanOrEqual(38.47);
        expect(lat).toBeLessThanOrEqual(40.25);
      }
    }
    expect([...perVillage.values()].every((n) => n >= 1 && n <= 3)).toBe(true);
    // Deterministic: the same input gives the same shapes.
    expect(buildDemoGridCollection(villages)).toEqual(fc);
    for (let i = 1; i < fc.features.length; i++) {
      const a = fc.features[i - 1];
      const b = fc.features[i];
      if (a && b) expect(geometriesOverlap(a.geometry, b.geometry)).toBe(false);
    }
  });
});
