/**
 * The demo dispatcher opens the dispatch workbench to a queue of fresh appeals, not an empty one;
 * the demo grid worker opens a work list with micro-wishes to answer, and their reply dialog
 * offers canned replies.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema.js";
import { buildTestApp, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { seedDemoWorld } from "../../../test/helpers/demo-world.js";
import { seedDemoCannedReplies } from "./demo-canned-replies.js";
import { seedDemoDispatchQueue, seedDemoGridMorning } from "./demo-queue.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoWorld(t.database);
}, 120_000);
afterAll(async () => t?.close());

describe("demo dispatch queue", () => {
  it("puts new uncategorised appeals in the demo dispatcher's queue, not in anyone's work list", async () => {
    expect(await seedDemoDispatchQueue(t.database.db)).toBe(5);
    const headersOf = async (username: string) => {
      const [user] = await t.database.db.select().from(users).where(eq(users.username, username));
      if (!user) throw new Error(`no ${username}`);
      return sessionHeaders(t.database, { id: user.id, username });
    };
    const dispatcher = await headersOf("dispatcher");
    const queue = await t.app.inject({ url: "/api/v1/cases?status=triage&queue=mine", headers: dispatcher });
    expect(queue.statusCode, queue.body).toBe(200);
    const items = queue.json().items as { id: string; category: unknown; status: string }[];
    expect(items).toHaveLength(5);
    expect(items.every((i) => i.category === null && i.status === "triage")).toBe(true);
    const worklist = await t.app.inject({ url: "/api/v1/worklist", headers: dispatcher });
    expect(worklist.json().items).toEqual([]);
  });

  it("puts micro-wishes on the demo grid worker's work list, and on no one else's", async () => {
    expect(await seedDemoGridMorning(t.database.db)).toBe(3);
    const headersOf = async (username: string) => {
      const [user] = await t.database.db.select().from(users).where(eq(users.username, username));
      if (!user) throw new Error(`no ${username}`);
      return sessionHeaders(t.database, { id: user.id, username });
    };
    const list = async (username: string) => {
      const res = await t.app.inject({ url: "/api/v1/worklist", headers: await headersOf(username) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { categoryCode: string | null; allowedActions: string[] }[];
    };
    const mine = await list("grid_worker");
    expect(mine).toHaveLength(3);
    expect(mine.every((i) => i.categoryCode === "micro_wish" && i.allowedActions.includes("respond"))).toBe(
      true,
    );
    expect(await list("village_staff")).toEqual([]);
  });

  it("gives the demo grid worker's post canned replies to insert", async () => {
    expect(await seedDemoCannedReplies(t.database.db)).toBeGreaterThan(0);
    const [user] = await t.database.db.select().from(users).where(eq(users.username, "grid_worker"));
    if (!user) throw new Error("no grid_worker");
    const headers = await sessionHeaders(t.database, { id: user.id, username: "grid_worker" });
    for (const action of ["respond", "reply"]) {
      const res = await t.app.inject({ url: `/api/v1/canned-replies?action=${action}`, headers });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { items: unknown[] }).items.length, action).toBeGreaterThan(0);
    }
  });
});
