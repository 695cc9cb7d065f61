import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, workflowEvents } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import type { WorldRole } from "../cases/actions/test-factory.js";
import { disputes, mediationCommittees, screeningTasks } from "./schema.js";
import type { ScreeningList, ScreeningTaskItem } from "./schemas.js";
import { planScreeningTasks, runScreeningScan } from "./screening-scan.js";
import { monthEnd, monthOf, previousMonth } from "./screening-workflow.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";
import { buildWorld } from "../cases/actions/test-factory.js";
import { DEMO_PASSWORD, seedDemoAccounts } from "../accounts/index.js";
import { loadDemoMediation } from "./demo-disputes.js";
import { loadDemoScreening } from "./demo-screening.js";

describe("monthly screening (排查)", () => {
  let t: TestApp;
  let w: MediationWorld;
  let villages = 0;
  const month = monthOf(new Date());

  const list = async (who: WorldRole, m = month) => {
    const res = await t.app.inject({
      url: `/api/v1/mediation/screening-tasks?month=${m}`,
      headers: w.headers[who],
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ScreeningList>();
  };
  const taskOf = async (region: string, m = month) => {
    const [row] = await t.database.db
      .select()
      .from(screeningTasks)
      .where(and(eq(screeningTasks.regionCode, region), eq(screeningTasks.month, m)));
    if (!row) throw new Error(`no task of ${region} in ${m}`);
    return row;
  };
  const record = (who: WorldRole, id: string, body: object) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/mediation/screening-tasks/${id}/record`,
      headers: w.headers[who],
      payload: body,
    });
  const finding = (facts: string) => ({
    typeCode: "neighbour",
    facts,
    parties: [{ role: "applicant", name: "排查甲" }],
  });
  /** Another village of the test world's township (its committee seeded with the county's). */
  const otherVillage = async () => {
    const res: unknown = await t.database.db.execute(
      sql`select code from regions where parent_code = ${w.township} and level = 'village' and code <> ${w.village} order by code limit 1`,
    );
    const code = (res as { rows: { code: string }[] }).rows[0]?.code;
    if (!code) throw new Error("no second village");
    return code;
  };

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    villages = (
      await t.database.db
        .select({ id: mediationCommittees.id })
        .from(mediationCommittees)
        .where(eq(mediationCommittees.level, "village"))
    ).length;
  });
  afterAll(async () => t.close());

  it("plans each village's task for the month exactly once, however many scans run at once", async () => {
    const runs = await Promise.all([1, 2, 3].map(() => runScreeningScan(t.database.db, { batchSize: 7 })));
    expect(runs.reduce((n, r) => n + r.planned, 0)).toBe(villages);
    expect((await runScreeningScan(t.database.db)).planned).toBe(0);
    const tasks = await t.database.db.select().from(screeningTasks).where(eq(screeningTasks.month, month));
    expect(tasks).toHaveLength(villages);
    const task = await taskOf(w.village);
    expect(task.status).toBe("pending");
    expect(task.dueAt.toISOString()).toBe(monthEnd(month).toISOString());
    // Due at the first instant of next month, China time.
    expect(new Date(task.dueAt.getTime() + 8 * 3_600_000).toISOString().slice(8, 19)).toBe("01T00:00:00");
    const plans = await t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectType, "screening_task"), eq(workflowEvents.action, "plan")));
    expect(plans).toHaveLength(villages);
  });

  it("shows the village its own task, the township its villages', the county all, with state", async () => {
    const village = await list("villageStaff");
    expect(village.items.map((i) => i.regionCode)).toEqual([w.village]);
    expect(village.items[0]).toMatchObject({ state: "pending", canRecord: true, disputes: [] });
    const township = await list("dispatcher");
    expect(township.items.length).toBeGreaterThan(1);
    expect(township.items.every((i) => i.townshipName !== null && i.canRecord === false)).toBe(true);
    expect(township.summary).toMatchObject({ total: township.items.length, done: 0 });
    const county = await list("supervisor");
    expect(county.items).toHaveLength(villages);
    const other = await list("outsider");
    expect(other.items.some((i) => i.regionCode === w.village)).toBe(false);
    // Who does not follow screening: 403; no session: 401; a bad month: 400.
    const grid = await t.app.inject({
      url: "/api/v1/mediation/screening-tasks",
      headers: w.headers.gridWorker,
    });
    expect(grid.statusCode).toBe(403);
    expect((await t.app.inject({ url: "/api/v1/mediation/screening-tasks" })).statusCode).toBe(401);
    const bad = await t.app.inject({
      url: "/api/v1/mediation/screening-tasks?month=2026-13",
      headers: w.headers.villageStaff,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeTypeOf("string");
  });

  it("records none found once; a second record is 409 and the township sees it done", async () => {
    const task = await taskOf(w.village);
    const mixed = await record("villageStaff", task.id, { result: "none_found", disputes: [finding("x")] });
    expect(mixed.statusCode).toBe(400);
    const empty = await record("villageStaff", task.id, { result: "found" });
    expect(empty.statusCode).toBe(400);
    const stale = await record("villageStaff", task.id, { result: "none_found", version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_screening");
    // The township follows but does not record (403); another village's staff does not find it.
    expect((await record("dispatcher", task.id, { result: "none_found" })).statusCode).toBe(403);
    const ok = await record("villageStaff", task.id, { result: "none_found", version: task.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<ScreeningTaskItem>()).toMatchObject({
      state: "done",
      result: "none_found",
      canRecord: false,
    });
    const twice = await record("villageStaff", task.id, { result: "none_found" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("screening_recorded");
    // Registering a finding against a task recorded as none found is refused too, and leaves no dispute.
    const before = (await t.database.db.select({ id: disputes.id }).from(disputes)).length;
    const late = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.villageStaff,
      payload: { source: "screening", regionCode: w.village, screeningTaskId: task.id, ...finding("y") },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("screening_recorded");
    expect((await t.database.db.select({ id: disputes.id }).from(disputes)).length).toBe(before);
    const township = await list("dispatcher");
    expect(township.items.find((i) => i.regionCode === w.village)).toMatchObject({
      state: "done",
      result: "none_found",
    });
    expect(township.summary.done).toBe(1);
  });

  it("records found with disputes registered in the request and linked, in one transaction", async () => {
    const village = await otherVillage();
    const staff = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.dispatcher,
      payload: { source: "screening", regionCode: village, ...finding("先登记的排查纠纷") },
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const earlier = staff.json<{ id: string; number: string }>();
    // The world's village staff member is not this village's: its task is not found.
    const task = await taskOf(village);
    expect((await record("villageStaff", task.id, { result: "none_found" })).statusCode).toBe(404);
    // Record it as that village's staff would: a staff user bound to it.
    const user = await buildUser(t.database, [{ role: "village_staff", region: village }]);
    const headers = await sessionHeaders(t.database, user);
    const post = (body: object) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/mediation/screening-tasks/${task.id}/record`,
        headers,
        payload: body,
      });
    // A walk-in dispute is no screening finding: 409, and nothing was written.
    const walkIn = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers,
      payload: { source: "walk_in", regionCode: village, ...finding("来访") },
    });
    const notLinkable = await post({
      result: "found",
      disputes: [finding("不应留下")],
      disputeIds: [walkIn.json<{ id: string }>().id],
    });
    expect(notLinkable.statusCode).toBe(409);
    expect(notLinkable.json().error.code).toBe("dispute_not_linkable");
    const left = await t.database.db.select().from(disputes).where(eq(disputes.facts, "不应留下"));
    expect(left).toHaveLength(0);
    const res = await post({
      result: "found",
      disputes: [finding("排查发现的宅基地纠纷")],
      disputeIds: [earlier.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json<ScreeningTaskItem>();
    expect(item).toMatchObject({ state: "done", result: "found", canRecord: true });
    expect(item.disputes).toHaveLength(2);
    const linked = await t.database.db.select().from(disputes).where(eq(disputes.screeningTaskId, task.id));
    expect(linked.map((d) => d.source)).toEqual(["screening", "screening"]);
    // A further finding this month, registered on the dispute form, joins the task.
    const more = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers,
      payload: { source: "screening", regionCode: village, screeningTaskId: task.id, ...finding("又发现") },
    });
    expect(more.statusCode, more.body).toBe(201);
    expect((await list("dispatcher")).items.find((i) => i.id === task.id)?.disputes).toHaveLength(3);
    // screeningTaskId belongs to screening findings only.
    const wrongSource = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers,
      payload: { source: "walk_in", regionCode: village, screeningTaskId: task.id, ...finding("错") },
    });
    expect(wrongSource.statusCode).toBe(400);
  });

  it("registering a finding records a pending task as found", async () => {
    const village = await otherVillage();
    const codes: unknown = await t.database.db.execute(
      sql`select code from regions where parent_code = ${w.township} and level = 'village' and code not in (${w.village}, ${village}) order by code limit 1`,
    );
    const third = (codes as { rows: { code: string }[] }).rows[0]?.code ?? "";
    const task = await taskOf(third);
    const headers = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "village_staff", region: third }]),
    );
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers,
      payload: { source: "screening", regionCode: third, screeningTaskId: task.id, ...finding("登记页发现") },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = await taskOf(third);
    expect(after).toMatchObject({ status: "done", result: "found" });
  });

  it("marks a month that ended unrecorded overdue once, tells the village and township, and closes it", async () => {
    const past = previousMonth(month);
    const start = new Date(monthEnd(previousMonth(past)).getTime() + 3_600_000);
    await t.database.db.transaction((tx) => planScreeningTasks(tx, past, start));
    const task = await taskOf(w.village, past);
    const runs = await Promise.all([1, 2].map(() => runScreeningScan(t.database.db, { batchSize: 5 })));
    const overdue = runs.reduce((n, r) => n + r.overdue, 0);
    expect(overdue).toBe(villages);
    expect((await runScreeningScan(t.database.db)).overdue).toBe(0);
    const marks = await t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, task.id), eq(workflowEvents.action, "overdue")));
    expect(marks).toHaveLength(1);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectId, task.id), eq(notifications.kind, "screening_overdue")));
    expect(told.map((n) => n.recipientOrgId).sort()).toEqual(
      [w.units.villageCommittee, w.units.townshipCentre].sort(),
    );
    const shown = (await list("dispatcher", past)).items.find((i) => i.id === task.id);
    expect(shown).toMatchObject({ state: "overdue", canRecord: false });
    const closed = await record("villageStaff", task.id, { result: "none_found" });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe("screening_month_closed");
    const unknown = await record("villageStaff", "00000000-0000-4000-8000-000000000000", {
      result: "none_found",
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBeTypeOf("string");
  });
});

