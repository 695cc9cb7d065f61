import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../db/schema.js";
import { intakeCase } from "./intake.js";
import { chainFromPath, decideRoute, distanceMetres, type RoutingUnit } from "./routing.js";
import { buildCaseWorld, CITY_ONLY_CATEGORY, NO_UNIT_CATEGORY, type CaseWorld } from "./test-fixtures.js";

const chain = chainFromPath("1310.131002.131002001.131002001001.131002001001001");
const u = (
  id: string,
  kind: RoutingUnit["kind"],
  regionCode: string,
  departmentType: string | null = null,
) => ({
  id,
  name: id,
  kind,
  regionCode,
  departmentType,
});
const units: RoutingUnit[] = [
  u("city", "city_centre", "1310"),
  u("city-market", "department", "1310", "market_regulation"),
  u("county", "county_centre", "131002"),
  u("county-transport", "department", "131002", "transport"),
  u("township", "township_centre", "131002001"),
  u("village", "village_committee", "131002001001"),
  u("grid", "grid_post", "131002001001001"),
];

describe("decideRoute (pure)", () => {
  it("reads the chain from a region path", () => {
    expect(chain).toEqual({
      cityCode: "1310",
      countyCode: "131002",
      townshipCode: "131002001",
      villageCode: "131002001001",
      gridCode: "131002001001001",
    });
    expect(chainFromPath("1310.131002").townshipCode).toBeNull();
  });

  it("sends each handling level to its unit, dispatched", () => {
    const at = (level: "grid" | "village" | "township" | "department", type: string | null = null) =>
      decideRoute(chain, { handlingLevel: level, departmentType: type }, units);
    expect(at("grid")).toMatchObject({ unit: { id: "grid" }, status: "dispatched", handlingLevel: "grid" });
    expect(at("village")).toMatchObject({
      unit: { id: "village" },
      status: "dispatched",
      handlingLevel: "village",
    });
    expect(at("township")).toMatchObject({ unit: { id: "township" }, status: "dispatched" });
    expect(at("department", "transport")).toMatchObject({
      unit: { id: "county-transport" },
      status: "dispatched",
    });
    // The county has no market regulator: the city's.
    expect(at("department", "market_regulation")).toMatchObject({ unit: { id: "city-market" } });
    // Nobody of that type: the county centre triages (not the township's).
    expect(at("department", "gas_heating")).toMatchObject({ unit: { id: "county" }, status: "triage" });
  });

  it("gives a grid-level matter to the village committee when only the village is known", () => {
    const village = chainFromPath("1310.131002.131002001.131002001001");
    expect(decideRoute(village, { handlingLevel: "grid", departmentType: null }, units)).toMatchObject({
      unit: { id: "village" },
      handlingLevel: "village",
      status: "dispatched",
    });
  });

  it("puts unknown category or location in the most specific centre's triage queue", () => {
    expect(decideRoute(chain, null, units)).toMatchObject({ unit: { id: "township" }, status: "triage" });
    const county = chainFromPath("1310.131002");
    expect(decideRoute(county, null, units)).toMatchObject({ unit: { id: "county" }, status: "triage" });
    expect(decideRoute(county, { handlingLevel: "village", departmentType: null }, units)).toMatchObject({
      unit: { id: "county" },
      status: "triage",
    });
    const city = chainFromPath("1310");
    expect(
      decideRoute(city, { handlingLevel: "department", departmentType: "transport" }, units),
    ).toMatchObject({
      unit: { id: "city" },
      status: "triage",
      handlingLevel: null,
    });
  });

  it("measures distances in metres", () => {
    const d = distanceMetres({ lon: 116.7, lat: 39.5 }, { lon: 116.7, lat: 39.501 });
    expect(d).toBeGreaterThan(105);
    expect(d).toBeLessThan(118);
  });
});

