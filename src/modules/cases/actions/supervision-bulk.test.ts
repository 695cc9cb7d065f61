/**
 * Supervision in bulk: the board filtered by region, unit, category and deadline state; many
 * cases urged in one request (each on its own: out of scope, stale and closed ones refused
 * alone); the board exported with the same filters.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import { caseEvents, notifications, regions } from "../../../db/schema.js";
import type { CaseRow } from "../transition.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./test-factory.js";

const HOUR = 3_600_000;

describe("supervision in bulk", () => {
  let t: TestApp;
  let w: World;
  /** Past their response deadline, at the grid post, garbage. */
  let overdue: CaseRow[];
  /** Past its deadline, at the village committee, another category, located in the township. */
  let overdueTownship: CaseRow;
  /** Close to its deadline (most of the window gone). */
  let warning: CaseRow;
  /** Far from its deadline: not on the board. */
  let calm: CaseRow;
  /** Overdue, in the other county: outside the supervisor's scope. */
  let far: CaseRow;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    const db = t.database.db;
    const now = Date.now();
    const late = {
      status: "dispatched" as const,
      assignedOrgId: w.units.gridPost,
      categoryCode: "sanitation.garbage",
      createdAt: new Date(now - 10 * HOUR),
      responseDueAt: new Date(now - HOUR),
    };
    overdue = [];
    for (let i = 0; i < 3; i++) overdue.push((await buildCase(db, late)).case);
    overdueTownship = (
      await buildCase(db, {
        ...late,
        assignedOrgId: w.units.villageCommittee,
        categoryCode: "roads.pothole",
        regionCode: w.township,
      })
    ).case;
    warning = (
      await buildCase(db, {
        ...late,
        createdAt: new Date(now - 10 * HOUR),
        responseDueAt: new Date(now + HOUR / 2),
      })
    ).case;
    calm = (
      await buildCase(db, { ...late, createdAt: new Date(now), responseDueAt: new Date(now + 40 * HOUR) })
    ).case;
    const [farTownship] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.parentCode, "131003"), eq(regions.level, "township")))
      .limit(1);
    far = (
      await buildCase(db, {
        ...late,
        assignedOrgId: w.units.otherTownshipCentre,
        regionCode: farTownship?.code ?? "",
      })
    ).case;
  });
  afterAll(async () => t.close());

  const get = (who: WorldRole, url: string) => t.app.inject({ url, headers: w.headers[who] });
  const board = async (query: string) => {
    const res = await get("supervisor", `/api/v1/supervision/overdue?${query}`);
    expect(res.statusCode).toBe(200);
    return (res.json().items as { id: string; deadlineState: string }[]).map((i) => i.id).sort();
  };
  const ids = (rows: CaseRow[]) => rows.map((r) => r.id).sort();

  it("filters the board by deadline state, category, unit and region", async () => {
    expect(await board("")).toEqual(ids([...overdue, overdueTownship, warning]));
    expect(await board("state=overdue")).toEqual(ids([...overdue, overdueTownship]));
    expect(await board("state=warning")).toEqual(ids([warning]));
    expect(await board("category=roads.pothole")).toEqual(ids([overdueTownship]));
    expect(await board(`assignedOrg=${w.units.villageCommittee}`)).toEqual(ids([overdueTownship]));
    expect(await board(`region=${w.village}&state=overdue`)).toEqual(ids(overdue));
    expect(await board(`region=${w.county}`)).toEqual(ids([...overdue, overdueTownship, warning]));
    expect(await board("")).not.toContain(calm.id);
    // Names beside the codes, for people and for the export.
    const res = await get("supervisor", `/api/v1/supervision/overdue?category=roads.pothole`);
    expect(res.json().items[0]).toMatchObject({
      categoryCode: "roads.pothole",
      categoryName: expect.any(String),
    });
    expect(res.json().items[0].regionName).not.toMatch(/^\d+$/);
    const bad = await get("supervisor", "/api/v1/supervision/overdue?state=late");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
  });

  it("urges many at once, each on its own", async () => {
    const db = t.database.db;
    const [stale, ...fresh] = overdue;
    if (!stale) throw new Error("no case");
    const closed = (await buildCase(db, { status: "closed", assignedOrgId: w.units.gridPost })).case;
    const gridNoticesBefore = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.recipientOrgId, w.units.gridPost), eq(notifications.kind, "urge")));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/urge",
      headers: w.headers.supervisor,
      payload: {
        note: "请今天内联系群众",
        items: [
          ...fresh.map((c) => ({ caseId: c.id, version: c.version })),
          { caseId: overdueTownship.id, version: overdueTownship.version },
          { caseId: stale.id, version: stale.version + 5 },
          { caseId: far.id, version: far.version },
          { caseId: closed.id, version: closed.version },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.urged).toBe(fresh.length + 1);
    const byId = new Map(body.results.map((r: { caseId: string }) => [r.caseId, r]));
    for (const c of [...fresh, overdueTownship]) {
      expect(byId.get(c.id)).toMatchObject({ ok: true, number: c.number, version: c.version + 1 });
    }
    expect(byId.get(stale.id)).toMatchObject({ ok: false, error: { code: "stale_case" } });
    expect(byId.get(far.id)).toMatchObject({ ok: false, number: null, error: { code: "not_found" } });
    expect(byId.get(closed.id)).toMatchObject({ ok: false, error: { code: "illegal_transition" } });
    const urges = await db
      .select({ caseId: caseEvents.caseId, note: caseEvents.note })
      .from(caseEvents)
      .where(
        and(
          eq(caseEvents.action, "urge"),
          inArray(caseEvents.caseId, [
            stale.id,
            far.id,
            closed.id,
            overdueTownship.id,
            ...fresh.map((c) => c.id),
          ]),
        ),
      );
    expect(urges.map((u) => u.caseId).sort()).toEqual(ids([...fresh, overdueTownship]));
    expect(urges.every((u) => u.note === "请今天内联系群众")).toBe(true);
    const gridNoticesAfter = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.recipientOrgId, w.units.gridPost), eq(notifications.kind, "urge")));
    expect(gridNoticesAfter.length - gridNoticesBefore.length).toBe(fresh.length);
  });

  it("refuses bulk urging to roles that do not supervise, and an empty list", async () => {
    const worker = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/urge",
      headers: w.headers.gridWorker,
      payload: { items: [{ caseId: overdue[0]?.id }] },
    });
    expect(worker.statusCode).toBe(403);
    const empty = await t.app.inject({
      method: "POST",
      url: "/api/v1/supervision/urge",
      headers: w.headers.supervisor,
      payload: { items: [] },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe("validation_failed");
  });

  it("exports the board with the same filters", async () => {
    const res = await get("supervisor", "/api/v1/exports/supervision.csv?state=overdue&lang=en");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("supervision-");
    for (const c of [...overdue, overdueTownship]) expect(res.body).toContain(c.number);
    for (const c of [warning, calm, far]) expect(res.body).not.toContain(c.number);
    expect(res.body).toContain("Overdue");
    const xlsx = await get("supervisor", "/api/v1/exports/supervision.xlsx?category=roads.pothole");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const worker = await get("gridWorker", "/api/v1/exports/supervision.csv");
    expect(worker.statusCode).toBe(403);
  });
});
