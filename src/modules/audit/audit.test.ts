import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { categories, organisations } from "../../db/schema.js";

describe("audit log API", () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    const as = async (name: string, bindings: Parameters<typeof buildUser>[1]) => {
      h[name] = await sessionHeaders(t.database, await buildUser(t.database, bindings, { username: name }));
    };
    await as("city_admin", [{ role: "admin", region: "1310" }]);
    await as("county_admin", [{ role: "admin", region: "131002" }]);
    await as("other_county_admin", [{ role: "admin", region: "131003" }]);
    await as("city_supervisor", [{ role: "supervisor", region: "1310" }]);
    await as("staff", [{ role: "village_staff", region: "131002" }]);

    // One change in each county through the API, and one platform-wide row with no scope.
    const create = (who: string, username: string, regionCode: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: h[who],
        payload: {
          username,
          displayName: username,
          password: "Correct4Horse",
          roles: [{ role: "operator", regionCode }],
        },
      });
    expect((await create("county_admin", "op_131002", "131002")).statusCode).toBe(201);
    expect((await create("other_county_admin", "op_131003", "131003")).statusCode).toBe(201);
    await recordAudit(t.database.db, {
      actor: null,
      action: "settings.update",
      entityType: "setting",
      entityId: "k",
      before: 1,
      after: 2,
    });
  });
  afterAll(async () => t.close());

  const read = async (who: string, query = "") => {
    const res = await t.app.inject({ url: `/api/v1/audit${query}`, headers: h[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: {
        action: string;
        entityType: string;
        after: { username?: string } | null;
        scopePath: string | null;
      }[];
      total: number;
    };
  };
  const usernames = (page: Awaited<ReturnType<typeof read>>) =>
    page.items.map((i) => i.after?.username ?? i.entityType).sort();

  it("shows each admin the rows of their scope only", async () => {
    expect(usernames(await read("county_admin"))).toEqual(["op_131002"]);
    expect(usernames(await read("other_county_admin"))).toEqual(["op_131003"]);
  });

  it("shows city-level readers everything, rows without a scope included", async () => {
    expect(usernames(await read("city_admin"))).toEqual(["op_131002", "op_131003", "setting"]);
    expect((await read("city_supervisor")).total).toBe(3);
  });

  it("records who did what, with before and after", async () => {
    const [row] = (await read("county_admin")).items;
    expect(row).toMatchObject({
      action: "user.create",
      entityType: "user",
      actorUsername: "county_admin",
      // Who acted, by their display name (the test accounts' is their username).
      actorName: "county_admin",
      before: null,
      scopePath: "1310.131002",
      // Named, not an id: the account as people know it.
      entityLabel: "op_131002（op_131002）",
    });
  });

  it("names the thing each row is about, and keeps the id of one that is gone", async () => {
    const rows = (await read("city_admin")).items as unknown as {
      entityType: string;
      entityId: string;
      entityLabel: string | null;
    }[];
    const setting = rows.find((r) => r.entityType === "setting");
    expect(setting).toMatchObject({ entityId: "k", entityLabel: null });
    for (const r of rows.filter((r) => r.entityType === "user"))
      expect(r.entityLabel).toMatch(/^op_13100[23]（/);
  });

  it("filters by action, entity type and time", async () => {
    expect((await read("city_admin", "?action=user.create")).total).toBe(2);
    expect((await read("city_admin", "?entityType=setting")).total).toBe(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await read("city_admin", `?since=${encodeURIComponent(future)}`)).total).toBe(0);
    expect((await read("city_admin", `?until=${encodeURIComponent(future)}`)).total).toBe(3);
    const bad = await t.app.inject({ url: "/api/v1/audit?since=yesterday", headers: h.city_admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("querystring.since");
  });

  it("refuses roles without audit.read, and anonymous callers", async () => {
    expect((await t.app.inject({ url: "/api/v1/audit", headers: h.staff })).statusCode).toBe(403);
    expect((await t.app.inject({ url: "/api/v1/audit" })).statusCode).toBe(401);
  });

  it("names what mediation's and the register's administration changed, each kind in one read", async () => {
    for (const [entityType, entityId] of [
      ["dispute_type", "neighbour"],
      ["population_type", "released_prisoner"],
    ] as const) {
      await recordAudit(t.database.db, {
        actor: null,
        action: entityType === "dispute_type" ? "dispute_type.update" : "population_type.update",
        entityType,
        entityId,
      });
    }
    const labelOf = async (entityType: string) => {
      const res = await t.app.inject({
        url: `/api/v1/audit?entityType=${entityType}`,
        headers: h.city_admin,
      });
      const [row] = (res.json() as { items: { entityLabel: string | null; actorName: string | null }[] })
        .items;
      return row;
    };
    expect(await labelOf("dispute_type")).toMatchObject({ entityLabel: "邻里纠纷", actorName: null });
    expect(await labelOf("population_type")).toMatchObject({ entityLabel: "刑满释放人员" });
  });

  it("names each thing in both languages where it has an English name, else in Chinese only", async () => {
    const db = t.database.db;
    const category = { code: "t-streetlights", name: "路灯不亮", nameEn: "Streetlight out" };
    await db.insert(categories).values({
      ...category,
      handlingLevel: "grid",
      responseHours: 2,
      handleHours: 24,
      deadlineKind: "calendar",
    });
    const [unit] = await db
      .insert(organisations)
      .values({
        kind: "department",
        name: "城管局",
        departmentType: "urban_management",
        regionCode: "131002",
        regionPath: "1310.131002",
        countyCode: "131002",
      })
      .returning({ id: organisations.id, name: organisations.name });
    if (!unit) throw new Error("no unit");
    await recordAudit(db, {
      actor: null,
      action: "category.update",
      entityType: "category",
      entityId: category.code,
    });
    await recordAudit(db, {
      actor: null,
      action: "organisation.update",
      entityType: "organisation",
      entityId: unit.id,
    });
    const res = await t.app.inject({ url: "/api/v1/audit?pageSize=200", headers: h.city_admin });
    const rows = (
      res.json() as {
        items: {
          entityType: string;
          entityId: string;
          entityLabel: string | null;
          entityLabelEn: string | null;
        }[];
      }
    ).items;
    const named = (entityType: string, entityId?: string) =>
      rows.find((r) => r.entityType === entityType && (entityId === undefined || r.entityId === entityId));
    // The catalogue's, the dispute types' and the population types' English names.
    expect(named("category", category.code)).toMatchObject({
      entityLabel: category.name,
      entityLabelEn: category.nameEn,
    });
    expect(named("dispute_type")).toMatchObject({
      entityLabel: "邻里纠纷",
      entityLabelEn: "Neighbour dispute",
    });
    expect(named("population_type")?.entityLabelEn).toMatch(/^[\x20-\x7e]+$/);
    // An account: its name and sign-in name, with the English brackets.
    expect(named("user")?.entityLabelEn).toMatch(/^op_13100[23] \(op_13100[23]\)$/);
    // A unit's name is Chinese data only: the page shows it as written, never a code.
    expect(named("organisation", unit.id)).toMatchObject({ entityLabel: "城管局", entityLabelEn: null });
    // Nothing is named by a code in either language.
    for (const r of rows) {
      if (r.entityLabel !== null) expect(r.entityLabel).not.toBe(r.entityId);
      if (r.entityLabelEn !== null) expect(r.entityLabelEn).not.toBe(r.entityId);
    }
  });
});
