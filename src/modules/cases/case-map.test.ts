/**
 * 一张图 (GET /cases/map): the open cases of the reader's scope as points with their deadline
 * state; another area's cases, closed cases and cases without a point are not drawn; the cap
 * keeps the cases nearest their deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "./actions/test-factory.js";

const HOUR = 3_600_000;

interface Point {
  id: string;
  lon: number;
  lat: number;
  deadlineState: string;
  regionName: string;
}

describe("case map", () => {
  let t: TestApp;
  let w: World;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    const db = t.database.db;
    const now = Date.now();
    const at = { lon: 116.7, lat: 39.52 };
    const build = async (name: string, overrides: Parameters<typeof buildCase>[1]) => {
      made[name] = (await buildCase(db, overrides)).case.id;
    };
    await build("normal", {
      ...at,
      status: "handling",
      respondedAt: new Date(now),
      createdAt: new Date(now - HOUR),
      handleDueAt: new Date(now + 100 * HOUR),
    });
    await build("warning", {
      ...at,
      status: "handling",
      respondedAt: new Date(now),
      handleWarnedAt: new Date(now),
      handleDueAt: new Date(now + 2 * HOUR),
    });
    await build("overdue", {
      ...at,
      status: "dispatched",
      respondedAt: new Date(now),
      handleDueAt: new Date(now - HOUR),
    });
    await build("closed", { ...at, status: "closed" });
    await build("unlocated", { status: "handling" });
    // The other county's open case, with a point: never on this county's map.
    await build("elsewhere", { ...at, status: "handling", regionCode: "131003" });
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = async (who: keyof World["headers"], query = "") => {
    const res = await t.app.inject({ url: `/api/v1/cases/map${query}`, headers: w.headers[who] });
    return res;
  };

  it("draws the open cases of the scope, each coloured by its deadline state", async () => {
    const res = await get("supervisor");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Point[]; total: number; truncated: boolean; withoutPoint: number };
    const state = new Map(body.items.map((i) => [i.id, i.deadlineState]));
    expect(state.get(made.normal ?? "")).toBe("ok");
    expect(state.get(made.warning ?? "")).toBe("warning");
    expect(state.get(made.overdue ?? "")).toBe("overdue");
    expect(state.has(made.closed ?? "")).toBe(false);
    expect(state.has(made.unlocated ?? "")).toBe(false);
    expect(state.has(made.elsewhere ?? "")).toBe(false);
    expect(body).toMatchObject({ total: 3, truncated: false, withoutPoint: 1 });
    // A point, a number, a category and a place: no reporter, no description.
    expect(res.body).not.toContain("reporter");
    expect(res.body).not.toContain("楼道里的灯坏了");
    expect(body.items[0]?.regionName).toBeTruthy();
    // "Not on the map" opens the case list of exactly those: open, in scope, without a point.
    const list = await t.app.inject({
      url: "/api/v1/cases?located=false&status=triage,dispatched,handling,replied,supervisor_review",
      headers: w.headers.supervisor,
    });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (list.json() as { items: { id: string }[]; total: number }).items.map((i) => i.id);
    expect(listed).toEqual([made.unlocated]);
    const withPoint = await t.app.inject({
      url: "/api/v1/cases?located=true&status=triage,dispatched,handling,replied,supervisor_review",
      headers: w.headers.supervisor,
    });
    expect((withPoint.json() as { total: number }).total).toBe(body.total);
    const bad = await t.app.inject({ url: "/api/v1/cases?located=maybe", headers: w.headers.supervisor });
    expect(bad.statusCode).toBe(400);
  });

  it("shows another area's reader only their own area's cases", async () => {
    const res = await get("outsider");
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().items as Point[]).map((i) => i.id);
    for (const name of ["normal", "warning", "overdue"]) expect(ids).not.toContain(made[name]);
    // The township centre of the same county sees the county's township's cases.
    const mine = (await get("dispatcher")).json().items as Point[];
    expect(mine.map((i) => i.id)).toEqual(expect.arrayContaining([made.normal, made.overdue]));
  });

  it("keeps the cases nearest their deadline under the cap, and says it cut", async () => {
    const res = await get("supervisor", "?limit=1");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Point[]; total: number; truncated: boolean };
    expect(body.items.map((i) => i.id)).toEqual([made.overdue]);
    expect(body).toMatchObject({ total: 3, truncated: true });
  });

  it("narrows to a region's subtree, and refuses a bad query with 400", async () => {
    const inVillage = (await get("supervisor", `?region=${w.village}`)).json().items as Point[];
    expect(inVillage.map((i) => i.id)).toContain(made.normal);
    const otherTownship = (await get("supervisor", "?region=131002999")).json().items as Point[];
    expect(otherTownship).toEqual([]);
    for (const query of ["?limit=0", "?limit=99999", "?region=abc"]) {
      const bad = await get("supervisor", query);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.code).toBeTruthy();
    }
  });

  it("narrows to one deadline state, the same state each point shows", async () => {
    for (const state of ["ok", "warning", "overdue"] as const) {
      const res = await get("supervisor", `?state=${state}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: Point[]; total: number };
      expect(
        body.items.map((i) => i.id),
        state,
      ).toEqual([made[{ ok: "normal", warning: "warning", overdue: "overdue" }[state]]]);
      expect(body.items.every((i) => i.deadlineState === state)).toBe(true);
      expect(body.total).toBe(1);
    }
    const bad = await get("supervisor", "?state=late");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
  });

  it("needs a session and cases.read", async () => {
    expect((await t.app.inject({ url: "/api/v1/cases/map" })).statusCode).toBe(401);
    expect((await get("resident")).statusCode).toBe(403);
  });
});
