/**
 * GET /cases reads an actor's scope in parts (one per scope, one for the cases placed above them
 * that a unit inside holds), each through its own ordered index, and merges them (PageOpts.parts
 * in find-cases.ts). The lists must be exactly those of the plain `or` (visibleCases): same cases,
 * same order on every page, same totals, for nested, disjoint and county scopes, both orders.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../core/access/actor.js";
import { cases, regions } from "../../db/schema.js";
import { listCases } from "./find-cases.js";
import { intakeCase } from "./intake.js";
import { casesWithin, visibleCaseParts, visibleCases } from "./policy.js";
import { CaseListQuery } from "./schemas.js";
import { buildCaseWorld, type CaseWorld } from "./test-fixtures.js";

let w: CaseWorld;
const paths = new Map<string, string>();

function actorOf(...scopes: { role: "township_dispatcher" | "supervisor"; region: string }[]): Actor {
  return {
    userId: "00000000-0000-0000-0000-000000000000",
    username: "scopes",
    displayName: "scopes",
    organisationId: null,
    bindings: scopes.map((s) => ({
      role: s.role,
      scopePath: paths.get(s.region) ?? "",
      scopeRegionCode: s.region,
      scopeDepartmentId: null,
    })),
  };
}

/** The list as the plain `or` of the scope reads it: every visible case, filtered, in order. */
async function expected(actor: Actor, filter: SQL | undefined, sort: "deadline" | "created") {
  const order =
    sort === "created"
      ? [desc(cases.createdAt), desc(cases.id)]
      : [sql`${cases.handleDueAt} asc nulls last`, asc(cases.createdAt), asc(cases.id)];
  const rows = await w.t.database.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(visibleCases(actor), filter))
    .orderBy(...order);
  return rows.map((r) => r.id);
}

/** Every page of the list through listCases, pages of `pageSize`. */
async function pages(actor: Actor, query: Record<string, string>, pageSize: number) {
  const ids: string[] = [];
  const totals = new Set<number>();
  for (let page = 1; page <= 50; page++) {
    const req = CaseListQuery.parse({ ...query, page: String(page), pageSize: String(pageSize) });
    const found = await listCases(w.t.database.db, actor, req);
    totals.add(found.total);
    expect(found.totalCapped).toBe(false);
    if (found.rows.length === 0) break;
    ids.push(...found.rows.map((r) => r.id));
  }
  return { ids, totals: [...totals] };
}

beforeAll(async () => {
  w = await buildCaseWorld();
  const db = w.t.database.db;
  for (const r of await db
    .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
    .from(regions)) {
    paths.set(r.code, r.path);
  }
  // Cases in the grid, in both villages of the township, at the township and county levels, and in
  // the other county; some with the same deadline (the order falls back to intake time, then id),
  // some without one (last).
  const places: { regionCode?: string; location?: { lon: number; lat: number } }[] = [
    { location: w.inGrid },
    { regionCode: w.village },
    { regionCode: w.otherVillage },
    { regionCode: w.township },
    { regionCode: w.county },
    { regionCode: w.farVillage },
  ];
  const centre = await w.unit("township_centre", w.township);
  let i = 0;
  for (const place of places) {
    for (let k = 0; k < 3; k++) {
      const made = await intakeCase(db, {
        channel: "web",
        categoryCode: "sanitation.garbage",
        description: `范围测试 ${i}`,
        ...place,
      });
      if (!made) throw new Error("intake refused");
      const due = i % 4 === 3 ? null : new Date(Date.UTC(2026, 0, 1 + (i % 5)));
      await db
        .update(cases)
        .set({
          handleDueAt: due,
          // Placed at the county, held by the township's centre: visible to the township through its unit.
          ...(place.regionCode === w.county && k < 2 ? { assignedOrgId: centre.id } : {}),
          ...(k === 1 ? { status: "handling" as const } : {}),
        })
        .where(eq(cases.id, made.case.id));
      i++;
    }
  }
});

afterAll(async () => {
  await w.t.close();
});

describe("case lists read in parts per scope", () => {
  it("splits region scopes into parts and keeps the plain `or` for department scopes", () => {
    expect(visibleCaseParts(actorOf({ role: "township_dispatcher", region: w.township }))).toHaveLength(2);
    const dept: Actor = {
      ...actorOf({ role: "township_dispatcher", region: w.township }),
      bindings: [
        { role: "department_handler", scopePath: "1310", scopeRegionCode: "1310", scopeDepartmentId: "x" },
      ],
    };
    expect(visibleCaseParts(dept)).toBeNull();
  });

  const actors = () => ({
    township: actorOf({ role: "township_dispatcher", region: w.township }),
    county: actorOf({ role: "supervisor", region: w.county }),
    nestedAndDisjoint: actorOf(
      { role: "township_dispatcher", region: w.township },
      { role: "township_dispatcher", region: w.village },
      { role: "supervisor", region: w.farVillage },
    ),
    village: actorOf({ role: "township_dispatcher", region: w.otherVillage }),
  });

  for (const sort of ["deadline", "created"] as const) {
    it(`lists exactly the plain \`or\`'s cases in order on every page (${sort})`, async () => {
      for (const [name, actor] of Object.entries(actors())) {
        const want = await expected(actor, undefined, sort);
        expect(want.length, name).toBeGreaterThan(0);
        for (const pageSize of [1, 2, 5, 100]) {
          const got = await pages(actor, { sort }, pageSize);
          expect(got.ids, `${name}, pages of ${pageSize}`).toEqual(want);
          expect(got.totals, `${name}, pages of ${pageSize}`).toEqual([want.length]);
        }
      }
    });
  }

  it("sees the case placed above the township that its unit holds, not the one it does not", async () => {
    const got = await pages(actors().township, {}, 100);
    const atCounty = await w.t.database.db
      .select({ id: cases.id, assigned: cases.assignedOrgId })
      .from(cases)
      .where(eq(cases.regionCode, w.county));
    const centre = await w.unit("township_centre", w.township);
    for (const c of atCounty) expect(got.ids.includes(c.id)).toBe(c.assigned === centre.id);
  });

  it("reads a region's subtree by its key exactly as `<@` does, at every level", async () => {
    const db = w.t.database.db;
    for (const region of ["1310", w.county, w.township, w.village, w.grid, w.farVillage]) {
      const path = paths.get(region) ?? "";
      const byKey = await db.select({ id: cases.id }).from(cases).where(casesWithin(path));
      const plain = await db
        .select({ id: cases.id })
        .from(cases)
        .where(sql`${cases.regionPath} <@ ${path}::ltree`);
      expect(byKey.map((r) => r.id).sort(), region).toEqual(plain.map((r) => r.id).sort());
      if (region !== w.farVillage) expect(plain.length, region).toBeGreaterThan(0);
    }
  });

  it("filters by region (county, township, village) and state with the same results", async () => {
    const county = actors().county;
    for (const region of [w.county, w.township, w.otherVillage, w.farVillage]) {
      const path = paths.get(region) ?? "";
      for (const status of [undefined, "handling"]) {
        const filter = and(casesWithin(path), status ? eq(cases.status, "handling") : undefined);
        const want = await expected(county, filter, "deadline");
        const got = await pages(county, { region, ...(status ? { status } : {}) }, 2);
        expect(got.ids, `${region} ${status ?? ""}`).toEqual(want);
        expect(got.totals).toEqual([want.length]);
      }
    }
    const none = await pages(county, { region: "99999999" }, 20);
    expect(none.ids).toEqual([]);
  });
});