describe("screening demo step", () => {
  it("makes four months of tasks: past ones recorded but one overdue, this month's findings linked, once", async () => {
    const t = await buildTestApp();
    try {
      await buildWorld(t);
      await seedDemoAccounts(t.database.db);
      await loadDemoMediation(t.database.db);
      const lines = await loadDemoScreening(t.database.db);
      expect(lines.join(" ")).toMatch(/4 months of tasks/);
      expect(await loadDemoScreening(t.database.db)).toEqual([]);
      const tasks = await t.database.db.select().from(screeningTasks);
      const current = monthOf(new Date());
      const last = previousMonth(current);
      expect(new Set(tasks.map((x) => x.month)).size).toBe(4);
      const past = tasks.filter((x) => x.month !== current);
      const overdue = past.filter((x) => x.status === "pending");
      expect(overdue).toHaveLength(1);
      expect(overdue[0]?.month).toBe(last);
      expect(overdue[0]?.overdueAt).not.toBeNull();
      // Every record lies within its month.
      for (const x of tasks.filter((x) => x.recordedAt !== null)) {
        expect(monthOf(x.recordedAt ?? new Date(0)), x.month).toBe(x.month);
      }
      // The demo village found the mediation demo's screening disputes this month.
      const found = tasks.filter((x) => x.month === current && x.result === "found");
      expect(found).toHaveLength(1);
      const linked = await t.database.db
        .select()
        .from(disputes)
        .where(eq(disputes.screeningTaskId, found[0]?.id ?? ""));
      expect(linked.length).toBeGreaterThan(0);
      expect(linked.every((d) => d.source === "screening")).toBe(true);
      // The second demo village's task of this month is still to record.
      const login = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "village_staff2", password: DEMO_PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === "mg_session")?.value ?? "";
      const list = await t.app.inject({
        url: "/api/v1/mediation/screening-tasks",
        cookies: { mg_session: cookie },
      });
      expect(list.json<ScreeningList>().items).toMatchObject([{ state: "pending", canRecord: true }]);
    } finally {
      await t.close();
    }
  });
});
