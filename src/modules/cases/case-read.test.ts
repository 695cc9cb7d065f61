import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { cases, personalDataReads } from "../../db/schema.js";
import { canReadCaseAttachments } from "./find-cases.js";
import { intakeCase, type IntakeResult } from "./intake.js";
import { buildCaseWorld, type CaseWorld } from "./test-fixtures.js";
import { transition } from "./transition.js";

let w: CaseWorld;
/** Anonymous, in the grid (village committee), with contact data and a tracking code. */
let villageCase: IntakeResult;
/** Department level: the county's transport bureau. */
let transportCase: IntakeResult;
/** In the other county. */
let farCase: IntakeResult;
let handlerName: string;

const get = async (url: string, user?: { id: string; username: string }) =>
  w.t.app.inject({ method: "GET", url, headers: user ? await sessionHeaders(w.t.database, user) : {} });

beforeAll(async () => {
  w = await buildCaseWorld();
  const db = w.t.database.db;
  villageCase = await intakeCase(db, {
    channel: "web",
    categoryCode: "sanitation.garbage",
    description: "垃圾站满了，气味很大",
    address: "幸福路12号",
    location: w.inGrid,
    reporter: { name: "王小明", phone: "13812345678", email: "wang@example.com" },
  });
  transportCase = await intakeCase(db, {
    channel: "web",
    categoryCode: "roads.pothole",
    description: "主路上有一个很深的坑",
    location: { lon: 116.708, lat: 39.508 },
  });
  farCase = await intakeCase(db, {
    channel: "web",
    categoryCode: "sanitation.garbage",
    description: "另一个县的垃圾问题",
    regionCode: w.farVillage,
  });
  // A named staff member responds for the village committee: the public page must show the unit only.
  const committee = await w.unit("village_committee", w.village);
  handlerName = "赵处理员";
  const handler = await buildUser(w.t.database, [{ role: "village_staff", region: w.village }], {
    displayName: handlerName,
    organisationId: committee.id,
  });
  await db.transaction((tx) =>
    transition(tx, {
      caseId: villageCase.case.id,
      action: "respond",
      actor: { userId: handler.id, orgId: committee.id },
      note: "已电话联系王小明 13812345678",
      set: { respondedAt: new Date() },
    }),
  );
});
afterAll(async () => w.t.close());

describe("tracking page", () => {
  it("shows status and timeline in plain words, units instead of people, no personal data", async () => {
    const code = villageCase.trackingCode ?? "";
    const res = await get(`/api/v1/track/${code.toLowerCase()}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const committee = await w.unit("village_committee", w.village);
    expect(body).toMatchObject({
      number: villageCase.case.number,
      status: "handling",
      assignedUnit: committee.name,
    });
    expect(body.timeline.map((e: { action: string }) => e.action)).toEqual(["intake", "respond"]);
    // The category in both languages, for a resident reading in English.
    expect(body.category.code).toBe("sanitation.garbage");
    expect(body.category.nameEn).toMatch(/^[\x20-\x7e]+$/);
    expect(body.timeline[1]).toMatchObject({ unit: committee.name, text: `${committee.name}已与您联系` });
    for (const secret of ["王小明", "13812345678", "wang@example.com", handlerName, "幸福路", "垃圾站满了"]) {
      expect(res.body).not.toContain(secret);
    }
  });

  it("answers 404 for a wrong or malformed code", async () => {
    for (const code of ["AAAA-AAAA-AA", "not-a-code"]) {
      const res = await get(`/api/v1/track/${code}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe("No appeal has this tracking code.");
    }
  });

  it("lets the code holder (and staff in scope) read the case's photos, nobody else", async () => {
    const db = w.t.database.db;
    const caseId = villageCase.case.id;
    expect(
      await canReadCaseAttachments(db, { actor: null, caseId, token: villageCase.trackingCode ?? "" }),
    ).toBe(true);
    expect(await canReadCaseAttachments(db, { actor: null, caseId, token: "AAAA-AAAA-AA" })).toBe(false);
    expect(
      await canReadCaseAttachments(db, {
        actor: null,
        caseId: farCase.case.id,
        token: villageCase.trackingCode ?? "",
      }),
    ).toBe(false);
  });
});

