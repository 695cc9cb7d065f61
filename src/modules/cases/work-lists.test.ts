/**
 * A unit's work list holds its open cases and the cases it was whistled in on and has not
 * reported on yet — nothing else.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseWhistles } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "./actions/test-factory.js";

describe("work list", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const ids = async () => {
    const res = await t.app.inject({ url: "/api/v1/worklist", headers: w.headers.urbanHandler });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string }[]).map((i) => i.id);
  };

  it("lists the unit's open cases and the whistles it still owes a report on", async () => {
    const db = t.database.db;
    const own = (await buildCase(db, { status: "handling", assignedOrgId: w.units.urbanDept })).case;
    const done = (await buildCase(db, { status: "closed", assignedOrgId: w.units.urbanDept })).case;
    const elsewhere = (await buildCase(db, { status: "handling", assignedOrgId: w.units.housingDept })).case;
    const whistledIn = (await buildCase(db, { status: "handling", assignedOrgId: w.units.housingDept })).case;
    const [whistle] = await db
      .insert(caseWhistles)
      .values({
        caseId: whistledIn.id,
        orgId: w.units.urbanDept,
        reportDueAt: new Date(Date.now() + 3_600_000),
      })
      .returning();
    const before = await ids();
    expect(before).toEqual(expect.arrayContaining([own.id, whistledIn.id]));
    expect(before).not.toContain(done.id);
    expect(before).not.toContain(elsewhere.id);

    await db
      .update(caseWhistles)
      .set({ reportedAt: new Date() })
      .where(eq(caseWhistles.id, whistle?.id ?? ""));
    const after = await ids();
    expect(after).toContain(own.id);
    expect(after).not.toContain(whistledIn.id);
  });

  it("says on each item what the caller may do on it, as the case page does", async () => {
    const db = t.database.db;
    const dispatched = (await buildCase(db, { status: "dispatched", assignedOrgId: w.units.gridPost })).case;
    const replied = (await buildCase(db, { status: "replied", assignedOrgId: w.units.gridPost })).case;
    const whistledIn = (await buildCase(db, { status: "handling", assignedOrgId: w.units.housingDept })).case;
    await db.insert(caseWhistles).values({
      caseId: whistledIn.id,
      orgId: w.units.urbanDept,
      reportDueAt: new Date(Date.now() + 3_600_000),
    });

    const listed = async (who: "gridWorker" | "urbanHandler", id: string) => {
      const list = await t.app.inject({ url: "/api/v1/worklist", headers: w.headers[who] });
      expect(list.statusCode, list.body).toBe(200);
      const item = (list.json().items as { id: string; allowedActions: string[] }[]).find((i) => i.id === id);
      const page = await t.app.inject({ url: `/api/v1/cases/${id}`, headers: w.headers[who] });
      expect(page.statusCode, page.body).toBe(200);
      return { fromList: item?.allowedActions, fromPage: page.json().allowedActions as string[] };
    };

    const a = await listed("gridWorker", dispatched.id);
    expect(a.fromList).toEqual(expect.arrayContaining(["respond", "send_back"]));
    expect(a.fromList).not.toContain("dispatch");
    expect(a.fromList).toEqual(a.fromPage);
    const b = await listed("gridWorker", replied.id);
    expect(b.fromList).toContain("verify");
    expect(b.fromList).not.toContain("respond");
    expect(b.fromList).toEqual(b.fromPage);
    // A department whistled in holds on the case through the whistle.
    const c = await listed("urbanHandler", whistledIn.id);
    expect(c.fromList).toContain("report");
    expect(c.fromList).toEqual(c.fromPage);
  });
});
