/**
 * The address search of intake and triage (GET /api/v1/addresses/search), on PGlite with the demo
 * grids: a two-character query finds a standard address with its whole readable address, point,
 * village and grid by name; a township dispatcher does not see another township's addresses; when
 * no standard address matches, regions of the scope whose name does are offered instead; a bad
 * `q` is 400 with an error code; residents and partners are refused; a hit is a place only.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grids, regions } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { generateDemoGrids } from "../grids/index.js";
import type { AddressSearchResult } from "./schemas.js";

let t: TestApp;
const headers: Record<string, Record<string, string>> = {};
interface Place {
  code: string;
  name: string;
}
let county: Place;
let townshipA: Place;
let townshipB: Place;
let villageA: Place;
/** A village of township A without standard addresses: the region fallback finds it by name. */
let villageA2: Place;
let gridA: Place & { lon: number; lat: number };

async function children(parent: string, level: "township" | "village"): Promise<Place[]> {
  return t.database.db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(
      and(
        sql`${regions.path} <@ (select path from regions where code = ${parent})`,
        eq(regions.level, level),
      ),
    )
    .orderBy(asc(regions.code));
}

async function search(who: string | null, q?: string) {
  const url =
    q === undefined ? "/api/v1/addresses/search" : `/api/v1/addresses/search?q=${encodeURIComponent(q)}`;
  return t.app.inject({ method: "GET", url, headers: who ? headers[who] : {} });
}

beforeAll(async () => {
  t = await buildTestApp();
  await generateDemoGrids(t.database.db, { city: "1310" });
  const [c] = await t.database.db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.code, "131002"));
  if (!c) throw new Error("no county 131002");
  county = c;
  const townships = await children(county.code, "township");
  [townshipA, townshipB] = townships as [Place, Place];
  const villagesA = await children(townshipA.code, "village");
  [villageA, villageA2] = villagesA as [Place, Place];
  const [g] = await t.database.db
    .select({
      code: grids.code,
      name: regions.name,
      minLon: grids.minLon,
      maxLon: grids.maxLon,
      minLat: grids.minLat,
      maxLat: grids.maxLat,
    })
    .from(grids)
    .innerJoin(regions, eq(regions.code, grids.code))
    .where(eq(grids.villageCode, villageA.code))
    .orderBy(asc(grids.code))
    .limit(1);
  if (!g) throw new Error("no grid in the first village");
  gridA = { code: g.code, name: g.name, lon: (g.minLon + g.maxLon) / 2, lat: (g.minLat + g.maxLat) / 2 };

  const users: [string, Parameters<typeof buildUser>[1]][] = [
    ["worker", [{ role: "village_staff", region: villageA.code }]],
    ["dispatcherA", [{ role: "township_dispatcher", region: townshipA.code }]],
    ["dispatcherB", [{ role: "township_dispatcher", region: townshipB.code }]],
    ["operator", [{ role: "operator", region: county.code }]],
    ["resident", [{ role: "resident", region: "1310" }]],
    ["partner", [{ role: "partner", region: "1310" }]],
  ];
  for (const [name, bindings] of users) {
    headers[name] = await sessionHeaders(t.database, await buildUser(t.database, bindings));
  }
  // Two standard addresses in township A's first village, one with a point in its grid.
  for (const payload of [
    {
      road: "幸福路",
      houseNumber: "8号",
      building: "3号楼",
      regionCode: gridA.code,
      lon: gridA.lon,
      lat: gridA.lat,
    },
    {
      road: "幸福路",
      houseNumber: "8号",
      building: "3号楼",
      unit: "2单元",
      room: "501室",
      regionCode: villageA.code,
    },
    // A village group named after its village, as villages name them.
    { villageGroup: `${villageA.name}3组`, houseNumber: "12号", regionCode: villageA.code },
  ]) {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/addresses",
      headers: headers.worker,
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}, 300_000);
afterAll(async () => t?.close());