describe("read scope", () => {
  it("shows a village's case to its staff and 404 to another village's staff", async () => {
    const own = await buildUser(w.t.database, [{ role: "village_staff", region: w.village }]);
    const other = await buildUser(w.t.database, [{ role: "village_staff", region: w.otherVillage }]);
    expect((await get(`/api/v1/cases/${villageCase.case.id}`, own)).statusCode).toBe(200);
    expect((await get(`/api/v1/cases/${villageCase.case.number}`, own)).json().id).toBe(villageCase.case.id);
    const miss = await get(`/api/v1/cases/${villageCase.case.id}`, other);
    expect(miss.statusCode).toBe(404);
    expect((await get(`/api/v1/cases?q=${villageCase.case.number}`, other)).json().total).toBe(0);
  });

  it("shows a department handler only their department's cases", async () => {
    const transport = await w.unit("department", w.county, "transport");
    const handler = await buildUser(w.t.database, [{ role: "department_handler", department: transport.id }]);
    const list = (await get("/api/v1/cases", handler)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([transportCase.case.id]);
    expect((await get(`/api/v1/cases/${villageCase.case.id}`, handler)).statusCode).toBe(404);
    expect((await get(`/api/v1/cases/${transportCase.case.id}`, handler)).json()).toMatchObject({
      status: "dispatched",
      assignedUnit: { id: transport.id },
      leadUnit: { id: transport.id },
      allowedActions: expect.arrayContaining(["respond", "send_back"]),
    });
  });

  it("filters and sorts the list by deadline", async () => {
    const admin = await buildUser(w.t.database, [{ role: "supervisor", region: "1310" }]);
    const all = (await get("/api/v1/cases", admin)).json();
    expect(all.total).toBe(3);
    const due = all.items.map((c: { handleDueAt: string }) => Date.parse(c.handleDueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect((await get(`/api/v1/cases?region=${w.farVillage}`, admin)).json().items).toMatchObject([
      { id: farCase.case.id },
    ]);
    expect((await get("/api/v1/cases?status=handling", admin)).json().items).toMatchObject([
      { id: villageCase.case.id },
    ]);
    expect((await get("/api/v1/cases?q=很深的坑", admin)).json().items).toMatchObject([
      { id: transportCase.case.id },
    ]);
    expect((await get("/api/v1/cases?overdue=true", admin)).json().total).toBe(0);
    await w.t.database.db
      .update(cases)
      .set({ handleDueAt: new Date(Date.now() - 60_000) })
      .where(eq(cases.id, farCase.case.id));
    expect((await get("/api/v1/cases?overdue=true", admin)).json().items).toMatchObject([
      { id: farCase.case.id, overdue: true },
    ]);
    expect((await get("/api/v1/cases?status=bogus", admin)).statusCode).toBe(400);
  });

  it("keeps the staff list from residents, and shows them their own appeal as the tracking page does", async () => {
    const resident = await buildUser(w.t.database, []);
    expect((await get("/api/v1/cases", resident)).statusCode).toBe(403);
    expect((await get("/api/v1/cases")).statusCode).toBe(401);
    const mine = await intakeCase(
      w.t.database.db,
      { channel: "app", description: "我自己提交的诉求", location: w.inGrid },
      { reporterUserId: resident.id },
    );
    const view = await get(`/api/v1/my/cases/${mine.case.number}`, resident);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ number: mine.case.number, status: "triage" });
    expect((await get(`/api/v1/my/cases/${villageCase.case.id}`, resident)).statusCode).toBe(404);
  });
});

describe("personal data", () => {
  it("masks the reporter's contact and reveals it only through the logged endpoint", async () => {
    const db = w.t.database.db;
    const staff = await buildUser(w.t.database, [{ role: "village_staff", region: w.village }]);
    const view = (await get(`/api/v1/cases/${villageCase.case.id}`, staff)).json();
    expect(view.reporter).toEqual({
      name: "王**",
      phone: "138****5678",
      email: "w***@example.com",
      masked: true,
      canReveal: true,
      hasAccount: false,
      anonymous: false,
      erasedAt: null,
    });
    expect(view.timeline.map((e: { actor: { name: string } | null }) => e.actor?.name ?? null)).toEqual([
      null,
      handlerName,
    ]);
    expect(await db.select().from(personalDataReads)).toHaveLength(0);

    const headers = await sessionHeaders(w.t.database, staff);
    const revealed = await w.t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${villageCase.case.number}/reveal-contact`,
      headers,
      payload: { reason: "回访" },
    });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual({ name: "王小明", phone: "13812345678", email: "wang@example.com" });
    expect(await db.select().from(personalDataReads)).toMatchObject([
      { userId: staff.id, caseId: villageCase.case.id, fields: "name,phone,email", reason: "回访" },
    ]);
  });

  it("refuses a reveal to roles without the permission (403) and outside scope (404), logging nothing", async () => {
    const db = w.t.database.db;
    const before = (await db.select().from(personalDataReads)).length;
    const reveal = async (user: { id: string; username: string }) =>
      w.t.app.inject({
        method: "POST",
        url: `/api/v1/cases/${villageCase.case.id}/reveal-contact`,
        headers: await sessionHeaders(w.t.database, user),
      });
    const supervisor = await buildUser(w.t.database, [{ role: "supervisor", region: "1310" }]);
    expect((await reveal(supervisor)).statusCode).toBe(403);
    const supervisorView = (await get(`/api/v1/cases/${villageCase.case.id}`, supervisor)).json();
    expect(supervisorView.reporter).toMatchObject({ masked: true, canReveal: false });
    const elsewhere = await buildUser(w.t.database, [{ role: "village_staff", region: w.otherVillage }]);
    expect((await reveal(elsewhere)).statusCode).toBe(404);
    expect(await db.select().from(personalDataReads)).toHaveLength(before);
  });
});

describe("a staff member's own appeal outside their scope", () => {
  it("is shown to them as the resident's view, never the staff view", async () => {
    const db = w.t.database.db;
    // Village staff of another village raise an appeal about the village, with their own account.
    const staff = await buildUser(w.t.database, [{ role: "village_staff", region: w.otherVillage }]);
    const mine = await intakeCase(
      db,
      {
        channel: "app",
        categoryCode: "sanitation.garbage",
        description: "我作为居民提交的诉求",
        location: w.inGrid,
        reporter: { name: "李四", phone: "13900001111" },
      },
      { reporterUserId: staff.id },
    );
    const committee = await w.unit("village_committee", w.village);
    const handler = await buildUser(w.t.database, [{ role: "village_staff", region: w.village }], {
      displayName: "钱内部",
      organisationId: committee.id,
    });
    await db.transaction((tx) =>
      transition(tx, {
        caseId: mine.case.id,
        action: "respond",
        actor: { userId: handler.id, orgId: committee.id },
        note: "内部备注：此人多次投诉",
        set: { respondedAt: new Date() },
      }),
    );

    // The staff reads: not found, as any case outside their scope.
    for (const url of [
      `/api/v1/cases/${mine.case.id}`,
      `/api/v1/cases/${mine.case.number}`,
      `/api/v1/cases/${mine.case.id}/merged`,
      `/api/v1/cases/${mine.case.id}/print/handling-sheet.pdf`,
    ]) {
      expect((await get(url, staff)).statusCode, url).toBe(404);
    }
    const list = await get(`/api/v1/cases?q=${mine.case.number}`, staff);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(0);

    // The resident's view: their own appeal, units but no people and no internal notes.
    const view = await get(`/api/v1/my/cases/${mine.case.id}`, staff);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ number: mine.case.number, assignedUnit: committee.name });
    expect(view.body).not.toContain("钱内部");
    expect(view.body).not.toContain("内部备注");
    const own = await get("/api/v1/my/cases", staff);
    expect(own.json().items.map((c: { id: string }) => c.id)).toEqual([mine.case.id]);
  });
});
