import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../config.js";
import { auditLog, categories, holidays } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import { buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { createTestDatabase } from "../../../test/helpers/db.js";
import { DEPARTMENT_TYPE_CODES } from "../organisations/department-types.js";
import { findOpen311Services, getUsableLeaf, isUsableLeaf } from "./find-categories.js";
import { getDeadlines } from "./get-deadlines.js";
import { bumpHolidaysVersion } from "./holidays-version.js";
import { loadWorkingCalendar } from "./load-working-calendar.js";
import { catalogueRoutes } from "./routes.js";
import { categoryRuleViolations, type Category } from "./schemas.js";
import { DEMO_CATEGORIES, seedDemoCatalogue } from "./seed-demo-catalogue.js";

/** The test app with the catalogue routes, whether or not app.ts registers them yet. */
async function buildCatalogueTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }),
  });
  if (!app.hasRoute({ method: "GET", url: "/api/v1/categories" })) {
    const ctx = { database, db: database.db, config: loadConfig({ DATA_DIR: "/nonexistent" }) };
    await app.register(async (api) => catalogueRoutes(api, ctx), { prefix: "/api/v1" });
  }
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const cst = (local: string): Date => new Date(`${local.replace(" ", "T")}:00+08:00`);

describe("catalogue", () => {
  let t: TestApp;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildCatalogueTestApp();
    expect(await seedDemoCatalogue(t.database.db)).toEqual({
      categories: DEMO_CATEGORIES.length,
      holidays: 39,
    });
    const people = {
      cityAdmin: [{ role: "admin" as const, region: "1310" }],
      countyAdmin: [{ role: "admin" as const, region: "131002" }],
      supervisor: [{ role: "supervisor" as const, region: "1310" }],
    };
    for (const [name, bindings] of Object.entries(people)) {
      headers[name] = await sessionHeaders(t.database, await buildUser(t.database, bindings));
    }
  });
  afterAll(async () => t.close());

  const get = (url: string, who?: string) =>
    t.app.inject({ url: `/api/v1${url}`, headers: who ? headers[who] : {} });
  const send = (method: "POST" | "PATCH" | "PUT", url: string, who: string | null, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: who ? headers[who] : {}, payload });
  const list = async (query = "", who?: string) => {
    const res = await get(`/categories${query}`, who);
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Category[] }).items;
  };
  const auditRows = (entityId: string) =>
    t.database.db
      .select({
        action: auditLog.action,
        actor: auditLog.actorUsername,
        before: auditLog.before,
        after: auditLog.after,
        scope: sql<string>`${auditLog.scopePath}::text`,
      })
      .from(auditLog)
      .where(eq(auditLog.entityId, entityId))
      .orderBy(desc(auditLog.id));
  const newCategory = (overrides: object = {}) => ({
    code: "roads.manhole",
    parentCode: "roads",
    name: "井盖缺失",
    nameEn: "Missing manhole cover",
    handlingLevel: "department",
    departmentType: "urban_management",
    responseHours: 2,
    handleHours: 24,
    deadlineKind: "calendar",
    open311ServiceCode: "roads-manhole",
    icon: "alert",
    ...overrides,
  });
  /** A 400 that names `field` among its details. */
  const expectFieldError = (res: { statusCode: number; json(): unknown }, field: string) => {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; details?: { field: string }[] } };
    expect(body.error.details?.map((d) => d.field)).toContain(field);
  };

  describe("the demo catalogue", () => {
    it("covers the source document's appeals with valid, realistic rules", () => {
      const top = DEMO_CATEGORIES.filter((c) => !c.parentCode).map((c) => c.code);
      expect(top).toEqual([
        "sanitation",
        "roads",
        "streetlights",
        "heating_gas",
        "property",
        "disputes",
        "security",
        "facility_safety",
        "elderly_care",
        "micro_wish",
        "other",
      ]);
      const parents = new Set(DEMO_CATEGORIES.map((c) => c.parentCode));
      const leaves = DEMO_CATEGORIES.filter((c) => !parents.has(c.code));
      expect(leaves.length).toBeGreaterThanOrEqual(20);
      for (const c of DEMO_CATEGORIES) {
        const rule = { ...c, departmentType: c.departmentType ?? null };
        expect(categoryRuleViolations(rule), c.code).toEqual([]);
        if (c.departmentType) expect(DEPARTMENT_TYPE_CODES, c.code).toContain(c.departmentType);
      }
      for (const leaf of leaves) {
        expect(leaf.open311ServiceCode, leaf.code).toMatch(/^[a-z0-9-]+$/);
        expect(leaf.nameEn, leaf.code).not.toBe("");
        if (leaf.code === "heating_gas.gas_smell") continue; // urgent: a one-hour response
        expect(leaf.responseHours, leaf.code).toBeGreaterThanOrEqual(2);
        expect(leaf.responseHours, leaf.code).toBeLessThanOrEqual(24);
      }
      const level = (code: string) => DEMO_CATEGORIES.find((c) => c.code === code);
      expect(level("disputes.neighbour")).toMatchObject({ handlingLevel: "village" });
      expect(level("streetlights.broken")).toMatchObject({ handlingLevel: "township" });
      expect(level("heating_gas.gas_smell")).toMatchObject({
        handlingLevel: "department",
        departmentType: "gas_heating",
        responseHours: 1,
      });
      expect(new Set(leaves.map((l) => l.deadlineKind))).toEqual(new Set(["calendar", "working"]));
    });

    it("seeds once: a second run adds nothing", async () => {
      expect(await seedDemoCatalogue(t.database.db)).toEqual({ categories: 0, holidays: 0 });
    });
  });

  describe("GET /categories", () => {
    it("lists the active tree to anyone, parents right before their children", async () => {
      const items = await list();
      expect(items).toHaveLength(DEMO_CATEGORIES.length);
      const index = new Map(items.map((c, i) => [c.code, i]));
      for (const c of items) {
        if (c.parentCode === null) {
          expect(c.depth).toBe(0);
          continue;
        }
        const parent = items[index.get(c.parentCode) ?? -1];
        expect(parent, c.code).toBeDefined();
        expect(index.get(c.code)).toBeGreaterThan(index.get(c.parentCode) ?? Infinity);
        expect(c.depth).toBe((parent?.depth ?? -9) + 1);
      }
      expect(items.slice(0, 4).map((c) => c.code)).toEqual([
        "sanitation",
        "sanitation.garbage",
        "sanitation.sewage",
        "sanitation.toilet",
      ]);
      const gas = items.find((c) => c.code === "heating_gas.gas_smell");
      expect(gas).toMatchObject({
        name: "燃气泄漏异味",
        nameEn: "Gas smell",
        icon: "flame",
        handlingLevel: "department",
        departmentType: "gas_heating",
        departmentTypeName: "燃气热力",
        responseHours: 1,
        deadlineKind: "calendar",
        acceptsCases: true,
      });
      expect(items.find((c) => c.code === "heating_gas")?.acceptsCases).toBe(false);
      expect(items.find((c) => c.code === "other")?.acceptsCases).toBe(true);
    });

    it("shows inactive categories to catalogue administrators only", async () => {
      expect((await get("/categories?includeInactive=true")).statusCode).toBe(401);
      expect((await get("/categories?includeInactive=true", "supervisor")).statusCode).toBe(403);
      expect((await get("/categories?includeInactive=true", "countyAdmin")).statusCode).toBe(200);
      expectFieldError(await get("/categories?includeInactive=yes"), "querystring.includeInactive");
    });

    it("shows one category, 404 for an unknown code and 400 for a malformed one", async () => {
      const res = await get("/categories/streetlights.broken");
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: "streetlights.broken", parentCode: "streetlights", depth: 1 });
      expect((await get("/categories/streetlights.nothing")).statusCode).toBe(404);
      expectFieldError(await get("/categories/Not%20A%20Code"), "params.code");
    });
  });

  describe("POST /categories", () => {
    it("refuses anyone but a city-wide administrator", async () => {
      expect((await send("POST", "/categories", null, newCategory())).statusCode).toBe(401);
      expect((await send("POST", "/categories", "supervisor", newCategory())).statusCode).toBe(403);
      const county = await send("POST", "/categories", "countyAdmin", newCategory());
      expect(county.statusCode).toBe(403);
      expect(county.json()).toMatchObject({ error: { code: "forbidden" } });
      expect(await getUsableLeaf(t.database.db, "roads.manhole")).toBeNull();
    });

    it("says which field is wrong", async () => {
      const post = (overrides: object) => send("POST", "/categories", "cityAdmin", newCategory(overrides));
      expectFieldError(await post({ departmentType: undefined }), "body.departmentType");
      expectFieldError(await post({ handlingLevel: "village" }), "body.departmentType");
      expectFieldError(await post({ departmentType: "fire_brigade" }), "body.departmentType");
      expectFieldError(await post({ handleHours: 1 }), "body.handleHours");
      expectFieldError(await post({ responseHours: 0 }), "body.responseHours");
      expectFieldError(await post({ responseHours: "2" }), "body.responseHours");
      expectFieldError(await post({ code: "Roads/Manhole" }), "body.code");
      expectFieldError(await post({ handlingLevel: "province" }), "body.handlingLevel");
      expectFieldError(await post({ deadlineKind: "lunar" }), "body.deadlineKind");
      expectFieldError(await post({ icon: "a very long icon name" }), "body.icon");
      expectFieldError(await post({ parentCode: "roads.nowhere" }), "body.parentCode");
      const unknown = await post({ colour: "red" });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ error: { code: "validation_failed" } });
      expect(await getUsableLeaf(t.database.db, "roads.manhole")).toBeNull();
    });

    it("refuses a code or an Open311 service code that is taken (409)", async () => {
      const taken = await send("POST", "/categories", "cityAdmin", newCategory({ code: "roads.pothole" }));
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toMatchObject({ error: { code: "category_exists" } });
      const service = await send(
        "POST",
        "/categories",
        "cityAdmin",
        newCategory({ open311ServiceCode: "roads-pothole" }),
      );
      expect(service.statusCode).toBe(409);
      expect(service.json()).toMatchObject({
        error: { code: "open311_service_code_taken", details: { code: "roads.pothole" } },
      });
    });

    it("creates a category, makes it usable and audits it", async () => {
      const res = await send("POST", "/categories", "cityAdmin", newCategory());
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        code: "roads.manhole",
        parentCode: "roads",
        depth: 1,
        active: true,
        acceptsCases: true,
        sortOrder: 0,
        departmentTypeName: "城市管理",
      });
      expect(await isUsableLeaf(t.database.db, "roads.manhole")).toBe(true);
      const [audit] = await auditRows("roads.manhole");
      expect(audit).toMatchObject({
        action: "category.create",
        scope: "1310",
        before: null,
        after: { code: "roads.manhole", handlingLevel: "department", departmentType: "urban_management" },
      });
      expect(audit?.actor).toMatch(/^u_/);
      expect((await list()).map((c) => c.code)).toContain("roads.manhole");
    });

    it("refuses an active child under an inactive parent, accepts an inactive one", async () => {
      const parent = newCategory({
        code: "pets",
        parentCode: null,
        name: "宠物",
        nameEn: "Pets",
        handlingLevel: "village",
        departmentType: null,
        open311ServiceCode: null,
        active: false,
      });
      expect((await send("POST", "/categories", "cityAdmin", parent)).statusCode).toBe(201);
      const child = { ...parent, code: "pets.dogs", parentCode: "pets", name: "犬只扰民", nameEn: "Dogs" };
      const active = await send("POST", "/categories", "cityAdmin", { ...child, active: true });
      expect(active.statusCode).toBe(409);
      expect(active.json()).toMatchObject({ error: { code: "parent_inactive" } });
      expect((await send("POST", "/categories", "cityAdmin", child)).statusCode).toBe(201);
      expect((await get("/categories/pets.dogs")).statusCode).toBe(404);
      expect((await get("/categories/pets.dogs", "cityAdmin")).json()).toMatchObject({
        active: false,
        acceptsCases: false,
      });
    });
  });

  describe("PATCH /categories/:code", () => {
    const patch = (code: string, body: object, who = "cityAdmin") =>
      send("PATCH", `/categories/${code}`, who, body);

    it("refuses anyone but a city-wide administrator", async () => {
      expect((await patch("other", { name: "杂项" }, "countyAdmin")).statusCode).toBe(403);
      expect((await patch("other", { name: "杂项" }, "supervisor")).statusCode).toBe(403);
      expect((await get("/categories/other")).json()).toMatchObject({ name: "其他" });
    });

    it("404s an unknown code and 400s an empty body", async () => {
      expect((await patch("nothing.here", { name: "x" })).statusCode).toBe(404);
      expect((await patch("other", {})).statusCode).toBe(400);
    });

    it("refuses to deactivate a parent with active children (409) and changes nothing", async () => {
      const res = await patch("sanitation", { active: false });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        error: {
          code: "has_active_children",
          details: { children: ["sanitation.garbage", "sanitation.sewage", "sanitation.toilet"] },
        },
      });
      expect((await get("/categories/sanitation")).json()).toMatchObject({ active: true });
    });

    it("deactivates a subtree leaf first, then its parent; a parent left without active children accepts cases", async () => {
      expect((await patch("streetlights.broken", { active: false })).statusCode).toBe(200);
      expect(await isUsableLeaf(t.database.db, "streetlights.broken")).toBe(false);
      expect((await get("/categories/streetlights.broken")).statusCode).toBe(404);
      expect((await get("/categories/streetlights")).json()).toMatchObject({ acceptsCases: true });
      expect((await patch("streetlights", { active: false })).statusCode).toBe(200);
      expect((await list()).some((c) => c.code.startsWith("streetlights"))).toBe(false);
      const reactivate = await patch("streetlights.broken", { active: true });
      expect(reactivate.statusCode).toBe(409);
      expect(reactivate.json()).toMatchObject({ error: { code: "parent_inactive" } });
      expect((await patch("streetlights", { active: true })).statusCode).toBe(200);
      expect((await patch("streetlights.broken", { active: true })).statusCode).toBe(200);
      expect(await isUsableLeaf(t.database.db, "streetlights.broken")).toBe(true);
      expect(await isUsableLeaf(t.database.db, "streetlights")).toBe(false);
    });

    it("refuses cycles and unknown parents with the field", async () => {
      expectFieldError(await patch("sanitation", { parentCode: "sanitation.garbage" }), "body.parentCode");
      expectFieldError(await patch("sanitation", { parentCode: "sanitation" }), "body.parentCode");
      expectFieldError(await patch("sanitation", { parentCode: "nowhere" }), "body.parentCode");
      expect((await get("/categories/sanitation")).json()).toMatchObject({ parentCode: null });
    });

    it("moves a category under another parent, keeping its code, and audits before and after", async () => {
      const res = await patch("roads.blocked", { parentCode: "property", sortOrder: 5 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: "roads.blocked", parentCode: "property", sortOrder: 5 });
      const items = await list();
      const property = items.findIndex((c) => c.code === "property");
      expect(items[property + 1]?.code).toBe("roads.blocked");
      const [audit] = await auditRows("roads.blocked");
      expect(audit).toMatchObject({
        action: "category.update",
        scope: "1310",
        before: { parentCode: "roads", sortOrder: 20 },
        after: { parentCode: "property", sortOrder: 5 },
      });
      expect((await patch("roads.blocked", { parentCode: "roads", sortOrder: 20 })).statusCode).toBe(200);
    });

    it("clears the department type when leaving the department level, and needs one to enter it", async () => {
      const down = await patch("roads.pothole", { handlingLevel: "township" });
      expect(down.statusCode).toBe(200);
      expect(down.json()).toMatchObject({ handlingLevel: "township", departmentType: null });
      expectFieldError(await patch("roads.pothole", { handlingLevel: "department" }), "body.departmentType");
      expectFieldError(await patch("roads.pothole", { departmentType: "transport" }), "body.departmentType");
      const up = await patch("roads.pothole", { handlingLevel: "department", departmentType: "transport" });
      expect(up.json()).toMatchObject({ handlingLevel: "department", departmentType: "transport" });
      expectFieldError(await patch("roads.pothole", { responseHours: 300 }), "body.handleHours");
    });

    it("writes no audit row when nothing changes", async () => {
      const before = (await auditRows("other")).length;
      const res = await patch("other", { name: "其他", responseHours: 24 });
      expect(res.statusCode).toBe(200);
      expect(await auditRows("other")).toHaveLength(before);
    });

    it("serialises concurrent moves, so two of them cannot make a cycle together", async () => {
      const [a, b] = await Promise.all([
        patch("micro_wish", { parentCode: "elderly_care" }),
        patch("elderly_care", { parentCode: "micro_wish" }),
      ]);
      expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 400]);
      expect((await patch("micro_wish", { parentCode: null })).statusCode).toBe(200);
      expect((await patch("elderly_care", { parentCode: null })).statusCode).toBe(200);
    });

    it("refuses an Open311 service code another category offers", async () => {
      const res = await patch("other", { open311ServiceCode: "gas-smell" });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: "open311_service_code_taken" } });
    });
  });

  describe("usable leaves and Open311 services", () => {
    it("says which codes can receive cases", async () => {
      const db = t.database.db;
      expect(await isUsableLeaf(db, "sanitation.garbage")).toBe(true);
      expect(await isUsableLeaf(db, "sanitation")).toBe(false);
      expect(await isUsableLeaf(db, "micro_wish")).toBe(true);
      expect(await isUsableLeaf(db, "pets.dogs")).toBe(false);
      expect(await isUsableLeaf(db, "no.such")).toBe(false);
      expect(await getUsableLeaf(db, "heating_gas.no_heating")).toMatchObject({
        handlingLevel: "department",
        departmentType: "gas_heating",
        responseHours: 2,
      });
    });

    it("offers the usable leaves with a service code through Open311, in catalogue order", async () => {
      const services = await findOpen311Services(t.database.db);
      const codes = services.map((s) => s.open311ServiceCode);
      expect(codes.slice(0, 3)).toEqual(["sanitation-garbage", "sanitation-sewage", "sanitation-toilet"]);
      expect(codes).toContain("gas-smell");
      expect(codes).toContain("roads-manhole");
      for (const s of services) expect(await isUsableLeaf(t.database.db, s.code)).toBe(true);
    });
  });

  describe("holidays", () => {
    const put = (year: string, items: object[], who = "cityAdmin") =>
      send("PUT", `/holidays?year=${year}`, who, { items });

    it("lists a year's holidays to administrators", async () => {
      expect((await get("/holidays?year=2026")).statusCode).toBe(401);
      expect((await get("/holidays?year=2026", "supervisor")).statusCode).toBe(403);
      const res = await get("/holidays?year=2026", "countyAdmin");
      expect(res.statusCode).toBe(200);
      const body = res.json() as { year: number; items: { date: string; kind: string; name: string }[] };
      expect(body.year).toBe(2026);
      expect(body.items).toHaveLength(39);
      expect(body.items[0]).toEqual({ date: "2026-01-01", kind: "holiday", name: "元旦" });
      expect(body.items.find((h) => h.date === "2026-02-28")).toEqual({
        date: "2026-02-28",
        kind: "workday",
        name: "春节调休上班",
      });
      expectFieldError(await get("/holidays?year=twenty", "cityAdmin"), "querystring.year");
    });

    it("lets only a city-wide administrator replace a year", async () => {
      const items = [{ date: "2027-01-01", kind: "holiday", name: "元旦" }];
      expect((await put("2027", items, "countyAdmin")).statusCode).toBe(403);
      expect((await put("2027", items, "supervisor")).statusCode).toBe(403);
      expect((await get("/holidays?year=2027", "cityAdmin")).json()).toMatchObject({ items: [] });
    });

    it("says which item is wrong", async () => {
      const day = (date: string, kind = "holiday") => ({ date, kind, name: "测试" });
      expectFieldError(await put("2027", [day("2026-12-31")]), "body.items.0.date");
      expectFieldError(await put("2027", [day("2027-01-01"), day("2027-01-01")]), "body.items.1.date");
      // 2027-01-04 is a Monday: it cannot be a weekend day worked in exchange.
      expectFieldError(await put("2027", [day("2027-01-04", "workday")]), "body.items.0.kind");
      expectFieldError(await put("2027", [day("2027-02-30")]), "body.items.0.date");
      expectFieldError(await put("2027", [day("2027-01-01", "festival")]), "body.items.0.kind");
      expectFieldError(await put("2027", [{ date: "2027-01-01", kind: "holiday" }]), "body.items.0.name");
      expectFieldError(await send("PUT", "/holidays", "cityAdmin", { items: [] }), "querystring.year");
      expect(
        await t.database.db
          .select()
          .from(holidays)
          .where(sql`${holidays.date} >= '2027-01-01'`),
      ).toEqual([]);
    });

    it("replaces a year in one go, audited, and moves working-hour deadlines at once", async () => {
      const db = t.database.db;
      const rule = { responseHours: 1, handleHours: 7.5, deadlineKind: "working" as const };
      // Thursday 31 Dec 2026 17:00: one working hour ends on Friday 1 January 2027 without a holiday.
      const start = cst("2026-12-31 17:00");
      const first = await getDeadlines(db, rule, start);
      expect(first.responseDueAt).toEqual(cst("2027-01-01 09:00"));

      const res = await put("2027", [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-01-02", kind: "holiday", name: "元旦" },
        { date: "2027-01-03", kind: "holiday", name: "元旦" },
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ year: 2027, items: [{ date: "2027-01-01" }, {}, {}] });
      const moved = await getDeadlines(db, rule, start);
      expect(moved.responseDueAt).toEqual(cst("2027-01-04 09:00"));

      const second = await put("2027", [{ date: "2027-01-01", kind: "holiday", name: "元旦" }]);
      expect((second.json() as { items: unknown[] }).items).toHaveLength(1);
      const [audit] = await auditRows("2027");
      expect(audit).toMatchObject({ action: "holidays.replace", scope: "1310" });
      expect(audit?.before).toHaveLength(3);
      expect(audit?.after).toEqual([{ date: "2027-01-01", kind: "holiday", name: "元旦" }]);
      // Other years are untouched.
      expect((await get("/holidays?year=2026", "cityAdmin")).json()).toMatchObject({
        items: expect.arrayContaining([{ date: "2026-10-10", kind: "workday", name: "国庆节调休上班" }]),
      });
      const calendar = await loadWorkingCalendar(db);
      expect(calendar.holidays.has("2027-01-02")).toBe(false);
      expect(calendar.holidays.has("2026-10-01")).toBe(true);
    });

    it("sees a change another app process made within seconds", async () => {
      const db = t.database.db;
      expect((await loadWorkingCalendar(db)).holidays.has("2028-01-03")).toBe(false);
      // Another process: the row and the version bump, without this process's invalidation.
      await db.transaction(async (tx) => {
        await tx.insert(holidays).values({ date: "2028-01-03", kind: "holiday", name: "测试" });
        await bumpHolidaysVersion(tx);
      });
      expect((await loadWorkingCalendar(db)).holidays.has("2028-01-03")).toBe(false);
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(Date.now() + 6_000);
        expect((await loadWorkingCalendar(db)).holidays.has("2028-01-03")).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });

    it("computes a category's deadlines from the stored calendar", async () => {
      const pothole = await getUsableLeaf(t.database.db, "roads.pothole");
      const fees = await getUsableLeaf(t.database.db, "property.fees");
      if (!pothole || !fees) throw new Error("demo categories missing");
      const start = cst("2026-09-30 16:00");
      const calendarHours = await getDeadlines(t.database.db, pothole, start);
      expect(calendarHours.responseDueAt).toEqual(cst("2026-10-01 16:00"));
      expect(calendarHours.handleDueAt).toEqual(cst("2026-10-10 16:00"));
      const workingHours = await getDeadlines(t.database.db, fees, start);
      // 1.5 h on 30 Sep (16:00–17:30), National Day off, then 6 h on Thursday 8 October.
      expect(workingHours.responseDueAt).toEqual(cst("2026-10-08 16:00"));
    });
  });

  it("documents its routes in the OpenAPI description", async () => {
    const res = await t.app.inject({ url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining(["/api/v1/categories", "/api/v1/categories/{code}", "/api/v1/holidays"]),
    );
  });

  it("keeps the database rules even for writes that bypass the API", async () => {
    const db = t.database.db;
    const base = {
      code: "direct",
      name: "直接",
      nameEn: "Direct",
      handlingLevel: "village" as const,
      responseHours: 1,
      handleHours: 2,
      deadlineKind: "calendar" as const,
    };
    await expect(db.insert(categories).values({ ...base, departmentType: "transport" })).rejects.toThrow();
    await expect(db.insert(categories).values({ ...base, handleHours: 0.5 })).rejects.toThrow();
    await expect(db.insert(categories).values({ ...base, parentCode: "direct" })).rejects.toThrow();
    expect(await db.select().from(categories).where(eq(categories.code, "direct"))).toEqual([]);
  });
});
