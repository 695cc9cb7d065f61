/**
 * Searching across cases (GET /cases and its export): by the reporter's phone (exact, only for
 * roles that reach reporters, every find logged), by tracking code and address; and the
 * send-back (退回) a case in the dispatch queue carries.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders, type TestUser } from "../../../test/helpers/app.js";
import { cases, personalDataReads } from "../../db/schema.js";
import { PHONE_SEARCH_READ } from "./contact-search.js";
import { intakeCase, type IntakeResult } from "./intake.js";
import { buildCaseWorld, type CaseWorld } from "./test-fixtures.js";
import { transition } from "./transition.js";

let w: CaseWorld;
let supervisor: TestUser;
let assistant: TestUser;
let resident: TestUser;
/** Reported by 138-1234-5678 (typed with hyphens), in the grid. */
let first: IntakeResult;
/** The same phone typed with +86 and spaces, another village of the township. */
let second: IntakeResult;
/** Another phone. */
let other: IntakeResult;
/** The same phone, in the other county: outside the supervisor's scope. */
let far: IntakeResult;
/** Raised by a signed-in resident whose account has the phone; no phone on the case. */
let signedIn: IntakeResult;

const PHONE = "13812345678";

const get = async (url: string, user: TestUser) =>
  w.t.app.inject({ method: "GET", url, headers: await sessionHeaders(w.t.database, user) });

const numbers = (body: { items: { number: string }[] }) => body.items.map((i) => i.number).sort();

const readsBy = (user: TestUser) =>
  w.t.database.db
    .select({
      caseId: personalDataReads.caseId,
      fields: personalDataReads.fields,
      reason: personalDataReads.reason,
    })
    .from(personalDataReads)
    .where(eq(personalDataReads.userId, user.id));

beforeAll(async () => {
  w = await buildCaseWorld();
  const db = w.t.database.db;
  supervisor = await buildUser(w.t.database, [{ role: "supervisor", region: w.county }]);
  assistant = await buildUser(w.t.database, [{ role: "grid_assistant", region: w.county }]);
  resident = await buildUser(w.t.database, [{ role: "resident" }], { phone: PHONE });
  first = await intakeCase(db, {
    channel: "hotline",
    categoryCode: "sanitation.garbage",
    description: "垃圾站满了，气味很大",
    address: "幸福路12号院东门",
    location: w.inGrid,
    reporter: { name: "王小明", phone: "138-1234-5678" },
  });
  second = await intakeCase(db, {
    channel: "web",
    description: "路灯坏了一个月没人修",
    address: "和平街3号",
    regionCode: w.otherVillage,
    reporter: { phone: "+86 138 1234 5678" },
  });
  other = await intakeCase(db, {
    channel: "web",
    description: "楼道里堆放杂物",
    address: "幸福路15号",
    regionCode: w.otherVillage,
    reporter: { phone: "13900001111" },
  });
  far = await intakeCase(db, {
    channel: "web",
    description: "另一个县的垃圾问题",
    regionCode: w.farVillage,
    reporter: { phone: PHONE },
  });
  signedIn = await intakeCase(
    db,
    { channel: "web", description: "小区门口积水严重", regionCode: w.otherVillage },
    { reporterUserId: resident.id },
  );
});
afterAll(async () => w.t.close());

