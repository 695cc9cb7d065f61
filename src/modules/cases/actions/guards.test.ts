import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEvents, cases } from "../../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import type { ActionResult } from "./schemas.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./test-factory.js";

const HOUR = 3_600_000;

describe("case action guards, work lists and notifications", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const act = (who: WorldRole, ref: string, action: string, body: object = {}) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${ref}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
  const get = (who: WorldRole, url: string) => t.app.inject({ url, headers: w.headers[who] });

  it("lets exactly one of two handlers acting on the same version win; the other gets 409 with the state", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
    });
    const [a, b] = await Promise.all([
      act("gridWorker", c.id, "respond", { contactMethod: "phone", version: c.version }),
      act("gridWorker", c.id, "send_back", { reason: "不归我管", version: c.version }),
    ]);
    const codes = [a?.statusCode, b?.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a?.statusCode === 409 ? a : b;
    const winner = (a?.statusCode === 200 ? a : b)?.json() as ActionResult;
    expect(loser?.json().error).toMatchObject({
      code: "stale_case",
      details: { status: winner.case.status, version: c.version + 1 },
    });
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.action)).toHaveLength(2); // intake + the winner, nothing half-applied
  });

  it("refuses an illegal action with 409 naming the state and the allowed actions", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
    });
    const res = await act("gridWorker", c.id, "reply", { result: "已处理" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("illegal_transition");
    expect(res.json().error.message).toContain("dispatched");
    expect(res.json().error.details).toMatchObject({ status: "dispatched" });
    expect(res.json().error.details.allowedActions).toContain("respond");
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, c.id));
    expect(row?.status).toBe("dispatched");
  });

  it("answers 404 outside the scope, 403 for the wrong role, 401 signed out, 400 for bad input", async () => {
    const { case: c } = await buildCase(t.database.db);
    const outside = await act("outsider", c.id, "dispatch", { orgId: w.units.otherTownshipCentre });
    expect(outside.statusCode).toBe(404);
    expect((await act("gridWorker", c.id, "dispatch", { orgId: w.units.gridPost })).statusCode).toBe(403);
    expect((await act("resident", c.id, "urge", {})).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${c.id}/actions/urge`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
    const badReason = await act("dispatcher", c.id, "reject", { reason: "bored" });
    expect(badReason.statusCode).toBe(400);
    expect(badReason.json().error.code).toBe("validation_failed");
    expect((await act("dispatcher", "not-a-case", "urge", {})).statusCode).toBe(400);
    // A unit of another county is out of the dispatcher's scope: 404, the case unchanged.
    const elsewhere = await act("dispatcher", c.id, "dispatch", { orgId: w.units.otherTownshipCentre });
    expect(elsewhere.statusCode).toBe(404);
    // A resident may not rate a case they did not report, even when it is replied.
    const { case: replied } = await buildCase(t.database.db, {
      status: "replied",
      assignedOrgId: w.units.gridPost,
    });
    expect(
      (await act("resident", replied.id, "evaluate", { resolved: true, satisfaction: "satisfied" }))
        .statusCode,
    ).toBe(404);
    expect(
      (await act("gridWorker", replied.id, "evaluate", { resolved: true, satisfaction: "satisfied" }))
        .statusCode,
    ).toBe(403);
  });

  it("rejects with a reason the reporter is told, and redispatches keeping the lead", async () => {
    const { case: c } = await buildCase(t.database.db, { reporterUserId: w.users.resident.id });
    const rejected = (
      await act("dispatcher", c.id, "reject", { reason: "redirect_110", note: "请报警" })
    ).json();
    expect(rejected.case.status).toBe("rejected");
    const inbox = await get("resident", "/api/v1/notifications");
    expect(inbox.json().items).toContainEqual(
      expect.objectContaining({ kind: "reject", caseNumber: c.number, to: "user" }),
    );

    const { case: d } = await buildCase(t.database.db);
    await act("dispatcher", d.id, "dispatch", { orgId: w.units.gridPost });
    const re = await act("dispatcher", d.id, "redispatch", { orgId: w.units.villageCommittee });
    expect(re.json().case).toMatchObject({
      assignedOrgId: w.units.villageCommittee,
      leadOrgId: w.units.gridPost,
    });
    expect(
      (await act("dispatcher", d.id, "redispatch", { orgId: w.units.villageCommittee })).json().error.code,
    ).toBe("already_assigned");
  });

  it("lists a unit's work by nearest deadline with its state, and the overdue board", async () => {
    const now = Date.now();
    const mk = (responseIn: number, handleIn: number, respondedAt: Date | null = null) =>
      buildCase(t.database.db, {
        status: respondedAt ? "handling" : "dispatched",
        assignedOrgId: w.units.villageCommittee,
        regionCode: w.village,
        createdAt: new Date(now - 10 * HOUR),
        respondedAt,
        responseDueAt: new Date(now + responseIn * HOUR),
        handleDueAt: new Date(now + handleIn * HOUR),
      });
    const overdue = (await mk(-1, 30)).case;
    const warning = (await mk(1, 30)).case; // 1 h left of 11 h: under a quarter
    const ok = (await mk(-5, 40, new Date(now - 6 * HOUR))).case; // responded: the handling deadline counts
    const res = await get("villageStaff", "/api/v1/worklist");
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json().items as { id: string; deadlineState: string; deadlineKind: string }[]).filter(
      (i) => [overdue.id, warning.id, ok.id].includes(i.id),
    );
    expect(items.map((i) => [i.id, i.deadlineState, i.deadlineKind])).toEqual([
      [overdue.id, "overdue", "response"],
      [warning.id, "warning", "response"],
      [ok.id, "ok", "handle"],
    ]);
    // Not the grid worker's unit.
    const gridList = (await get("gridWorker", "/api/v1/worklist")).json().items as { id: string }[];
    expect(gridList.map((i) => i.id)).not.toContain(overdue.id);

    const board = await get("supervisor", "/api/v1/supervision/overdue");
    const boardIds = (board.json().items as { id: string }[]).map((i) => i.id);
    expect(boardIds).toEqual(expect.arrayContaining([overdue.id, warning.id]));
    expect(boardIds).not.toContain(ok.id);
    expect((await get("villageStaff", "/api/v1/supervision/overdue")).statusCode).toBe(403);
    expect((await get("outsider", "/api/v1/supervision/overdue")).json().items).toEqual([]);
  });

  it("urges (催办): the unit's members read it in their inbox and mark it read", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "handling",
      assignedOrgId: w.units.gridPost,
    });
    const urged = await act("supervisor", c.id, "urge", { note: "今天必须办结" });
    expect(urged.statusCode, urged.body).toBe(200);
    expect(urged.json().case.status).toBe("handling");
    const inbox = await get("gridWorker", "/api/v1/notifications?unreadOnly=true");
    const notice = (inbox.json().items as { id: number; kind: string; caseId: string; to: string }[]).find(
      (n) => n.kind === "urge" && n.caseId === c.id,
    );
    expect(notice?.to).toBe("unit");
    const unread = inbox.json().unread as number;
    const read = await t.app.inject({
      method: "POST",
      url: `/api/v1/notifications/${notice?.id}/read`,
      headers: w.headers.gridWorker,
    });
    expect(read.statusCode, read.body).toBe(200);
    const after = await get("gridWorker", "/api/v1/notifications?unreadOnly=true");
    expect(after.json().unread).toBe(unread - 1);
    // Someone else's notification is not found.
    const stranger = await t.app.inject({
      method: "POST",
      url: `/api/v1/notifications/${notice?.id}/read`,
      headers: w.headers.housingHandler,
    });
    expect(stranger.statusCode).toBe(404);
  });
});
