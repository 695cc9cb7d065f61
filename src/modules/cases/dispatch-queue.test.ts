/**
 * The dispatch queue (待分拨) is "the cases my centre must route", whatever their category: a
 * new uncategorised appeal located in the township lands in the township centre's queue and not
 * in its handling list; a sent-back case with a category is there too; a case in triage at the
 * county centre is the county's to route, not the township dispatcher's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./actions/test-factory.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const get = async (who: WorldRole, url: string) => {
  const res = await t.app.inject({ url: `/api/v1${url}`, headers: w.headers[who] });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
};
const queue = (who: WorldRole) => get(who, "/cases?status=triage&queue=mine&pageSize=100");
const worklist = (who: WorldRole) => get(who, "/worklist?limit=100");

describe("the dispatch queue", () => {
  it("holds a new uncategorised appeal of the township for its centre, not its handling list", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { ...w.headers.operator, "idempotency-key": "queue-new-appeal" },
      payload: {
        channel: "hotline",
        description: "来电说村口的路边有一堆东西，不知道归谁管",
        regionCode: w.village,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ status: "triage", assignedUnit: { id: w.units.townshipCentre } });

    expect(await queue("dispatcher")).toContain(created.id);
    expect(await worklist("dispatcher")).not.toContain(created.id);
    // Not the county's to route, nor another township's.
    expect(await queue("countyDispatcher")).not.toContain(created.id);
    expect(await queue("outsider")).not.toContain(created.id);
  });

  it("holds categorised cases in triage too (a send-back), and only the centre's own", async () => {
    const db = t.database.db;
    const sentBack = (
      await buildCase(db, {
        status: "triage",
        categoryCode: "sanitation.garbage",
        regionCode: w.village,
        assignedOrgId: w.units.townshipCentre,
      })
    ).case;
    const atCounty = (
      await buildCase(db, { status: "triage", regionCode: w.village, assignedOrgId: w.units.countyCentre })
    ).case;
    const working = (
      await buildCase(db, {
        status: "handling",
        regionCode: w.village,
        assignedOrgId: w.units.townshipCentre,
      })
    ).case;

    const mine = await queue("dispatcher");
    expect(mine).toContain(sentBack.id);
    expect(mine).not.toContain(atCounty.id);
    expect(mine).not.toContain(working.id);
    // The county centre's queue: its dispatcher and the county's supervisor.
    expect(await queue("countyDispatcher")).toContain(atCounty.id);
    expect(await queue("supervisor")).toContain(atCounty.id);
    expect(await queue("supervisor")).not.toContain(sentBack.id);
    // The whole area's triage is still there without queue=mine.
    expect(await get("dispatcher", "/cases?status=triage&pageSize=100")).toEqual(
      expect.arrayContaining([sentBack.id, atCounty.id]),
    );
    // Handling lists hold what is worked: the township centre's case in handling, no triage.
    const list = await worklist("dispatcher");
    expect(list).toContain(working.id);
    expect(list).not.toContain(sentBack.id);
    // Roles that route nothing have an empty queue.
    expect(await queue("operator")).toEqual([]);
  });
});
