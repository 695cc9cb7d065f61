/**
 * `Idempotency-Key` on case actions: a phone's outbox that retries after a lost answer must not
 * log a second contact or a second reply.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEvents, cases } from "../../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import type { ActionResult } from "./schemas.js";
import { buildCase, buildWorld, type World } from "./test-factory.js";

describe("case actions with Idempotency-Key", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const dispatchedCase = async () =>
    (
      await buildCase(t.database.db, {
        status: "dispatched",
        assignedOrgId: w.units.gridPost,
        leadOrgId: w.units.gridPost,
        handlingLevel: "grid",
      })
    ).case;
  const act = (ref: string, action: string, body: object, key?: string) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${ref}/actions/${action}`,
      headers: { ...w.headers.gridWorker, ...(key === undefined ? {} : { "idempotency-key": key }) },
      payload: body,
    });
  const events = (caseId: string, action: string) =>
    t.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, action)));

  it("answers a replay with the first answer and records no second event", async () => {
    const c = await dispatchedCase();
    const body = { contactMethod: "phone", note: "已电话联系", version: c.version };
    const first = await act(c.id, "respond", body, "outbox-respond-1");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();

    // The same key and body again, keys of the body in another order: the stored answer.
    const again = await act(
      c.id,
      "respond",
      { version: c.version, note: "已电话联系", contactMethod: "phone" },
      "outbox-respond-1",
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());

    expect(await events(c.id, "respond")).toHaveLength(1);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, c.id));
    expect(row?.version).toBe((first.json() as ActionResult).case.version);
  });

  it("refuses the same key with another body, another action or another case: 409 idempotency_mismatch", async () => {
    const c = await dispatchedCase();
    const other = await dispatchedCase();
    const body = { contactMethod: "visit", version: c.version };
    expect((await act(c.id, "respond", body, "outbox-respond-2")).statusCode).toBe(200);

    const changed = await act(c.id, "respond", { ...body, note: "又联系了一次" }, "outbox-respond-2");
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe("idempotency_mismatch");
    const otherCase = await act(
      other.id,
      "respond",
      { contactMethod: "visit", version: other.version },
      "outbox-respond-2",
    );
    expect(otherCase.statusCode).toBe(409);
    expect(otherCase.json().error.code).toBe("idempotency_mismatch");

    expect(await events(c.id, "respond")).toHaveLength(1);
    expect(await events(other.id, "respond")).toHaveLength(0);
  });

  it("stores no answer for a refused action, so the same key can succeed after the refusal is fixed", async () => {
    const c = await dispatchedCase();
    const stale = await act(
      c.id,
      "respond",
      { contactMethod: "phone", version: c.version + 5 },
      "outbox-stale",
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_case");
    // The refusal rolled back the key: the same key with the right version does the work.
    const fixed = await act(c.id, "respond", { contactMethod: "phone", version: c.version }, "outbox-stale");
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(await events(c.id, "respond")).toHaveLength(1);
  });

  it("still works without a key, and refuses a malformed key with 400", async () => {
    const c = await dispatchedCase();
    const plain = await act(c.id, "respond", { contactMethod: "sms", version: c.version });
    expect(plain.statusCode, plain.body).toBe(200);
    const bad = await act(c.id, "respond", { contactMethod: "sms" }, "has spaces in it");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("bad_idempotency_key");
    expect(await events(c.id, "respond")).toHaveLength(1);
  });
});
