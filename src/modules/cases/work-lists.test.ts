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
});
