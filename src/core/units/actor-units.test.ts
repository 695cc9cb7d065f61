/**
 * A session keeps the units its user acts for (`actorUnits`), read once per permission and units
 * counter: a unit changed since is seen by the session's next request.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { organisations } from "../../db/schema.js";
import { buildCase, buildWorld, type World } from "../../modules/cases/actions/test-factory.js";

describe("the units a session acts for", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  it("are read again once a unit changes", async () => {
    const respond = async () => {
      const { case: c } = await buildCase(t.database.db, {
        status: "dispatched",
        assignedOrgId: w.units.gridPost,
      });
      return t.app.inject({
        method: "POST",
        url: `/api/v1/cases/${c.id}/actions/respond`,
        headers: w.headers.gridWorker,
        payload: { contactMethod: "phone" },
      });
    };
    // The grid worker acts for the post of their grid.
    const answered = await respond();
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().event.actorOrgId).toBe(w.units.gridPost);
    // The post becomes a department (no longer the unit of the grid): the same session stops
    // acting for it at once.
    await t.database.db
      .update(organisations)
      .set({ kind: "department", departmentType: "urban" })
      .where(eq(organisations.id, w.units.gridPost));
    const refused = await respond();
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe("not_assigned_unit");
  });
});
