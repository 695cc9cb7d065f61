/**
 * The actions offered on a case fit the unit the person acts for (#9 item 11): the case page and
 * the work list offer only what the server would accept from them now.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./actions/test-factory.js";

describe("offered actions", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const offered = async (who: WorldRole, id: string): Promise<string[]> => {
    const res = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: w.headers[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().allowedActions as string[];
  };
  const workListOffer = async (who: WorldRole, id: string): Promise<string[] | undefined> => {
    const res = await t.app.inject({ url: "/api/v1/worklist?limit=200", headers: w.headers[who] });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; allowedActions: string[] }[];
    return items.find((i) => i.id === id)?.allowedActions;
  };
  const act = (who: WorldRole, id: string, action: string, body: object) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${id}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
  const ok = async (who: WorldRole, id: string, action: string, body: object): Promise<number> => {
    const res = await act(who, id, action, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json().case.version as number;
  };

  it("offers the holding unit's work to its own people only, and respond until the resident was contacted", async () => {
    const { case: c } = await buildCase(t.database.db, {});
    let version = await ok("dispatcher", c.id, "dispatch", { orgId: w.units.gridPost, version: c.version });

    const worker = await offered("gridWorker", c.id);
    expect(worker).toEqual(expect.arrayContaining(["respond", "send_back", "escalate", "request_extension"]));
    expect(await workListOffer("gridWorker", c.id)).toEqual(worker);
    // The township dispatcher sees the grid post's case and may route it, not work it.
    const dispatcher = await offered("dispatcher", c.id);
    expect(dispatcher).toEqual(expect.arrayContaining(["redispatch", "reject", "merge"]));
    for (const handling of ["respond", "send_back", "escalate", "request_extension", "reply", "whistle"]) {
      expect(dispatcher).not.toContain(handling);
    }
    // …and the server agrees with what was not offered.
    const refused = await act("dispatcher", c.id, "respond", { contactMethod: "phone", version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("not_assigned_unit");

    version = await ok("gridWorker", c.id, "respond", { contactMethod: "phone", version });
    const afterContact = await offered("gridWorker", c.id);
    expect(afterContact).not.toContain("respond");
    expect(afterContact).toEqual(expect.arrayContaining(["reply", "whistle", "send_back"]));
    expect(await workListOffer("gridWorker", c.id)).toEqual(afterContact);
    expect(version).toBeGreaterThan(c.version);
  });

  it("offers report to a whistled department until it reported, and to no other", async () => {
    const { case: c } = await buildCase(t.database.db, {});
    let version = await ok("dispatcher", c.id, "dispatch", { orgId: w.units.gridPost, version: c.version });
    version = await ok("gridWorker", c.id, "respond", { contactMethod: "visit", version });
    version = await ok("gridWorker", c.id, "whistle", { orgIds: [w.units.urbanDept], version });

    expect(await offered("urbanHandler", c.id)).toContain("report");
    expect(await workListOffer("urbanHandler", c.id)).toContain("report");
    expect(await offered("gridWorker", c.id)).not.toContain("report");
    await ok("urbanHandler", c.id, "report", { version });
    expect(await offered("urbanHandler", c.id)).not.toContain("report");
  });

  it("never offers a person the check of their own reply, and refuses it with 403 own_reply", async () => {
    const { case: c } = await buildCase(t.database.db, {});
    let version = await ok("dispatcher", c.id, "dispatch", { orgId: w.units.gridPost, version: c.version });
    version = await ok("gridWorker", c.id, "respond", { contactMethod: "phone", version });
    version = await ok("gridWorker", c.id, "reply", { result: "路灯已修好", version });

    expect(await offered("gridWorker", c.id)).not.toContain("verify");
    expect(await offered("villageStaff", c.id)).toContain("verify");
    const own = await act("gridWorker", c.id, "verify", { passed: true, version });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe("own_reply");
    await ok("villageStaff", c.id, "verify", { passed: true, version });
  });

  it("redispatch does not offer, or suggest, the unit that holds the case", async () => {
    const { case: c } = await buildCase(t.database.db, {});
    const options = async () => {
      const res = await t.app.inject({
        url: `/api/v1/cases/${c.id}/dispatch-options`,
        headers: w.headers.dispatcher,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { suggested: { id: string } | null; units: { id: string }[] };
    };
    expect((await options()).units.map((u) => u.id)).toContain(w.units.gridPost);
    await ok("dispatcher", c.id, "dispatch", { orgId: w.units.gridPost, version: c.version });
    const after = await options();
    expect(after.units.map((u) => u.id)).not.toContain(w.units.gridPost);
    expect(after.units.map((u) => u.id)).toContain(w.units.villageCommittee);
    expect(after.suggested?.id).not.toBe(w.units.gridPost);
  });

  it("tells the holding unit where escalate and send back would take the case, and no one else", async () => {
    const { case: c } = await buildCase(t.database.db, {});
    await ok("dispatcher", c.id, "dispatch", { orgId: w.units.gridPost, version: c.version });
    const targets = async (who: WorldRole) => {
      const res = await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: w.headers[who] });
      return res.json().moveTargets as { escalate: { id: string } | null; sendBack: { id: string } | null };
    };
    const worker = await targets("gridWorker");
    expect(worker.escalate?.id).toBe(w.units.villageCommittee);
    expect(worker.sendBack?.id).toBe(w.units.townshipCentre);
    expect(await targets("dispatcher")).toEqual({ escalate: null, sendBack: null });
    expect(await targets("supervisor")).toEqual({ escalate: null, sendBack: null });
  });

  it("lets the grid post work a village case dispatched to it (placed above the grid, held inside it)", async () => {
    const raised = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      payload: { channel: "web", description: "村口的井盖不见了", regionCode: w.village },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json().id as string;
    const before = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: w.headers.gridWorker });
    expect(before.statusCode).toBe(404);
    const seen = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: w.headers.dispatcher });
    let version = await ok("dispatcher", id, "dispatch", {
      orgId: w.units.gridPost,
      version: seen.json().version as number,
    });
    expect(await offered("gridWorker", id)).toContain("respond");
    expect(await workListOffer("gridWorker", id)).toContain("respond");
    version = await ok("gridWorker", id, "respond", { contactMethod: "visit", version });
    // Moved on to the village committee, the grid post no longer holds it: out of its sight again.
    await ok("gridWorker", id, "escalate", { reason: "需村委会协调", version });
    const after = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: w.headers.gridWorker });
    expect(after.statusCode).toBe(404);
  });
});
