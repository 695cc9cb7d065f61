/**
 * 常用语: a unit keeps its canned replies and only its people read them; category replies serve
 * the categories below; another unit's are not found; roles that handle no cases are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildWorld, type World } from "./actions/test-factory.js";

describe("canned replies", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = (who: keyof World["headers"], payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: "/api/v1/canned-replies", headers: w.headers[who], payload });
  const list = async (who: keyof World["headers"], query: string) => {
    const res = await t.app.inject({ url: `/api/v1/canned-replies?${query}`, headers: w.headers[who] });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { text: string }[]).map((i) => i.text);
  };

  it("keeps a unit's replies for its people, by note and category", async () => {
    const forWires = await create("urbanHandler", {
      orgId: w.units.urbanDept,
      action: "reply",
      categoryCode: "security",
      text: "已安排维修人员到场处理，线路已恢复。",
    });
    expect(forWires.statusCode, forWires.body).toBe(201);
    expect(forWires.json()).toMatchObject({ orgId: w.units.urbanDept, categoryCode: "security" });
    expect(
      (
        await create("urbanHandler", {
          orgId: w.units.urbanDept,
          action: "reply",
          text: "问题已处理完毕，感谢您的反映。",
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await create("urbanHandler", {
          orgId: w.units.urbanDept,
          action: "respond",
          text: "已电话联系来电人",
        })
      ).statusCode,
    ).toBe(201);

    // A category's reply serves the categories below it; the general one comes last.
    expect(await list("urbanHandler", "action=reply&category=security.wires")).toEqual([
      "已安排维修人员到场处理，线路已恢复。",
      "问题已处理完毕，感谢您的反映。",
    ]);
    expect(await list("urbanHandler", "action=reply&category=sanitation")).toEqual([
      "问题已处理完毕，感谢您的反映。",
    ]);
    expect(await list("urbanHandler", "action=respond")).toEqual(["已电话联系来电人"]);
    // The page where the unit keeps them lists all three, with the units it may keep them for.
    const kept = await t.app.inject({ url: "/api/v1/canned-replies/kept", headers: w.headers.urbanHandler });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().units.map((u: { id: string }) => u.id)).toEqual([w.units.urbanDept]);
    expect(
      kept
        .json()
        .items.map((i: { action: string; categoryCode: string | null }) => [i.action, i.categoryCode]),
    ).toEqual([
      ["reply", null],
      ["reply", "security"],
      ["respond", null],
    ]);
    const housing = await t.app.inject({
      url: "/api/v1/canned-replies/kept",
      headers: w.headers.housingHandler,
    });
    expect(housing.json().items).toEqual([]);
    // Another unit's people do not see them.
    expect(await list("housingHandler", "action=reply&category=security.wires")).toEqual([]);
    expect(await list("gridWorker", "action=reply")).toEqual([]);
  });

  it("refuses another unit's replies as not found, and bad input with 400", async () => {
    const other = await create("housingHandler", { orgId: w.units.urbanDept, action: "reply", text: "冒用" });
    expect(other.statusCode).toBe(404);
    const mine = await create("gridWorker", { orgId: w.units.gridPost, action: "respond", text: "已上门" });
    expect(mine.statusCode, mine.body).toBe(201);
    const id = mine.json().id as string;
    const url = `/api/v1/canned-replies/${id}`;
    expect((await t.app.inject({ method: "DELETE", url, headers: w.headers.urbanHandler })).statusCode).toBe(
      404,
    );
    for (const payload of [
      { orgId: w.units.gridPost, action: "close", text: "x" },
      { orgId: w.units.gridPost, action: "reply", text: "  " },
      { orgId: "not-a-uuid", action: "reply", text: "x" },
      { orgId: w.units.gridPost, action: "reply", text: "x", categoryCode: "no.such.category" },
    ]) {
      const res = await create("gridWorker", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect(
      (await t.app.inject({ url: "/api/v1/canned-replies?action=other", headers: w.headers.gridWorker }))
        .statusCode,
    ).toBe(400);
    expect((await t.app.inject({ method: "DELETE", url, headers: w.headers.gridWorker })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ method: "DELETE", url, headers: w.headers.gridWorker })).statusCode).toBe(
      404,
    );
  });

  it("needs a session and cases.handle", async () => {
    expect((await t.app.inject({ url: "/api/v1/canned-replies?action=reply" })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/canned-replies/kept" })).statusCode).toBe(401);
    for (const who of ["supervisor", "operator", "resident"] as const) {
      const res = await t.app.inject({ url: "/api/v1/canned-replies?action=reply", headers: w.headers[who] });
      expect(res.statusCode, who).toBe(403);
      const kept = await t.app.inject({ url: "/api/v1/canned-replies/kept", headers: w.headers[who] });
      expect(kept.statusCode, who).toBe(403);
      expect(
        (await create(who, { orgId: w.units.urbanDept, action: "reply", text: "x" })).statusCode,
        who,
      ).toBe(403);
    }
  });
});
