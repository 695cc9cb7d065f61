import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTestApp,
  buildUser,
  sessionHeaders,
  type TestApp,
  type TestUser,
} from "../../../test/helpers/app.js";
import { auditLog, organisations, regions, sessions, signInFailures, users } from "../../db/schema.js";

/** Two villages of one township and one of another, in county 131002; one village in 131003. */
const V1 = "131002001007";
const V2 = "131002001010";
const V3 = "131002100201";
const PASSWORD = "Correct4Horse";

describe("users admin API", () => {
  let t: TestApp;
  let V4: string; // a village of county 131003
  let d1: string;
  let d2: string;
  let cityDept: string;
  const u: Record<string, TestUser> = {};
  const h: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    const [v4] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, "village"), eq(regions.countyCode, "131003")))
      .limit(1);
    V4 = v4?.code ?? "";
    const dept = (name: string, departmentType: string, regionCode: string, regionPath: string) =>
      db
        .insert(organisations)
        .values({
          kind: "department",
          name,
          departmentType,
          regionCode,
          regionPath,
          countyCode: regionCode.length > 4 ? regionCode : null,
        })
        .returning({ id: organisations.id })
        .then((rows) => rows[0]?.id ?? "");
    d1 = await dept("城管局", "urban_management", "131002", "1310.131002");
    d2 = await dept("水务局", "water", "131002", "1310.131002");
    cityDept = await dept("市住建局", "housing", "1310", "1310");

    const make = async (name: string, bindings: Parameters<typeof buildUser>[1], phone?: string) => {
      u[name] = await buildUser(t.database, bindings, { username: name, phone: phone ?? null });
      h[name] = await sessionHeaders(t.database, u[name] as TestUser);
    };
    await make("city_admin", [{ role: "admin", region: "1310" }]);
    await make("county_admin", [{ role: "admin", region: "131002" }]);
    await make("staff_v1", [{ role: "village_staff", region: V1 }], "13812345678");
    await make("staff_v2", [{ role: "village_staff", region: V2 }]);
    await make("worker_v1", [{ role: "grid_worker", region: V1 }]);
    await make("handler_d1", [{ role: "department_handler", department: d1 }], "13900001111");
    await make("handler_d2", [{ role: "department_handler", department: d2 }]);
    await make("staff_v4", [{ role: "village_staff", region: V4 }]);
    await make("no_roles", []);
    await make("mixed", [
      { role: "village_staff", region: V3 },
      { role: "village_staff", region: V4 },
    ]);
    await make("city_supervisor", [{ role: "supervisor", region: "1310" }]);
  });
  afterAll(async () => t.close());

  const list = async (who: string, query = "") => {
    const res = await t.app.inject({ url: `/api/v1/users${query}`, headers: h[who] });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { username: string }[]).map((i) => i.username).sort();
  };
  const byId = (who: string, target: string) =>
    t.app.inject({ url: `/api/v1/users/${u[target]?.id}`, headers: h[who] });
  const all = () => Object.keys(u).sort();

  describe("visibility, by listing and by id", () => {
    const cases: [string, string[]][] = [
      // Village staff see the accounts of their village, themselves included, nothing else.
      ["staff_v1", ["staff_v1", "worker_v1"]],
      ["staff_v2", ["staff_v2"]],
      // A department handler sees their department's accounts only.
      ["handler_d1", ["handler_d1"]],
      // A county admin sees what has a role inside the county, departments of the county included.
      [
        "county_admin",
        ["county_admin", "handler_d1", "handler_d2", "mixed", "staff_v1", "staff_v2", "worker_v1"],
      ],
    ];
    for (const [who, visible] of cases) {
      it(`${who} sees exactly ${visible.join(", ")}`, async () => {
        expect(await list(who, "?pageSize=100")).toEqual(visible);
        for (const target of all()) {
          const res = await byId(who, target);
          expect(res.statusCode, `${who} → ${target}`).toBe(visible.includes(target) ? 200 : 404);
          if (res.statusCode === 404) expect(res.json().error.code).toBe("not_found");
        }
      });
    }

    it("city admins see everyone, accounts without roles included", async () => {
      expect(await list("city_admin", "?pageSize=100")).toEqual(all());
    });

    it("roles without users.read, and anonymous callers, are refused", async () => {
      const resident = await buildUser(t.database, [{ role: "resident", region: V4 }]);
      const res = await t.app.inject({
        url: "/api/v1/users",
        headers: await sessionHeaders(t.database, resident),
      });
      expect(res.statusCode).toBe(403);
      expect((await t.app.inject({ url: "/api/v1/users" })).statusCode).toBe(401);
    });

    it("filters by text, role and region and paginates", async () => {
      expect(await list("county_admin", "?q=STAFF_V")).toEqual(["staff_v1", "staff_v2"]);
      expect(await list("county_admin", "?role=department_handler")).toEqual(["handler_d1", "handler_d2"]);
      expect(await list("county_admin", `?region=${V1}`)).toEqual(["staff_v1", "worker_v1"]);
      const page = await t.app.inject({ url: "/api/v1/users?page=2&pageSize=3", headers: h.county_admin });
      expect(page.json()).toMatchObject({ total: 7, page: 2, pageSize: 3 });
      expect(page.json().items.map((i: { username: string }) => i.username)).toEqual([
        "mixed",
        "staff_v1",
        "staff_v2",
      ]);
      expect(
        (await t.app.inject({ url: "/api/v1/users?region=131099", headers: h.county_admin })).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ url: "/api/v1/users?pageSize=1000", headers: h.county_admin })).statusCode,
      ).toBe(400);
    });
  });

  it("shows the phone in full to those who manage the account, masked to others", async () => {
    const phoneSeenBy = async (who: string, target: string) => (await byId(who, target)).json().phone;
    expect(await phoneSeenBy("county_admin", "staff_v1")).toBe("13812345678");
    expect(await phoneSeenBy("staff_v1", "staff_v1")).toBe("13812345678");
    expect(await phoneSeenBy("worker_v1", "staff_v1")).toBe("138****5678");
    expect(await phoneSeenBy("city_supervisor", "handler_d1")).toBe("139****1111");
    const listed = await t.app.inject({ url: "/api/v1/users?q=staff_v1", headers: h.worker_v1 });
    expect(listed.json().items[0].phone).toBe("138****5678");
    expect(listed.body).not.toContain("13812345678");
    expect(listed.body).not.toContain("password");
  });

  describe("creating accounts", () => {
    const create = (who: string, body: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/v1/users", headers: h[who], payload: body });
    const valid = (over: Record<string, unknown> = {}) => ({
      username: "New.User",
      displayName: "新用户",
      phone: "13700001234",
      password: PASSWORD,
      roles: [{ role: "village_staff", regionCode: V1 }],
      ...over,
    });

    it("creates an account with roles, lower-cased, and audits it without the hash", async () => {
      const res = await create("county_admin", valid());
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ username: "new.user", phone: "13700001234", canManage: true });
      expect(body.roles).toEqual([
        expect.objectContaining({ role: "village_staff", scope: expect.objectContaining({ code: V1 }) }),
      ]);
      const [row] = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "user.create"), eq(auditLog.entityId, body.id)));
      expect(row).toMatchObject({
        actorUserId: u.county_admin?.id,
        entityType: "user",
        before: null,
        scopePath: `1310.131002.131002001.${V1}`,
      });
      expect(row?.after).toMatchObject({
        username: "new.user",
        roles: [expect.objectContaining({ role: "village_staff", regionCode: V1 })],
      });
      expect(JSON.stringify(row)).not.toMatch(/argon2|13700001234/);

      const signIn = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "new.user", password: PASSWORD },
      });
      expect(signIn.statusCode).toBe(200);
    });

    it("refuses a taken username with 409, whatever its case", async () => {
      const res = await create("county_admin", valid({ username: "STAFF_V1" }));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("username_taken");
    });

    it("applies the password rules, naming the field", async () => {
      for (const password of ["Short1", "OnlyLettersHere", "1234567890123", "xxsomeone42xx", "Password123"]) {
        const res = await create("county_admin", valid({ username: "someone", password }));
        expect(res.statusCode, password).toBe(400);
        expect(res.json().error).toMatchObject({
          code: "weak_password",
          details: [{ field: "body.password" }],
        });
      }
      expect(await t.database.db.select().from(users).where(eq(users.username, "someone"))).toEqual([]);
    });

    it("refuses bad input with 400: unknown role, no roles, bad username, both scopes", async () => {
      const bad = [
        valid({ roles: [{ role: "overlord", regionCode: V1 }] }),
        valid({ roles: [] }),
        valid({ username: "a b" }),
        valid({ username: "ab" }),
        valid({ roles: [{ role: "village_staff", regionCode: V1, departmentId: d1 }] }),
        valid({ roles: [{ role: "department_handler", regionCode: V1 }] }),
      ];
      for (const body of bad) {
        const res = await create("county_admin", {
          ...body,
          username: body.username === "New.User" ? "bad_input" : body.username,
        });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.details[0].field).toMatch(/^body\./);
      }
    });

    it("refuses roles outside the admin's scope as not found, creating nothing", async () => {
      for (const role of [
        { role: "village_staff", regionCode: V4 },
        { role: "department_handler", departmentId: cityDept },
        { role: "admin", regionCode: "1310" },
        { role: "village_staff", regionCode: "131002999999" },
      ]) {
        const res = await create(
          "county_admin",
          valid({ username: "outsider", roles: [{ role: "village_staff", regionCode: V1 }, role] }),
        );
        expect(res.statusCode, JSON.stringify(role)).toBe(404);
        expect(res.json().error.code).toBe("not_found");
      }
      expect(await t.database.db.select().from(users).where(eq(users.username, "outsider"))).toEqual([]);
    });

    it("needs users.manage", async () => {
      const res = await create("staff_v1", valid({ username: "by_staff" }));
      expect(res.statusCode).toBe(403);
    });
  });

  describe("changing accounts", () => {
    const auditRows = (action: string, entityId: string | undefined) =>
      t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId ?? "")));

    it("updates the profile and audits before and after", async () => {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${u.staff_v2?.id}`,
        headers: h.county_admin,
        payload: { displayName: "二村干部", phone: "13611112222" },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ displayName: "二村干部", phone: "13611112222" });
      const [row] = await auditRows("user.update", u.staff_v2?.id);
      expect(row?.before).toMatchObject({ displayName: "staff_v2", phone: null });
      expect(row?.after).toMatchObject({ displayName: "二村干部", phone: "136****2222" });
      expect(row?.scopePath).toBe(`1310.131002.131002001.${V2}`);
    });

    it("disabling an account ends its sessions", async () => {
      const victim = await buildUser(t.database, [{ role: "grid_worker", region: V2 }]);
      const victimHeaders = await sessionHeaders(t.database, victim);
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${victim.id}`,
        headers: h.county_admin,
        payload: { disabled: true },
      });
      expect(res.json().disabled).toBe(true);
      expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, victim.id))).toEqual([]);
      expect((await t.app.inject({ url: "/api/v1/auth/me", headers: victimHeaders })).statusCode).toBe(401);
      const self = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${u.county_admin?.id}`,
        headers: h.county_admin,
        payload: { disabled: true },
      });
      expect(self.statusCode).toBe(400);
    });

    it("refuses to change an account holding a role outside the admin's scope (visible: 403)", async () => {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${u.mixed?.id}`,
        headers: h.county_admin,
        payload: { displayName: "x" },
      });
      expect(res.statusCode).toBe(403);
      const hidden = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/users/${u.staff_v4?.id}`,
        headers: h.county_admin,
        payload: { displayName: "x" },
      });
      expect(hidden.statusCode).toBe(404);
      const [row] = await t.database.db
        .select()
        .from(users)
        .where(eq(users.id, u.mixed?.id ?? ""));
      expect(row?.displayName).toBe("mixed");
    });

    it("grants a role inside the scope, refuses one outside as not found, audits the grant", async () => {
      const url = `/api/v1/users/${u.worker_v1?.id}/roles`;
      const outside = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { role: "grid_assistant", regionCode: V4 },
      });
      expect(outside.statusCode).toBe(404);
      const outsideDept = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { role: "department_handler", departmentId: cityDept },
      });
      expect(outsideDept.statusCode).toBe(404);
      const unknownRole = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { role: "king", regionCode: V1 },
      });
      expect(unknownRole.statusCode).toBe(400);

      const ok = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { role: "grid_assistant", regionCode: V3 },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().roles.map((r: { role: string }) => r.role)).toEqual(["grid_worker", "grid_assistant"]);
      const again = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { role: "grid_assistant", regionCode: V3 },
      });
      expect(again.statusCode).toBe(409);
      const [row] = await auditRows("role.grant", u.worker_v1?.id);
      expect(row).toMatchObject({ before: null, scopePath: `1310.131002.131002100.${V3}` });
      expect(row?.after).toMatchObject({ binding: { role: "grid_assistant", regionCode: V3 } });

      // The granted scope now counts for visibility: staff of V3 see the account.
      const v3reader = await buildUser(t.database, [{ role: "village_staff", region: V3 }]);
      const seen = await t.app.inject({
        url: `/api/v1/users/${u.worker_v1?.id}`,
        headers: await sessionHeaders(t.database, v3reader),
      });
      expect(seen.statusCode).toBe(200);
    });

    it("revokes a role, but never the last one, and audits the revocation", async () => {
      const target = await buildUser(t.database, [
        { role: "village_staff", region: V1 },
        { role: "operator", region: "131002" },
      ]);
      const view = (
        await t.app.inject({ url: `/api/v1/users/${target.id}`, headers: h.county_admin })
      ).json();
      const [first, second] = view.roles as { id: string; role: string }[];
      const revoke = (id: string | undefined) =>
        t.app.inject({
          method: "DELETE",
          url: `/api/v1/users/${target.id}/roles/${id}`,
          headers: h.county_admin,
        });
      const res = await revoke(second?.id);
      expect(res.statusCode).toBe(200);
      expect(res.json().roles.map((r: { role: string }) => r.role)).toEqual(["village_staff"]);
      expect((await revoke(second?.id)).statusCode).toBe(404);
      const last = await revoke(first?.id);
      expect(last.statusCode).toBe(409);
      expect(last.json().error.code).toBe("last_role");
      const [row] = await auditRows("role.revoke", target.id);
      expect(row).toMatchObject({ after: null, scopePath: "1310.131002" });
      expect(row?.before).toMatchObject({ binding: { role: "operator", regionCode: "131002" } });
    });

    it("resets a password: rules apply, sessions end, lock-out lifted, audited", async () => {
      const target = await buildUser(t.database, [{ role: "village_staff", region: V1 }]);
      await t.database.db.insert(signInFailures).values({
        username: target.username,
        address: "192.0.2.1",
        failures: 0,
        lockedUntil: sql`now() + interval '10 minutes'` as unknown as Date,
      });
      const viewed = await t.app.inject({ url: `/api/v1/users/${target.id}`, headers: h.county_admin });
      expect(viewed.json().lockedUntil).toEqual(expect.any(String));
      // Another account is not locked by this username's lock, in the list nor on its own.
      const bystander = await buildUser(t.database, [{ role: "village_staff", region: V1 }]);
      const other = await t.app.inject({ url: `/api/v1/users/${bystander.id}`, headers: h.county_admin });
      expect(other.json().lockedUntil).toBeNull();
      const listed = await t.app.inject({ url: `/api/v1/users?pageSize=100`, headers: h.county_admin });
      const locked = (listed.json().items as { id: string; lockedUntil: string | null }[])
        .filter((u) => u.lockedUntil !== null)
        .map((u) => u.id);
      expect(locked).toEqual([target.id]);
      const targetHeaders = await sessionHeaders(t.database, target);
      const url = `/api/v1/users/${target.id}/password`;
      const weak = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { password: `${target.username}99` },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe("weak_password");
      const res = await t.app.inject({
        method: "POST",
        url,
        headers: h.county_admin,
        payload: { password: "Fresh7Password" },
      });
      expect(res.statusCode).toBe(204);
      expect((await t.app.inject({ url: "/api/v1/auth/me", headers: targetHeaders })).statusCode).toBe(401);
      const signIn = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: target.username, password: "Fresh7Password" },
      });
      expect(signIn.statusCode).toBe(200);
      const [row] = await auditRows("user.password_reset", target.id);
      expect(row?.before).toMatchObject({ lockedUntil: expect.any(String) });
      expect(row?.after).toMatchObject({ sessionsEnded: 1, lockedUntil: null });
      expect(JSON.stringify(row)).not.toMatch(/argon2|Fresh7Password/);
      const outside = await t.app.inject({
        method: "POST",
        url: `/api/v1/users/${u.staff_v4?.id}/password`,
        headers: h.county_admin,
        payload: { password: "Fresh7Password" },
      });
      expect(outside.statusCode).toBe(404);
    });
  });
});