describe("routing on the database", () => {
  let w: CaseWorld;
  beforeAll(async () => {
    w = await buildCaseWorld();
  });
  afterAll(async () => w.t.close());

  const intake = (
    categoryCode: string | null,
    where: { location?: { lon: number; lat: number }; regionCode?: string },
  ) =>
    intakeCase(w.t.database.db, {
      channel: "web",
      categoryCode,
      description: "测试诉求内容，请处理",
      ...where,
    });

  it("lands each handling level at the right unit, which leads the case (首接负责)", async () => {
    const expectations: [string, Promise<{ id: string }>, string][] = [
      ["security.wires", w.unit("grid_post", w.grid), "grid"],
      ["sanitation.garbage", w.unit("village_committee", w.village), "village"],
      ["sanitation.sewage", w.unit("township_centre", w.township), "township"],
      ["roads.pothole", w.unit("department", w.county, "transport"), "department"],
      [CITY_ONLY_CATEGORY, w.unit("department", "1310", "market_regulation"), "department"],
    ];
    for (const [category, unitPromise, level] of expectations) {
      const unit = await unitPromise;
      const r = await intake(category, { location: w.inGrid });
      expect(r.case, category).toMatchObject({
        status: "dispatched",
        assignedOrgId: unit.id,
        leadOrgId: unit.id,
        handlingLevel: level,
        gridCode: w.grid,
        countyCode: w.county,
      });
      expect(r.case.regionPath.endsWith(w.grid)).toBe(true);
    }
  });

  it("routes a department type nobody has to the county centre's triage", async () => {
    const centre = await w.unit("county_centre", w.county);
    const r = await intake(NO_UNIT_CATEGORY, { location: w.inGrid });
    expect(r.case).toMatchObject({ status: "triage", assignedOrgId: centre.id, leadOrgId: centre.id });
  });

  it("puts an unknown category in the township centre's queue and an unknown place in the city's", async () => {
    const township = await w.unit("township_centre", w.township);
    const byGrid = await intake(null, { location: w.inGrid });
    expect(byGrid.case).toMatchObject({ status: "triage", assignedOrgId: township.id, handlingLevel: null });

    const county = await w.unit("county_centre", w.county);
    const byCounty = await intake(null, { regionCode: w.county });
    expect(byCounty.case).toMatchObject({ status: "triage", assignedOrgId: county.id, regionCode: w.county });

    const city = await w.unit("city_centre", "1310");
    const nowhere = await intake("sanitation.garbage", { location: w.noGrid });
    expect(nowhere.case).toMatchObject({
      status: "triage",
      assignedOrgId: city.id,
      regionCode: "1310",
      gridCode: null,
    });
  });

  it("uses a village chosen by hand, and a grid-level matter there goes to its committee", async () => {
    const committee = await w.unit("village_committee", w.otherVillage);
    const r = await intake("security.wires", { regionCode: w.otherVillage });
    expect(r.case).toMatchObject({
      status: "dispatched",
      assignedOrgId: committee.id,
      handlingLevel: "village",
    });
  });

  it("notifies the receiving unit in-app", async () => {
    const r = await intake("sanitation.garbage", { location: w.inGrid });
    const rows = await w.t.database.db.query.notifications.findMany({
      where: (n, { eq: is }) => is(n.subjectId, r.case.id),
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: "in_app",
      recipientOrgId: r.case.assignedOrgId,
      kind: "case_dispatched",
    });
  });

  it("lists open cases of the same category within about 100 m as possible duplicates, never merging", async () => {
    const base = { lon: 116.702, lat: 39.502 };
    const first = await intake("property.elevator", { location: base });
    const near = await intake("property.elevator", { location: { lon: base.lon + 0.0005, lat: base.lat } });
    const far = await intake("property.elevator", { location: { lon: base.lon + 0.004, lat: base.lat } });
    const other = await intake("sanitation.garbage", { location: base });
    expect(near.possibleDuplicates).toEqual([{ id: first.case.id, number: first.case.number }]);
    expect(far.possibleDuplicates).toEqual([]);
    expect(other.possibleDuplicates.map((d) => d.id)).not.toContain(first.case.id);
    const [stillOpen] = await w.t.database.db.select().from(cases).where(eq(cases.id, first.case.id));
    expect(stillOpen?.status).toBe("dispatched");
  });
});
