/** The home page's "today": each count is the size of the list it opens, per role; null where none. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./actions/test-factory.js";
import { chinaMidnightAfter } from "./today.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const today = async (who: WorldRole) => {
  const res = await t.app.inject({ url: "/api/v1/today", headers: w.headers[who] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Record<string, number | null>;
};

describe("GET /today", () => {
  it("counts the queue, the sent-back, the deadlines of today, the overdue and the replies awaiting evaluation", async () => {
    const db = t.database.db;
    const now = Date.now();
    const midnight = chinaMidnightAfter(new Date(now)).getTime();
    const grid = { regionCode: w.grid, assignedOrgId: w.units.gridPost };
    // The township centre's queue: a new appeal, and one the grid post sends back.
    await buildCase(db, { status: "triage", regionCode: w.village, assignedOrgId: w.units.townshipCentre });
    const returned = (await buildCase(db, { status: "dispatched", ...grid })).case;
    const sent = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${returned.id}/actions/send_back`,
      headers: w.headers.gridWorker,
      payload: { reason: "不属于本网格", version: returned.version },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    // The grid post's work: due before midnight, overdue, due tomorrow; one replied.
    await buildCase(db, { status: "dispatched", ...grid, responseDueAt: new Date((now + midnight) / 2) });
    await buildCase(db, { status: "dispatched", ...grid, responseDueAt: new Date(now - 3_600_000) });
    await buildCase(db, {
      status: "handling",
      ...grid,
      respondedAt: new Date(now - 7_200_000),
      handleDueAt: new Date(midnight + 7_200_000),
    });
    await buildCase(db, { status: "replied", ...grid, repliedAt: new Date(now - 60_000) });

    expect(await today("dispatcher")).toMatchObject({ toDispatch: 2, sentBack: 1 });
    expect(await today("gridWorker")).toEqual({
      toDispatch: null,
      sentBack: null,
      dueToday: 1,
      overdue: 1,
      awaitingEvaluation: 1,
      overdueInScope: null,
    });
    // Each count opens its list: the same cases, no more.
    const listed = async (who: WorldRole, url: string) => {
      const res = await t.app.inject({ url: `/api/v1${url}`, headers: w.headers[who] });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as unknown[]).length;
    };
    expect(await listed("gridWorker", "/worklist")).toBeGreaterThan(3);
    expect(await listed("gridWorker", "/worklist?view=dueToday")).toBe(1);
    expect(await listed("gridWorker", "/worklist?view=overdue")).toBe(1);
    expect(await listed("gridWorker", "/worklist?view=awaitingEvaluation")).toBe(1);
    expect(await listed("dispatcher", "/cases?queue=mine&status=triage&sentBack=true")).toBe(1);
    expect(await listed("dispatcher", "/cases?queue=mine&status=triage&sentBack=false")).toBe(1);
    expect(
      (await t.app.inject({ url: "/api/v1/worklist?view=soon", headers: w.headers.gridWorker })).statusCode,
    ).toBe(400);
    const operator = await today("operator");
    expect(operator.awaitingEvaluation).toBe(1);
    expect(operator.toDispatch).toBeNull();
    expect((await today("supervisor")).overdueInScope).toBe(1);
    // Another township's dispatcher: nothing of this township.
    expect(await today("outsider")).toMatchObject({ toDispatch: 0, sentBack: 0, awaitingEvaluation: 0 });
    expect(await today("resident")).toEqual({
      toDispatch: null,
      sentBack: null,
      dueToday: null,
      overdue: null,
      awaitingEvaluation: null,
      overdueInScope: null,
    });
    expect((await t.app.inject({ url: "/api/v1/today" })).statusCode).toBe(401);
  });

  it("knows midnight in China", () => {
    expect(chinaMidnightAfter(new Date("2026-12-06T15:59:00Z")).toISOString()).toBe(
      "2026-12-06T16:00:00.000Z",
    );
    expect(chinaMidnightAfter(new Date("2026-12-06T16:00:00Z")).toISOString()).toBe(
      "2026-12-07T16:00:00.000Z",
    );
  });
});
