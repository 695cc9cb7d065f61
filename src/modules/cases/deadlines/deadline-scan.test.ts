import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import type { Db } from "../../../db/client.js";
import { caseEvents, cases, caseWhistles, notifications, settings } from "../../../db/schema.js";
import { transition } from "../transition.js";
import { CASE_DEADLINE_SCAN, DEADLINE_SCAN_LOCK_KEY, runDeadlineScan } from "./run-deadline-scan.js";
import { startScheduler } from "../../../core/scheduler/start-scheduler.js";
import { buildCase, buildLadder, type Ladder } from "./test-fixtures.js";

const HOUR = 3_600_000;
/** Every test's clock starts here; cases are created at T0 and scans run at T0 + n hours. */
const T0 = new Date("2026-03-02T00:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

describe("deadline scheduler", () => {
  let t: TestApp;
  let db: Db;
  let ladder: Ladder;

  beforeAll(async () => {
    t = await buildTestApp();
    db = t.database.db;
    ladder = await buildLadder(db);
  });
  afterAll(async () => t?.close());

  /** Events of a case, oldest first. */
  const eventsOf = (caseId: string) =>
    db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
  const notificationsOf = (caseId: string) =>
    db.select().from(notifications).where(eq(notifications.subjectId, caseId)).orderBy(asc(notifications.id));
  const caseRow = async (id: string) => {
    const [row] = await db.select().from(cases).where(eq(cases.id, id));
    if (!row) throw new Error("case vanished");
    return row;
  };
  /** Closes the cases of earlier tests: they may be due at the same clock, and each test counts its own. */
  const closeOthers = () =>
    db
      .update(cases)
      .set({ status: "closed" })
      .where(sql`true`);

  it("warns, marks overdue and escalates a case, each exactly once, with events and notifications", async () => {
    await closeOthers();
    const id = await buildCase(db, ladder, {
      createdAt: T0,
      responseDueAt: at(10),
      handleDueAt: at(100),
    });

    expect((await runDeadlineScan(db, { now: at(7.9) })).responseWarnings).toBe(0);

    // 80% of the 10-hour response window is 8 hours.
    const warned = await runDeadlineScan(db, { now: at(8.5) });
    expect(warned).toMatchObject({
      responseWarnings: 1,
      responseOverdue: 0,
      handleWarnings: 0,
      notifications: 1,
    });
    expect((await runDeadlineScan(db, { now: at(9) })).responseWarnings).toBe(0);

    const overdue = await runDeadlineScan(db, { now: at(11) });
    expect(overdue).toMatchObject({ responseWarnings: 0, responseOverdue: 1, notifications: 2 });
    expect((await runDeadlineScan(db, { now: at(12) })).responseOverdue).toBe(0);

    let events = await eventsOf(id);
    expect(events.map((e) => [e.action, (e.data as { deadline: string }).deadline])).toEqual([
      ["deadline_warning", "response"],
      ["deadline_overdue", "response"],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ fromStatus: "dispatched", toStatus: "dispatched", actorLabel: "system" });
      expect(e.actorUserId).toBeNull();
      expect(e.data).toMatchObject({ dueAt: at(10).toISOString() });
    }
    expect(events[0]?.at.toISOString()).toBe(at(8.5).toISOString());
    let notes = await notificationsOf(id);
    // The warning to the unit only; the overdue mark also to the supervising township centre.
    expect(notes.map((n) => [n.kind, n.recipientOrgId, n.channel])).toEqual([
      ["deadline_warning", ladder.village, "in_app"],
      ["deadline_overdue", ladder.village, "in_app"],
      ["deadline_overdue", ladder.township, "in_app"],
    ]);
    expect(notes.every((n) => n.deliveredAt !== null)).toBe(true);
    expect(notes[0]?.title).toContain("响应时限");
    // Deadline marks do not bump the version: a handler's next action is not refused as stale.
    const marked = await caseRow(id);
    expect(marked.version).toBe(1);
    expect(marked.responseWarnedAt?.toISOString()).toBe(at(8.5).toISOString());
    expect(marked.responseOverdueAt?.toISOString()).toBe(at(11).toISOString());

    // The unit responds: the response deadline stops applying, the handle deadline goes on.
    await db.transaction((tx) =>
      transition(tx, {
        caseId: id,
        action: "respond",
        actor: { userId: null, orgId: ladder.village },
        expectedVersion: 1,
        set: { respondedAt: at(13) },
      }),
    );
    expect(await runDeadlineScan(db, { now: at(79) })).toMatchObject({ handleWarnings: 0, notifications: 0 });
    expect((await runDeadlineScan(db, { now: at(81) })).handleWarnings).toBe(1);
    expect((await runDeadlineScan(db, { now: at(101) })).handleOverdue).toBe(1);
    // Overdue by less than the 24-hour grace: not escalated yet.
    expect((await runDeadlineScan(db, { now: at(123) })).escalations).toBe(0);
    const escalated = await runDeadlineScan(db, { now: at(125) });
    expect(escalated).toMatchObject({ escalations: 1, handleOverdue: 0, notifications: 2 });
    expect((await runDeadlineScan(db, { now: at(500) })).escalations).toBe(0);

    const after = await caseRow(id);
    expect(after).toMatchObject({
      status: "dispatched",
      assignedOrgId: ladder.township,
      handlingLevel: "township",
      version: 3,
    });
    expect(after.autoEscalatedAt?.toISOString()).toBe(at(125).toISOString());
    events = await eventsOf(id);
    expect(events.map((e) => e.action)).toEqual([
      "deadline_warning",
      "deadline_overdue",
      "respond",
      "deadline_warning",
      "deadline_overdue",
      "escalate",
    ]);
    expect(events[5]).toMatchObject({ fromStatus: "handling", toStatus: "dispatched", actorLabel: "system" });
    expect(events[5]?.data).toMatchObject({
      auto: true,
      fromOrgId: ladder.village,
      toOrgId: ladder.township,
    });
    notes = await notificationsOf(id);
    expect(notes.filter((n) => n.kind === "case_escalated").map((n) => n.recipientOrgId)).toEqual([
      ladder.township,
      ladder.village,
    ]);
    expect(notes).toHaveLength(3 + 1 + 2 + 2);
  });

  it("claims each mark once when several scans run at the same moment", async () => {
    await closeOthers();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(await buildCase(db, ladder, { createdAt: T0, responseDueAt: at(1), handleDueAt: at(2) }));
    }
    // Already past both deadlines: each case gets both warnings and both overdue marks, once.
    const runs = await Promise.all(
      Array.from({ length: 5 }, () => runDeadlineScan(db, { now: at(3), batchSize: 4 })),
    );
    const total = (k: "responseWarnings" | "responseOverdue" | "handleWarnings" | "handleOverdue") =>
      runs.reduce((sum, r) => sum + r[k], 0);
    expect([
      total("responseWarnings"),
      total("responseOverdue"),
      total("handleWarnings"),
      total("handleOverdue"),
    ]).toEqual([30, 30, 30, 30]);
    const perCase = await db
      .select({
        caseId: caseEvents.caseId,
        action: caseEvents.action,
        deadline: sql<string>`${caseEvents.data} ->> 'deadline'`,
        n: sql<number>`count(*)::int`,
      })
      .from(caseEvents)
      .where(inArray(caseEvents.caseId, ids))
      .groupBy(caseEvents.caseId, caseEvents.action, sql`${caseEvents.data} ->> 'deadline'`);
    expect(perCase).toHaveLength(30 * 4);
    expect(perCase.every((r) => r.n === 1)).toBe(true);
    const [noteCount] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(inArray(notifications.subjectId, ids));
    // Per case: two warnings to the unit, two overdue marks to the unit and the centre.
    expect(noteCount?.n).toBe(30 * 6);

    // Past the 24-hour grace: every case escalated once, however many scans race for it.
    const later = await Promise.all(
      Array.from({ length: 5 }, () => runDeadlineScan(db, { now: at(27), batchSize: 4 })),
    );
    expect(later.reduce((sum, r) => sum + r.escalations, 0)).toBe(30);
    const escalations = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseEvents)
      .where(and(inArray(caseEvents.caseId, ids), eq(caseEvents.action, "escalate")));
    expect(escalations[0]?.n).toBe(30);
  });

  it("follows policy settings, the escalation ladder and each unit's supervising centre", async () => {
    await closeOthers();
    await db
      .insert(settings)
      .values([
        { key: "auto_escalate_after_hours", value: 2 },
        { key: "deadline_warning_fraction", value: 0.5 },
      ])
      .onConflictDoNothing();
    const base = { createdAt: T0, respondedAt: at(1), status: "handling" as const, handleDueAt: at(10) };
    const grid = await buildCase(db, ladder, {
      ...base,
      regionCode: ladder.gridCode,
      gridCode: ladder.gridCode,
      assignedOrgId: ladder.gridPost,
      handlingLevel: "grid",
    });
    const township = await buildCase(db, ladder, { ...base, assignedOrgId: ladder.township });
    const department = await buildCase(db, ladder, { ...base, assignedOrgId: ladder.department });
    const county = await buildCase(db, ladder, { ...base, assignedOrgId: ladder.county });
    // In triage, no unit yet: it is the township centre's queue; not escalated (not being handled).
    const triage = await buildCase(db, ladder, { ...base, status: "triage", assignedOrgId: null });
    const replied = await buildCase(db, ladder, { ...base, status: "replied", repliedAt: at(5) });

    // Half of the 10-hour window.
    expect((await runDeadlineScan(db, { now: at(4.9) })).handleWarnings).toBe(0);
    expect((await runDeadlineScan(db, { now: at(5.1) })).handleWarnings).toBe(5);
    const overdue = await runDeadlineScan(db, { now: at(11) });
    expect(overdue).toMatchObject({ handleOverdue: 5, escalations: 0 });
    const supervisorOf = async (caseId: string) =>
      (await notificationsOf(caseId))
        .filter((n) => n.kind === "deadline_overdue")
        .map((n) => n.recipientOrgId)
        .sort();
    expect(await supervisorOf(grid)).toEqual([ladder.gridPost, ladder.township].sort());
    expect(await supervisorOf(township)).toEqual([ladder.township, ladder.county].sort());
    expect(await supervisorOf(department)).toEqual([ladder.department, ladder.county].sort());
    expect(await supervisorOf(triage)).toEqual([ladder.township, ladder.county].sort());
    expect(await notificationsOf(replied)).toEqual([]);

    // Two hours' grace from the setting: grid → village, township → county, department → county.
    expect((await runDeadlineScan(db, { now: at(13) })).escalations).toBe(3);
    expect((await caseRow(grid)).assignedOrgId).toBe(ladder.village);
    expect((await caseRow(township)).assignedOrgId).toBe(ladder.county);
    expect((await caseRow(department)).assignedOrgId).toBe(ladder.county);
    // The county centre is the top of the ladder; triage is nobody's handling yet.
    expect((await caseRow(county)).autoEscalatedAt).toBeNull();
    expect((await caseRow(triage)).status).toBe("triage");
    expect((await runDeadlineScan(db, { now: at(50) })).escalations).toBe(0);
    await db
      .delete(settings)
      .where(inArray(settings.key, ["auto_escalate_after_hours", "deadline_warning_fraction"]));
  });

  it("marks a whistled unit that did not report in time, once", async () => {
    await closeOthers();
    const id = await buildCase(db, ladder, { status: "handling", respondedAt: T0, createdAt: T0 });
    const [late] = await db
      .insert(caseWhistles)
      .values({ caseId: id, countyCode: "131002", orgId: ladder.department, reportDueAt: at(4) })
      .returning();
    await db.insert(caseWhistles).values({
      caseId: id,
      countyCode: "131002",
      orgId: ladder.county,
      reportDueAt: at(4),
      reportedAt: at(3),
    });
    expect((await runDeadlineScan(db, { now: at(3.9) })).whistlesOverdue).toBe(0);
    const runs = await Promise.all([
      runDeadlineScan(db, { now: at(5) }),
      runDeadlineScan(db, { now: at(5) }),
    ]);
    expect(runs.map((r) => r.whistlesOverdue).sort()).toEqual([0, 1]);
    const [row] = await db
      .select()
      .from(caseWhistles)
      .where(eq(caseWhistles.id, late?.id ?? ""));
    expect(row?.overdueAt?.toISOString()).toBe(at(5).toISOString());
    const notes = (await notificationsOf(id)).filter((n) => n.kind === "whistle_overdue");
    expect(notes.map((n) => n.recipientOrgId)).toEqual([ladder.department, ladder.village]);
  });

  it("with exclusive, a scan gives way to one that holds the lock", async (ctx) => {
    // PGlite has one connection: a scan cannot run while another transaction holds it.
    if (t.database.kind === "pglite") ctx.skip();
    await closeOthers();
    const id = await buildCase(db, ladder, { createdAt: T0, responseDueAt: at(1), handleDueAt: at(2) });
    const inside = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${DEADLINE_SCAN_LOCK_KEY}::bigint)`);
      return runDeadlineScan(db, { now: at(3), exclusive: true });
    });
    expect(inside).toMatchObject({ skipped: true, responseWarnings: 0 });
    expect(await runDeadlineScan(db, { now: at(3), exclusive: true })).toMatchObject({
      skipped: false,
      responseWarnings: 1,
      handleOverdue: 1,
    });
    expect(await eventsOf(id)).toHaveLength(4);
  });

  it("runs in a loop until stopped", async () => {
    await closeOthers();
    // Real clock: due an hour ago.
    const now = Date.now();
    const id = await buildCase(db, ladder, {
      createdAt: new Date(now - 3 * HOUR),
      responseDueAt: new Date(now - HOUR),
      handleDueAt: new Date(now + 100 * HOUR),
    });
    const logged: string[] = [];
    const scheduler = startScheduler(db, {
      intervalMs: 20,
      deadlineScans: [CASE_DEADLINE_SCAN],
      log: { info: (_o, msg) => logged.push(msg), error: (_o, msg) => logged.push(msg) },
    });
    try {
      await expect
        .poll(async () => (await eventsOf(id)).map((e) => e.action), { timeout: 10_000 })
        .toEqual(["deadline_warning", "deadline_overdue"]);
    } finally {
      await scheduler.stop();
    }
    expect(logged).toContain("deadline scan");
    expect(logged).not.toContain("scheduler tick failed");
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, id)));
    expect(row?.n).toBe(2);
  });
});
