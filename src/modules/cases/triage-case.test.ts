import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders, type TestUser } from "../../../test/helpers/app.js";
import { caseEvents, cases } from "../../db/schema.js";
import { intakeCase, type IntakeResult } from "./intake.js";
import { buildCaseWorld, type CaseWorld } from "./test-fixtures.js";

let w: CaseWorld;
let dispatcher: TestUser;
let farDispatcher: TestUser;
let gridWorker: TestUser;

const call = async (method: "GET" | "POST", url: string, user: TestUser, payload?: unknown) =>
  w.t.app.inject({
    method,
    url,
    payload: payload as object,
    headers: await sessionHeaders(w.t.database, user),
  });

/** A web appeal without a category and without a point: routing leaves it in the township's triage. */
const untriaged = (description = "小区门口路灯坏了好几天") =>
  intakeCase(w.t.database.db, { channel: "web", description, regionCode: w.village });

beforeAll(async () => {
  w = await buildCaseWorld();
  dispatcher = await buildUser(w.t.database, [{ role: "township_dispatcher", region: w.township }]);
  farDispatcher = await buildUser(w.t.database, [{ role: "township_dispatcher", region: w.farVillage }]);
  gridWorker = await buildUser(w.t.database, [{ role: "grid_worker", region: w.grid }]);
});
afterAll(async () => w.t.close());

describe("POST /cases/:id/triage", () => {
  let c: IntakeResult;
  beforeAll(async () => {
    c = await untriaged();
  });

  it("starts in triage at the township centre", async () => {
    expect(c.case.status).toBe("triage");
    const centre = await w.unit("township_centre", w.township);
    expect(c.case.assignedOrgId).toBe(centre.id);
  });

  it("sets the category and the point; the grid becomes the region; an event is written", async () => {
    const res = await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {
      categoryCode: "sanitation.garbage",
      location: w.inGrid,
      version: c.case.version,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: "triage",
      category: { code: "sanitation.garbage" },
      gridCode: w.grid,
      region: { code: w.grid },
      location: w.inGrid,
      version: c.case.version + 1,
    });
    expect(body.timeline.at(-1)).toMatchObject({
      action: "triage",
      fromStatus: "triage",
      toStatus: "triage",
    });
    const [row] = await w.t.database.db.select().from(cases).where(eq(cases.id, c.case.id));
    expect(row?.gridCode).toBe(w.grid);
    expect(row?.categoryCode).toBe("sanitation.garbage");
  });

  it("sets the address in words (as the address search fills it), and clears it with null", async () => {
    const fresh = await untriaged("楼下垃圾桶满了没人清");
    const address = "安次区幸福路8号3号楼";
    const res = await call("POST", `/api/v1/cases/${fresh.case.id}/triage`, dispatcher, {
      address,
      location: w.inGrid,
      version: fresh.case.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ address, gridCode: w.grid, location: w.inGrid });
    const [event] = await w.t.database.db
      .select({ data: caseEvents.data })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, fresh.case.id), eq(caseEvents.action, "triage")));
    expect(event?.data).toMatchObject({ address, fromAddress: null });
    const cleared = await call("POST", `/api/v1/cases/${fresh.case.id}/triage`, dispatcher, {
      address: null,
      version: fresh.case.version + 1,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().address).toBeNull();
    const tooLong = await call("POST", `/api/v1/cases/${fresh.case.id}/triage`, dispatcher, {
      address: "路".repeat(301),
      version: fresh.case.version + 2,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBeTypeOf("string");
  });

  it("refuses a stale version with 409 carrying the current state", async () => {
    const res = await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {
      categoryCode: "sanitation.garbage",
      version: c.case.version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: "stale_case",
      details: { status: "triage", version: c.case.version + 1 },
    });
  });

  it("refuses an unknown category and a point outside the city at their fields", async () => {
    const bad = await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {
      categoryCode: "no.such",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("body.categoryCode");
    const far = await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {
      location: { lon: 100, lat: 30 },
    });
    expect(far.statusCode).toBe(400);
    expect(far.json().error).toMatchObject({ code: "location_outside_city" });
    expect(far.json().error.details[0].field).toBe("body.location");
    const empty = await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].field).toBe("body.categoryCode");
  });

  it("is 404 outside the dispatcher's scope and 403 without cases.dispatch", async () => {
    const res = await call("POST", `/api/v1/cases/${c.case.id}/triage`, farDispatcher, {
      categoryCode: "sanitation.garbage",
    });
    expect(res.statusCode).toBe(404);
    const worker = await call("POST", `/api/v1/cases/${c.case.id}/triage`, gridWorker, {
      categoryCode: "sanitation.garbage",
    });
    expect(worker.statusCode).toBe(403);
  });

  it("refuses a case that left triage with 409 illegal_transition", async () => {
    const other = await untriaged("楼道灯不亮，晚上很黑");
    const centre = await w.unit("village_committee", w.village);
    const sent = await call("POST", `/api/v1/cases/${other.case.id}/actions/dispatch`, dispatcher, {
      orgId: centre.id,
    });
    expect(sent.statusCode).toBe(200);
    const res = await call("POST", `/api/v1/cases/${other.case.id}/triage`, dispatcher, {
      categoryCode: "sanitation.garbage",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "illegal_transition", details: { status: "dispatched" } });
    const events = await w.t.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, other.case.id), eq(caseEvents.action, "triage")));
    expect(events).toEqual([]);
  });
});