describe("address search", () => {
  it("names the village once when the address starts with it", async () => {
    const res = await search("dispatcherA", "3组12");
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as AddressSearchResult).items;
    expect(items.map((i) => i.fullAddress)).toEqual([
      `${county.name}${townshipA.name}${villageA.name}3组12号`,
    ]);
  });

  it("finds standard addresses by two characters, with the whole address, point, village and grid by name", async () => {
    const res = await search("dispatcherA", "幸福");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as AddressSearchResult;
    expect(body.source).toBe("addresses");
    expect(body.items.map((i) => i.label)).toEqual(["幸福路8号3号楼", "幸福路8号3号楼2单元501室"]);
    const [first, second] = body.items;
    expect(first).toMatchObject({
      kind: "address",
      fullAddress: `${county.name}${townshipA.name}${villageA.name}幸福路8号3号楼`,
      point: { lon: gridA.lon, lat: gridA.lat },
      regionCode: villageA.code,
      village: { code: villageA.code, name: villageA.name },
      grid: { code: gridA.code, name: gridA.name },
    });
    // Placed in the village only: no grid, no point, still its names.
    expect(second).toMatchObject({ point: null, grid: null, village: { name: villageA.name } });
    // A place, nothing else: exactly these fields.
    expect(Object.keys(first ?? {}).sort()).toEqual(
      ["fullAddress", "grid", "id", "kind", "label", "level", "point", "regionCode", "village"].sort(),
    );
    // The village's name and the line together match too; the county's operator sees them.
    const byVillage = (await search("operator", `${villageA.name}幸福路8号`)).json() as AddressSearchResult;
    expect(byVillage.source).toBe("addresses");
    expect(byVillage.items).toHaveLength(2);
  });

  it("finds a village's addresses by part of its name, after the lines that hold the text", async () => {
    const part = [...villageA.name].slice(0, 2).join("");
    const res = await search("dispatcherA", part);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as AddressSearchResult;
    expect(body.source).toBe("addresses");
    const labels = body.items.map((i) => i.label);
    // The village group's line holds the village's name itself: first; then the village's others.
    expect(labels[0]).toBe(`${villageA.name}3组12号`);
    expect(labels).toEqual(
      expect.arrayContaining(["幸福路8号3号楼", "幸福路8号3号楼2单元501室", `${villageA.name}3组12号`]),
    );
    // One character (no gram: the plain ilike) finds the lines too.
    const one = (await search("dispatcherA", "福")).json() as AddressSearchResult;
    expect(one.items.map((i) => i.label)).toEqual(["幸福路8号3号楼", "幸福路8号3号楼2单元501室"]);
  });

  it("offers a region by part of its name when no address matches", async () => {
    const [villageB] = await children(townshipB.code, "village");
    if (!villageB) throw new Error("no village in township B");
    const part = [...villageB.name].slice(0, -1).join("");
    const body = (await search("dispatcherB", part)).json() as AddressSearchResult;
    expect(body.source).toBe("regions");
    expect(body.items.map((i) => i.id)).toContain(villageB.code);
  });

  it("reads the address lines through their n-gram index", async () => {
    const r = (await t.database.db.execute(
      sql`select indexdef from pg_indexes where indexname = 'addresses_label_grams_gin'`,
    )) as unknown as { rows: { indexdef: string }[] };
    expect(r.rows[0]?.indexdef).toContain("case_text_grams(label)");
  });

  it("does not show a township dispatcher another township's addresses", async () => {
    const res = await search("dispatcherB", "幸福路8号");
    expect(res.statusCode).toBe(200);
    const body = res.json() as AddressSearchResult;
    expect(body.items.filter((i) => i.kind === "address")).toEqual([]);
    expect(res.body).not.toContain("幸福路8号");
  });

  it("offers the scope's regions by name when no standard address matches", async () => {
    const res = await search("dispatcherA", villageA2.name);
    expect(res.statusCode).toBe(200);
    const body = res.json() as AddressSearchResult;
    expect(body.source).toBe("regions");
    const hit = body.items.find((i) => i.id === villageA2.code);
    expect(hit).toMatchObject({
      kind: "region",
      level: "village",
      label: villageA2.name,
      fullAddress: `${county.name}${townshipA.name}${villageA2.name}`,
      regionCode: villageA2.code,
      village: { code: villageA2.code, name: villageA2.name },
      grid: null,
    });
    // The middle of its mapped grids, to put on the map.
    expect(hit?.point).not.toBeNull();
    // The other township's dispatcher: not in their scope, not offered.
    const other = (await search("dispatcherB", villageA2.name)).json() as AddressSearchResult;
    expect(other.items.map((i) => i.id)).not.toContain(villageA2.code);
    // A grid found by its name is filed in its village.
    const byGrid = (await search("dispatcherA", gridA.name)).json() as AddressSearchResult;
    const gridHit = byGrid.items.find((i) => i.id === gridA.code);
    expect(byGrid.source).toBe("regions");
    expect(gridHit).toMatchObject({ level: "grid", regionCode: villageA.code, grid: { name: gridA.name } });
    // Nothing matches at all: an empty list, not an error.
    const none = (await search("dispatcherA", "不存在的地方名")).json() as AddressSearchResult;
    expect(none).toEqual({ source: "regions", items: [] });
  });

  it("limits the answer to 10 places", async () => {
    const res = await search("operator", county.name.slice(0, 2));
    const body = res.json() as AddressSearchResult;
    expect(body.items.length).toBeLessThanOrEqual(10);
    const villages = (await search("operator", "村")).json() as AddressSearchResult;
    expect(villages.items).toHaveLength(10);
  });

  it("answers a bad q with 400 and an error code", async () => {
    for (const q of [undefined, "", "   ", "幸".repeat(101)]) {
      const res = await search("dispatcherA", q);
      expect(res.statusCode, String(q)).toBe(400);
      const error = (res.json() as { error?: { code?: string; message?: string } }).error;
      expect(typeof error?.code).toBe("string");
      expect(typeof error?.message).toBe("string");
    }
    expect((await search("dispatcherA", "幸".repeat(100))).statusCode).toBe(200);
  });

  it("refuses residents, partners and the signed-out", async () => {
    expect((await search("resident", "幸福")).statusCode).toBe(403);
    expect((await search("partner", "幸福")).statusCode).toBe(403);
    expect((await search(null, "幸福")).statusCode).toBe(401);
  });
});