describe("search by the reporter's phone", () => {
  it("finds every case of the phone in scope, however it was typed, and logs each find", async () => {
    const res = await get(`/api/v1/cases?phone=${encodeURIComponent("+86 138-1234-5678")}`, supervisor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(numbers(body)).toEqual([first.case.number, second.case.number, signedIn.case.number].sort());
    expect(body.total).toBe(3);
    // Nothing of the contact in the answer.
    expect(res.body).not.toContain("1234");
    expect(res.body).not.toContain("王小明");
    const reads = await readsBy(supervisor);
    expect(reads.map((r) => r.caseId).sort()).toEqual(
      [first.case.id, second.case.id, signedIn.case.id].sort(),
    );
    for (const r of reads) expect(r).toMatchObject(PHONE_SEARCH_READ);
    expect(reads.map((r) => r.caseId)).not.toContain(far.case.id);
    expect(reads.map((r) => r.caseId)).not.toContain(other.case.id);
  });

  it("matches the whole number only", async () => {
    const res = await get(`/api/v1/cases?phone=1381234567`, supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it("is refused to a role that may not reach reporters, and logs nothing", async () => {
    const res = await get(`/api/v1/cases?phone=${PHONE}`, assistant);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
    const exported = await get(`/api/v1/exports/cases.csv?phone=${PHONE}`, assistant);
    expect(exported.statusCode).toBe(403);
    expect(await readsBy(assistant)).toEqual([]);
    // The rest of the search stays open to them.
    const byText = await get(`/api/v1/cases?q=${encodeURIComponent("垃圾站")}`, assistant);
    expect(numbers(byText.json())).toEqual([first.case.number]);
  });

  it("answers 400 for text that is no phone number", async () => {
    const res = await get(`/api/v1/cases?phone=abc`, supervisor);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });

  it("exports the cases of a phone, logging the export's reads too", async () => {
    const exporter = await buildUser(w.t.database, [{ role: "supervisor", region: w.county }]);
    const res = await get(`/api/v1/exports/cases.csv?phone=${PHONE}`, exporter);
    expect(res.statusCode).toBe(200);
    for (const c of [first, second, signedIn]) expect(res.body).toContain(c.case.number);
    expect(res.body).not.toContain(other.case.number);
    expect((await readsBy(exporter)).map((r) => r.caseId).sort()).toEqual(
      [first.case.id, second.case.id, signedIn.case.id].sort(),
    );
  });
});

describe("search by tracking code, address and number", () => {
  it("opens the anonymous reporter's case by the code they read out", async () => {
    const code = second.trackingCode ?? "";
    expect(code).not.toBe("");
    const res = await get(`/api/v1/cases?trackingCode=${encodeURIComponent(code.toLowerCase())}`, supervisor);
    expect(numbers(res.json())).toEqual([second.case.number]);
    const wrong = await get(`/api/v1/cases?trackingCode=ZZZZ-ZZZZ`, supervisor);
    expect(wrong.json().items).toEqual([]);
  });

  it("filters by address words without matching the description", async () => {
    const res = await get(`/api/v1/cases?address=${encodeURIComponent("幸福路")}`, supervisor);
    expect(numbers(res.json())).toEqual([first.case.number, other.case.number].sort());
    const none = await get(`/api/v1/cases?address=${encodeURIComponent("垃圾站")}`, supervisor);
    expect(none.json().items).toEqual([]);
  });

  it("combines filters: channel and text", async () => {
    const res = await get(`/api/v1/cases?channel=hotline&q=${encodeURIComponent("幸福路")}`, supervisor);
    expect(numbers(res.json())).toEqual([first.case.number]);
  });
});

describe("a case sent back (退回)", () => {
  it("carries the unit and the reason in the staff list, and nothing in the resident's own list", async () => {
    const db = w.t.database.db;
    const committee = await w.unit("village_committee", w.village);
    const centre = await w.unit("township_centre", w.township);
    const handler = await buildUser(w.t.database, [{ role: "village_staff", region: w.village }], {
      organisationId: committee.id,
    });
    const mine = await intakeCase(
      db,
      {
        channel: "web",
        categoryCode: "sanitation.garbage",
        description: "垃圾桶被人推倒了",
        location: w.inGrid,
      },
      { reporterUserId: resident.id },
    );
    expect(mine.case.status).toBe("dispatched");
    const before = await get(`/api/v1/cases?status=triage`, supervisor);
    expect(before.json().items.find((i: { id: string }) => i.id === mine.case.id)).toBeUndefined();
    await db.transaction((tx) =>
      transition(tx, {
        caseId: mine.case.id,
        action: "send_back",
        actor: { userId: handler.id, orgId: committee.id },
        note: "不属于本村辖区",
        set: { assignedOrgId: centre.id, handlingLevel: null },
      }),
    );
    const queue = await get(`/api/v1/cases?status=triage`, supervisor);
    const item = queue.json().items.find((i: { id: string }) => i.id === mine.case.id);
    expect(item.sentBack).toMatchObject({ unitName: committee.name, reason: "不属于本村辖区" });
    expect(Number.isNaN(Date.parse(item.sentBack.at))).toBe(false);
    // A new appeal in triage was never sent back.
    const fresh = queue.json().items.find((i: { id: string }) => i.id === second.case.id);
    expect(fresh.sentBack).toBeNull();
    const own = await get(`/api/v1/my/cases`, resident);
    const ownItem = own.json().items.find((i: { id: string }) => i.id === mine.case.id);
    expect(ownItem.sentBack).toBeNull();
    expect(own.body).not.toContain("不属于本村辖区");
  });
});

describe("a case without deadlines", () => {
  it("is listed as not overdue (not a server error), and found by overdue=false", async () => {
    const db = w.t.database.db;
    const { case: c } = await intakeCase(db, {
      channel: "web",
      description: "没有时限的诉求",
      regionCode: w.otherVillage,
    });
    await db.update(cases).set({ responseDueAt: null, handleDueAt: null }).where(eq(cases.id, c.id));
    const res = await get(`/api/v1/cases?q=${encodeURIComponent("没有时限")}`, supervisor);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([{ id: c.id, overdue: false }]);
    const notLate = await get(`/api/v1/cases?overdue=false&q=${encodeURIComponent("没有时限")}`, supervisor);
    expect(numbers(notLate.json())).toEqual([c.number]);
  });
});