describe("GET /cases/:id/dispatch-options", () => {
  it("suggests the unit routing picks for the category and lists the units the dispatcher may use", async () => {
    const c = await untriaged("垃圾没人清理，堆在路边");
    const before = await call("GET", `/api/v1/cases/${c.case.id}/dispatch-options`, dispatcher);
    expect(before.statusCode).toBe(200);
    // No category, no grid: routing would keep it in triage, so nothing is suggested.
    expect(before.json().suggested).toBeNull();
    const committee = await w.unit("village_committee", w.village);
    const units = before.json().units as { id: string; kind: string }[];
    expect(units.map((u) => u.id)).toContain(committee.id);
    // Units elsewhere in the township do not serve this village.
    const otherCommittee = await w.unit("village_committee", w.otherVillage);
    expect(units.map((u) => u.id)).not.toContain(otherCommittee.id);

    await call("POST", `/api/v1/cases/${c.case.id}/triage`, dispatcher, {
      categoryCode: "sanitation.garbage",
      location: w.inGrid,
    });
    const after = await call("GET", `/api/v1/cases/${c.case.id}/dispatch-options`, dispatcher);
    const suggested = after.json().suggested;
    expect(suggested).not.toBeNull();
    expect(after.json().units.map((u: { id: string }) => u.id)).toContain(suggested.id);
    expect(suggested.reason).toMatch(/grid|village/);

    const far = await call("GET", `/api/v1/cases/${c.case.id}/dispatch-options`, farDispatcher);
    expect(far.statusCode).toBe(404);
  });
});

describe("GET /cases filters", () => {
  it("filters by urgency and by age", async () => {
    const db = w.t.database.db;
    const urgent = await intakeCase(db, {
      channel: "web",
      description: "水管爆裂，水漫到街上",
      regionCode: w.village,
      urgent: true,
    });
    const old = await intakeCase(db, {
      channel: "web",
      description: "三天前就反映过的噪音问题",
      regionCode: w.village,
    });
    await db
      .update(cases)
      .set({ createdAt: new Date(Date.now() - 50 * 3_600_000) })
      .where(eq(cases.id, old.case.id));

    const urgentOnly = await call("GET", "/api/v1/cases?status=triage&urgent=true&pageSize=100", dispatcher);
    expect(urgentOnly.statusCode).toBe(200);
    const urgentIds = urgentOnly.json().items.map((i: { id: string }) => i.id);
    expect(urgentIds).toContain(urgent.case.id);
    expect(urgentIds).not.toContain(old.case.id);

    const aged = await call("GET", "/api/v1/cases?olderThanHours=48&pageSize=100", dispatcher);
    const agedIds = aged.json().items.map((i: { id: string }) => i.id);
    expect(agedIds).toEqual([old.case.id]);

    const bad = await call("GET", "/api/v1/cases?olderThanHours=abc", dispatcher);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("querystring.olderThanHours");
  });
});

describe("GET /cases/:id/merged", () => {
  it("lists the duplicates merged into a case", async () => {
    const primary = await untriaged("路口的井盖丢了，很危险");
    const duplicate = await untriaged("路口井盖没了，请尽快处理");
    const merged = await call("POST", `/api/v1/cases/${duplicate.case.id}/actions/merge`, dispatcher, {
      intoCaseId: primary.case.number,
    });
    expect(merged.statusCode).toBe(200);
    const res = await call("GET", `/api/v1/cases/${primary.case.number}/merged`, dispatcher);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: duplicate.case.id, number: duplicate.case.number, status: "merged" }),
    ]);
    const far = await call("GET", `/api/v1/cases/${primary.case.number}/merged`, farDispatcher);
    expect(far.statusCode).toBe(404);
  });
});
