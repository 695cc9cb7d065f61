/**
 * The console's notification centre over the API: a send-back reaches the township centre's
 * dispatcher as an unread notification naming the case; "mark all read" clears their count and
 * leaves other people's notifications unread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./test-factory.js";

describe("notification centre", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const get = (who: WorldRole, url: string) => t.app.inject({ url, headers: w.headers[who] });
  const post = (who: WorldRole, url: string, payload?: object) =>
    t.app.inject({ method: "POST", url, headers: w.headers[who], ...(payload ? { payload } : {}) });

  it("tells the centre of a send-back, and marks all read for the reader only", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
    });
    const sent = await post("gridWorker", `/api/v1/cases/${c.id}/actions/send_back`, {
      reason: "不在本网格",
      version: c.version,
    });
    expect(sent.statusCode).toBe(200);
    // Something for the grid post too, so "all" has a neighbour it must not touch.
    const { case: d } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
    });
    const urged = await post("supervisor", `/api/v1/cases/${d.id}/actions/urge`, { note: "请尽快办理" });
    expect(urged.statusCode).toBe(200);

    const inbox = await get("dispatcher", "/api/v1/notifications?unreadOnly=true");
    expect(inbox.statusCode).toBe(200);
    const body = inbox.json();
    const notice = body.items.find(
      (n: { kind: string; caseId: string }) => n.kind === "send_back" && n.caseId === c.id,
    );
    expect(notice).toMatchObject({ caseNumber: c.number, to: "unit", readAt: null });
    expect(notice.body).toContain("不在本网格");
    expect(body.unread).toBeGreaterThan(0);
    const gridBefore = (await get("gridWorker", "/api/v1/notifications?unreadOnly=true")).json().unread;
    expect(gridBefore).toBeGreaterThan(0);

    const marked = await post("dispatcher", "/api/v1/notifications/read-all");
    expect(marked.statusCode).toBe(200);
    expect(marked.json().marked).toBe(body.unread);
    const after = (await get("dispatcher", "/api/v1/notifications")).json();
    expect(after.unread).toBe(0);
    expect(after.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    // Marking again changes nothing; the grid post's unread notifications stay unread.
    expect((await post("dispatcher", "/api/v1/notifications/read-all")).json().marked).toBe(0);
    expect((await get("gridWorker", "/api/v1/notifications?unreadOnly=true")).json().unread).toBe(gridBefore);
  });

  it("needs a signed-in user", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/notifications/read-all" });
    expect(res.statusCode).toBe(401);
  });
});
