import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organisations, regions, users } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import {
  DEMO_COUNTY_DEPARTMENTS,
  seedDemoOrganisations,
  type SeedDemoOrganisationsResult,
} from "./seed-demo-organisations.js";

interface Item {
  id: string;
  kind: string;
  name: string;
  regionCode: string;
  regionName: string;
  regionPath: string;
  departmentType: string | null;
  departmentTypeName: string | null;
  memberCount: number;
}

describe("organisations", () => {
  let t: TestApp;
  let seeded: SeedDemoOrganisationsResult;
  /** Two villages of one township in county 131002, and a grid inside village A. */
  let villageA: string;
  let villageB: string;
  let township: string;
  let gridA: string;
  const orgs = new Map<
    string,
    { id: string; kind: string; regionCode: string; departmentType: string | null }
  >();
  const org = (kind: string, regionCode: string, departmentType: string | null = null) => {
    for (const o of orgs.values()) {
      if (o.kind === kind && o.regionCode === regionCode && o.departmentType === departmentType) return o.id;
    }
    throw new Error(`no ${kind} at ${regionCode}`);
  };
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    const [first] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, "township"), eq(regions.countyCode, "131002")))
      .orderBy(asc(regions.code))
      .limit(1);
    if (!first) throw new Error("no township");
    township = first.code;
    const villages = await db
      .select({ code: regions.code, path: regions.path })
      .from(regions)
      .where(eq(regions.parentCode, township))
      .orderBy(asc(regions.code))
      .limit(2);
    const [a, b] = villages;
    if (!a || !b) throw new Error("township has fewer than two villages");
    villageA = a.code;
    villageB = b.code;
    gridA = `${villageA}001`;
    // Grids may not be generated in tests: one region row of level grid stands in for them.
    await db.insert(regions).values({
      code: gridA,
      name: "第1网格",
      level: "grid",
      parentCode: villageA,
      path: `${a.path}.${gridA}`,
      countyCode: "131002",
    });
    seeded = await seedDemoOrganisations(db);
    for (const o of await db.select().from(organisations)) orgs.set(o.id, o);

    const users = {
      cityAdmin: [{ role: "admin" as const, region: "1310" }],
      countyAdmin: [{ role: "admin" as const, region: "131002" }],
      villageStaffA: [{ role: "village_staff" as const, region: villageA }],
      handler: [
        { role: "department_handler" as const, department: org("department", "131002", "urban_management") },
      ],
      resident: [{ role: "resident" as const, region: "1310" }],
    };
    for (const [name, bindings] of Object.entries(users)) {
      headers[name] = await sessionHeaders(t.database, await buildUser(t.database, bindings));
    }
  });
  afterAll(async () => t.close());

  const list = async (who: string, query = "") => {
    const res = await t.app.inject({
      url: `/api/v1/organisations?pageSize=200${query}`,
      headers: headers[who],
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const byId = (who: string, id: string) =>
    t.app.inject({ url: `/api/v1/organisations/${id}`, headers: headers[who] });
  const post = (who: string, body: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/organisations", headers: headers[who], payload: body });
  const postDepartment = (who: string, regionCode: string, departmentType: string, name: string) =>
    post(who, { kind: "department", regionCode, departmentType, name });

  describe("seedDemoOrganisations", () => {
    it("creates one unit per region of the imported tree, and departments per county and city", async () => {
      const db = t.database.db;
      const levels = await db
        .select({ level: regions.level, n: sql<number>`count(*)::int` })
        .from(regions)
        .where(sql`${regions.path} <@ '1310'`)
        .groupBy(regions.level);
      const n = (level: string) => levels.find((l) => l.level === level)?.n ?? 0;
      expect(n("county")).toBe(2);
      expect(seeded).toEqual({
        cityCentres: 1,
        countyCentres: n("county"),
        townshipCentres: n("township"),
        villageCommittees: n("village"),
        departments: 8 * n("county") + 7,
        gridPosts: n("grid"),
      });
      expect(seeded.gridPosts).toBe(1);
      const kinds = await db
        .select({ kind: organisations.kind, n: sql<number>`count(*)::int` })
        .from(organisations)
        .groupBy(organisations.kind);
      const k = (kind: string) => kinds.find((r) => r.kind === kind)?.n;
      expect(k("township_centre")).toBe(n("township"));
      expect(k("village_committee")).toBe(n("village"));
      expect(k("department")).toBe(seeded.departments);

      const city = await byId("cityAdmin", org("city_centre", "1310"));
      expect(city.json().name).toBe("廊坊市综治中心");
      const county = await byId("cityAdmin", org("county_centre", "131002"));
      expect(county.json().name).toBe("安次区综治中心");
      const police = await byId("cityAdmin", org("department", "131002", "public_security"));
      expect(police.json()).toMatchObject({ name: "廊坊市公安局安次区分局", departmentTypeName: "公安" });
      const housing = await byId("cityAdmin", org("department", "131003", "housing"));
      expect(housing.json()).toMatchObject({ name: "广阳区住房和城乡建设局", countyCode: "131003" });
      const committee = await byId("cityAdmin", org("village_committee", villageA));
      const [village] = await db.select().from(regions).where(eq(regions.code, villageA));
      expect(committee.json()).toMatchObject({
        name: village?.name,
        regionName: village?.name,
        kind: "village_committee",
      });
      const post = await byId("cityAdmin", org("grid_post", gridA));
      expect(post.json().name).toBe("第1网格工作站");
    });

    it("does not fail when the city has no grids", async () => {
      const fresh = await buildTestApp();
      try {
        const counts = await seedDemoOrganisations(fresh.database.db);
        expect(counts.gridPosts).toBe(0);
        expect(counts.villageCommittees).toBe(seeded.villageCommittees);
      } finally {
        await fresh.close();
      }
    });
  });

  it("serves the department type catalogue without sign-in", async () => {
    const res = await t.app.inject({ url: "/api/v1/organisations/department-types" });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; nameZh: string; nameEn: string }[];
    expect(items).toContainEqual({
      code: "urban_management",
      nameZh: "城市管理",
      nameEn: "Urban management",
    });
    expect(items.length).toBeGreaterThanOrEqual(17);
  });

  it("requires sign-in and a staff role", async () => {
    expect((await t.app.inject({ url: "/api/v1/organisations" })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/organisations", headers: headers.resident })).statusCode).toBe(
      403,
    );
    expect(
      (await post("villageStaffA", { kind: "township_centre", name: "x", regionCode: township })).statusCode,
    ).toBe(403);
  });

  describe("visibility", () => {
    it("village staff see their own units and those above, not another village's committee", async () => {
      const page = await list("villageStaffA");
      const ids = new Set(page.items.map((i) => i.id));
      const expected = [
        org("village_committee", villageA),
        org("grid_post", gridA),
        org("township_centre", township),
        org("county_centre", "131002"),
        org("city_centre", "1310"),
        ...DEMO_COUNTY_DEPARTMENTS.map((type) => org("department", "131002", type)),
        org("department", "1310", "natural_resources"),
      ];
      for (const id of expected) expect(ids).toContain(id);
      expect(ids).not.toContain(org("village_committee", villageB));
      expect(ids).not.toContain(org("county_centre", "131003"));
      expect(ids).not.toContain(org("department", "131003", "housing"));
      // Own committee and grid post, township, county (centre + 8), city (centre + 7).
      expect(page.total).toBe(2 + 1 + 9 + 8);
      expect(page.items.length).toBe(page.total);

      expect((await byId("villageStaffA", org("village_committee", villageA))).statusCode).toBe(200);
      expect((await byId("villageStaffA", org("township_centre", township))).statusCode).toBe(200);
      expect((await byId("villageStaffA", org("department", "131002", "water"))).statusCode).toBe(200);
      const other = await byId("villageStaffA", org("village_committee", villageB));
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe("not_found");
      expect((await byId("villageStaffA", org("department", "131003", "water"))).statusCode).toBe(404);
    });

    it("a department handler sees their department, its county's centre and departments, the city's", async () => {
      const page = await list("handler");
      const ids = new Set(page.items.map((i) => i.id));
      expect(ids).toContain(org("department", "131002", "urban_management"));
      expect(ids).toContain(org("department", "131002", "housing"));
      expect(ids).toContain(org("county_centre", "131002"));
      expect(ids).toContain(org("city_centre", "1310"));
      expect(ids).not.toContain(org("township_centre", township));
      expect(ids).not.toContain(org("village_committee", villageA));
      expect(ids).not.toContain(org("department", "131003", "urban_management"));
      expect(page.total).toBe(1 + 8 + 8);

      expect((await byId("handler", org("county_centre", "131002"))).statusCode).toBe(200);
      expect((await byId("handler", org("department", "131003", "urban_management"))).statusCode).toBe(404);
      expect((await byId("handler", org("county_centre", "131003"))).statusCode).toBe(404);
      expect((await byId("handler", org("township_centre", township))).statusCode).toBe(404);
    });

    it("filters by kind, region subtree and name, and pages", async () => {
      const departments = await list("countyAdmin", "&kind=department&region=131002");
      expect(departments.total).toBe(8);
      expect(departments.items.every((i) => i.kind === "department" && i.regionCode === "131002")).toBe(true);
      const water = await list("cityAdmin", "&q=水务局");
      expect(water.items.map((i) => i.regionCode).sort()).toEqual(["131002", "131003"]);
      const inTownship = await list("cityAdmin", `&region=${township}`);
      expect(inTownship.items[0]?.kind).toBe("township_centre");
      expect(inTownship.items.every((i) => i.regionPath.includes(township))).toBe(true);
      const unknown = await list("cityAdmin", "&region=131099");
      expect(unknown.total).toBe(0);

      const all = await list("cityAdmin");
      const res = await t.app.inject({
        url: "/api/v1/organisations?page=2&pageSize=3",
        headers: headers.cityAdmin,
      });
      expect(res.json()).toMatchObject({ page: 2, pageSize: 3, total: all.total });
      expect(res.json().items.map((i: Item) => i.id)).toEqual(all.items.slice(3, 6).map((i) => i.id));
      expect(all.items[0]?.kind).toBe("city_centre");

      const bad = await t.app.inject({
        url: "/api/v1/organisations?pageSize=1000&kind=bank",
        headers: headers.cityAdmin,
      });
      expect(bad.statusCode).toBe(400);
      const fields = bad.json().error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(["querystring.pageSize", "querystring.kind"]));
      const badId = await byId("cityAdmin", "not-a-uuid");
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.details[0].field).toBe("params.id");
    });
  });

  describe("creating", () => {
    it("checks that the kind fits the region's level, naming the field", async () => {
      const cases: [string, string][] = [
        ["county_centre", township],
        ["township_centre", "131002"],
        ["city_centre", "131002"],
        ["village_committee", township],
        ["grid_post", villageA],
      ];
      for (const [kind, regionCode] of cases) {
        const res = await post("cityAdmin", { kind, name: "错层单位", regionCode });
        expect(res.statusCode, `${kind} at ${regionCode}`).toBe(400);
        expect(res.json().error.code).toBe("wrong_region_level");
        expect(res.json().error.details[0].field).toBe("body.regionCode");
      }
      const atTownship = await postDepartment("cityAdmin", township, "education", "错层教育局");
      expect(atTownship.statusCode).toBe(400);
      expect(atTownship.json().error.details[0].field).toBe("body.regionCode");
    });

    it("refuses an unknown, missing or misplaced department type", async () => {
      const unknown = await postDepartment("cityAdmin", "131002", "magic", "安次区魔法局");
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].field).toBe("body.departmentType");
      const missing = await post("cityAdmin", {
        kind: "department",
        name: "安次区某局",
        regionCode: "131002",
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details[0].field).toBe("body.departmentType");
      const misplaced = await post("cityAdmin", {
        kind: "township_centre",
        name: "x",
        regionCode: township,
        departmentType: "water",
      });
      expect(misplaced.statusCode).toBe(400);
      expect(misplaced.json().error.details[0].field).toBe("body.departmentType");
      const unknownRegion = await post("cityAdmin", {
        kind: "county_centre",
        name: "x",
        regionCode: "131099",
      });
      expect(unknownRegion.statusCode).toBe(404);
    });

    it("allows one centre, committee or grid post per region and one department per type and name", async () => {
      const second = await post("cityAdmin", {
        kind: "township_centre",
        name: "第二综治中心",
        regionCode: township,
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().error).toMatchObject({
        code: "organisation_exists",
        details: { id: org("township_centre", township) },
      });
      expect(
        (await post("cityAdmin", { kind: "city_centre", name: "另一个中心", regionCode: "1310" })).statusCode,
      ).toBe(409);
      expect(
        (await post("cityAdmin", { kind: "grid_post", name: "又一个工作站", regionCode: gridA })).statusCode,
      ).toBe(409);
      const sameType = await postDepartment("cityAdmin", "131002", "urban_management", "安次区城管局");
      expect(sameType.statusCode).toBe(409);
      const sameName = await postDepartment("cityAdmin", "131002", "agriculture", "安次区水务局");
      expect(sameName.statusCode).toBe(409);
      expect(sameName.json().error.code).toBe("organisation_exists");
    });

    it("lets only one of two simultaneous creates of the same unit through", async () => {
      const gridB = `${villageB}001`;
      const [village] = await t.database.db
        .select({ path: sql<string>`${regions.path}::text` })
        .from(regions)
        .where(eq(regions.code, villageB));
      await t.database.db.insert(regions).values({
        code: gridB,
        name: "第1网格",
        level: "grid",
        parentCode: villageB,
        path: `${village?.path}.${gridB}`,
        countyCode: "131002",
      });
      const results = await Promise.all(
        ["甲工作站", "乙工作站"].map((name) =>
          post("cityAdmin", { kind: "grid_post", name, regionCode: gridB }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("organisation_exists");
    });

    it("lets a county admin create inside the county only, and audits it", async () => {
      const outside = await postDepartment("countyAdmin", "131003", "education", "广阳区教育局");
      expect(outside.statusCode).toBe(404);
      const atCity = await postDepartment("countyAdmin", "1310", "education", "廊坊市教育局");
      expect(atCity.statusCode).toBe(404);

      const res = await postDepartment("countyAdmin", "131002", "education", " 安次区教育局 ");
      expect(res.statusCode).toBe(201);
      const created = res.json() as Item;
      expect(created).toMatchObject({
        kind: "department",
        name: "安次区教育局",
        regionCode: "131002",
        regionName: "安次区",
        regionPath: "1310.131002",
        departmentType: "education",
        departmentTypeName: "教育",
        memberCount: 0,
      });
      const [audit] = await t.database.db
        .select({
          action: auditLog.action,
          after: auditLog.after,
          before: auditLog.before,
          scope: sql<string>`${auditLog.scopePath}::text`,
        })
        .from(auditLog)
        .where(eq(auditLog.entityId, created.id));
      expect(audit).toMatchObject({
        action: "organisation.create",
        before: null,
        after: { name: "安次区教育局", departmentType: "education", regionPath: "1310.131002" },
        scope: "1310.131002",
      });
    });
  });

  describe("changing and deleting", () => {
    it("renames and retypes inside the admin's scope, 404 outside, audited with before and after", async () => {
      const id = org("department", "131002", "transport");
      const patch = (who: string, target: string, body: object) =>
        t.app.inject({
          method: "PATCH",
          url: `/api/v1/organisations/${target}`,
          headers: headers[who],
          payload: body,
        });

      expect(
        (await patch("countyAdmin", org("department", "131003", "transport"), { name: "x" })).statusCode,
      ).toBe(404);
      expect(
        (await patch("countyAdmin", org("county_centre", "131002"), { departmentType: "water" })).statusCode,
      ).toBe(400);
      expect((await patch("countyAdmin", id, {})).statusCode).toBe(400);
      expect((await patch("countyAdmin", id, { kind: "county_centre" })).statusCode).toBe(400);
      const clash = await patch("countyAdmin", id, { departmentType: "water" });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.code).toBe("organisation_exists");

      const res = await patch("countyAdmin", id, {
        name: "安次区交通运输和物流局",
        departmentType: "gas_heating",
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        name: "安次区交通运输和物流局",
        departmentType: "gas_heating",
        departmentTypeName: "燃气热力",
      });
      const [audit] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "organisation.update")));
      expect(audit?.before).toMatchObject({ name: "安次区交通运输局", departmentType: "transport" });
      expect(audit?.after).toMatchObject({ name: "安次区交通运输和物流局", departmentType: "gas_heating" });
    });

    it("refuses to delete a unit that has members or scoped roles, deletes an unused one", async () => {
      const del = (who: string, target: string) =>
        t.app.inject({ method: "DELETE", url: `/api/v1/organisations/${target}`, headers: headers[who] });

      // The handler's role is scoped to this department.
      const scoped = await del("countyAdmin", org("department", "131002", "urban_management"));
      expect(scoped.statusCode).toBe(409);
      expect(scoped.json().error).toMatchObject({
        code: "organisation_in_use",
        details: { members: 0, roleBindings: 1 },
      });

      const committee = org("village_committee", villageB);
      await buildUser(t.database, [], { organisationId: committee });
      const members = await del("countyAdmin", committee);
      expect(members.statusCode).toBe(409);
      expect(members.json().error.details).toEqual({ members: 1, roleBindings: 0 });
      expect((await byId("cityAdmin", committee)).json().memberCount).toBe(1);

      const unused = org("department", "131003", "health");
      expect((await del("countyAdmin", unused)).statusCode).toBe(404);
      const ok = await del("cityAdmin", unused);
      expect(ok.statusCode).toBe(204);
      expect((await byId("cityAdmin", unused)).statusCode).toBe(404);
      const [audit] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, unused), eq(auditLog.action, "organisation.delete")));
      expect(audit?.before).toMatchObject({ name: "广阳区卫生健康局", regionCode: "131003" });
      expect(audit?.after).toBeNull();
      const left = await t.database.db.select().from(users).where(eq(users.organisationId, committee));
      expect(left.length).toBe(1);
    });
  });
});
