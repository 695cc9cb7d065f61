/**
 * The per-process caches of the intake path (issue #15, B1) against changes made straight in the
 * database, as another app process or a person at psql would make them: each change is seen by
 * the very next request, because a trigger bumps the cache's version counter in the change's
 * transaction and every request reads the counters (src/db/cache-versions.ts).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders, type TestUser } from "../helpers/app.js";
import { buildCaseWorld, type CaseWorld } from "../../src/modules/cases/test-fixtures.js";
import { cacheClock, cacheVersionReads, cacheVersions } from "../../src/db/cache-versions.js";
import { categories, organisations, roleBindings, sessions, users } from "../../src/db/schema.js";

let w: CaseWorld;
let operator: TestUser;
let headers: Record<string, string>;
let n = 0;
beforeAll(async () => {
  w = await buildCaseWorld();
  operator = await buildUser(w.t.database, [{ role: "operator", region: "131002" }]);
  headers = await sessionHeaders(w.t.database, operator);
});
afterAll(async () => w.t.close());

const db = () => w.t.database.db;
const intake = (body: Record<string, unknown> = {}, h = headers) =>
  w.t.app.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { ...h, "idempotency-key": `inv-${++n}` },
    payload: {
      channel: "hotline",
      categoryCode: "sanitation.garbage",
      description: "小区门口垃圾三天没人清运了",
      location: w.inGrid,
      ...body,
    },
  });

describe("cache invalidation: a change in the database is seen by the next request", () => {
  it("the catalogue: a category switched off refuses appeals at once, and takes them when back", async () => {
    expect((await intake()).statusCode).toBe(201);
    await db().update(categories).set({ active: false }).where(eq(categories.code, "sanitation.garbage"));
    const refused = await intake();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("unknown_category");
    await db().update(categories).set({ active: true }).where(eq(categories.code, "sanitation.garbage"));
    expect((await intake()).statusCode).toBe(201);
  });

  it("the units: a unit renamed is named so in the next answer", async () => {
    const first = await intake();
    expect(first.statusCode).toBe(201);
    const unitId = first.json().assignedUnit.id as string;
    await db().update(organisations).set({ name: "改名后的网格站" }).where(eq(organisations.id, unitId));
    const next = await intake();
    expect(next.json().assignedUnit).toEqual({ id: unitId, name: "改名后的网格站" });
  });

  it("the session: a revoked role, a disabled account and an ended session take effect at once", async () => {
    const clerk = await buildUser(w.t.database, [{ role: "operator", region: "131002" }]);
    const h = await sessionHeaders(w.t.database, clerk);
    expect((await intake({}, h)).statusCode).toBe(201);
    await db().delete(roleBindings).where(eq(roleBindings.userId, clerk.id));
    expect((await intake({}, h)).statusCode).toBe(403);
    await db().insert(roleBindings).values({
      userId: clerk.id,
      role: "operator",
      scopeRegionCode: "131002",
      scopeDepartmentId: null,
      scopePath: "1310.131002",
    });
    expect((await intake({}, h)).statusCode).toBe(201);
    await db().update(users).set({ disabled: true }).where(eq(users.id, clerk.id));
    expect((await intake({}, h)).statusCode).toBe(401);
    await db().update(users).set({ disabled: false }).where(eq(users.id, clerk.id));
    expect((await intake({}, h)).statusCode).toBe(201);
    await db().delete(sessions).where(eq(sessions.userId, clerk.id));
    expect((await intake({}, h)).statusCode).toBe(401);
  });

  it("the session: an expiry cut short ends it at once; sliding it forward does not bump the counter", async () => {
    const clerk = await buildUser(w.t.database, [{ role: "operator", region: "131002" }]);
    const h = await sessionHeaders(w.t.database, clerk);
    expect((await intake({}, h)).statusCode).toBe(201);
    const before = (await cacheVersions(db())).access_version;
    expect((await intake({}, h)).statusCode).toBe(201);
    expect((await cacheVersions(db())).access_version).toBe(before);
    await db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(sessions.userId, clerk.id)));
    expect((await intake({}, h)).statusCode).toBe(401);
  });

  it("concurrent requests share one version read; a later request never uses an older one", async () => {
    const since = cacheClock();
    const reads = cacheVersionReads.count;
    await Promise.all(Array.from({ length: 8 }, () => cacheVersions(db(), since)));
    expect(cacheVersionReads.count - reads).toBe(1);
    // Already answered for `since`: no new read.
    await cacheVersions(db(), since);
    expect(cacheVersionReads.count - reads).toBe(1);
    // A request that begins now needs a read sent after it began.
    await cacheVersions(db());
    expect(cacheVersionReads.count - reads).toBe(2);
  });
});
