/**
 * The demo's year of dispute history: loads fast, once; every figure of the year shows something
 * (found and settled each month, the village share above the township's, referrals, alerts, the
 * county level, screening findings linked to "found" tasks), and the deadline scan finds nothing
 * left to remind about in history.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { runDisputeDeadlineScan } from "./deadline-scan.js";
import { loadDemoHistory } from "./demo-history.js";
import type { DisputeFiguresView, ScreeningFiguresView } from "./figures-schemas.js";
import { disputes, screeningTasks } from "./schema.js";
import { monthOf, previousMonth } from "./screening-workflow.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

describe("demo dispute history", () => {
  let t: TestApp;
  let w: MediationWorld;
  let loadMs = 0;
  let message: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    const started = performance.now();
    message = await loadDemoHistory(t.database.db);
    loadMs = performance.now() - started;
  });
  afterAll(async () => t.close());

  const figures = async (query: string) => {
    const res = await t.app.inject({
      url: `/api/v1/mediation/figures?${query}`,
      headers: w.headers.supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DisputeFiguresView>();
  };

  it("loads a year of disputes quickly, and only once", async () => {
    console.info(`demo history: ${message.join("; ")} in ${Math.round(loadMs)} ms`);
    expect(message[0]).toMatch(/^mediation history: \d+ disputes over 12 months/);
    expect(loadMs).toBeLessThan(20_000);
    expect(await loadDemoHistory(t.database.db)).toEqual([]);
  });

  it("gives every figure of the year something true to show", async () => {
    const now = new Date();
    const to = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = `${previousMonth(previousMonth(monthOf(now)))}-01`.replace(/^(\d{4})/, (y) =>
      String(Number(y) - 1),
    );
    const f = await figures(`from=${from}&to=${to}`);
    const c = f.figures.counts;
    expect(c.found).toBeGreaterThan(50);
    expect(c.foundByScreening).toBeGreaterThan(0);
    expect(c.settledWritten).toBeGreaterThan(c.settledOral);
    expect(c.notSettled).toBeGreaterThan(0);
    expect(c.repeatAlerts).toBeGreaterThan(0);
    expect(c.settledCounty).toBeGreaterThan(0);
    expect(c.settledVillage).toBeGreaterThan(c.settledTownship + c.settledCounty);
    expect(f.figures.rates.settlementRate.value).toBeGreaterThan(0.8);
    expect(f.figures.rates.withinDeadlineRate.value).toBeGreaterThan(0.75);
    expect(f.figures.rates.withinDeadlineRate.value).toBeLessThan(1);
    // Each of the twelve past months has disputes found and settled.
    let month = monthOf(now);
    for (let i = 0; i < 12; i++) {
      month = previousMonth(month);
      const [y, m] = month.split("-").map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const one = await figures(`from=${month}-01&to=${last}`);
      expect(one.figures.counts.found, month).toBeGreaterThan(0);
      if (i > 0) expect(one.figures.counts.settled, month).toBeGreaterThan(0);
    }
  });

  it("links screening findings to the villages' 'found' tasks, with some villages overdue", async () => {
    const last = previousMonth(monthOf(new Date()));
    const res = await t.app.inject({
      url: `/api/v1/mediation/figures/screening?month=${last}`,
      headers: w.headers.supervisor,
    });
    const s = res.json<ScreeningFiguresView>();
    expect(s.figures.done).toBeGreaterThan(0);
    expect(s.figures.disputesFound).toBeGreaterThan(0);
    const unlinked = await t.database.db
      .select({ id: disputes.id })
      .from(disputes)
      .where(and(eq(disputes.source, "screening"), sql`${disputes.screeningTaskId} is null`));
    expect(unlinked).toEqual([]);
    const overdue = await t.database.db
      .select({ id: screeningTasks.id })
      .from(screeningTasks)
      .where(isNotNull(screeningTasks.overdueAt));
    expect(overdue.length).toBeGreaterThan(0);
  });

  it("leaves the deadline scan nothing to remind about in history", async () => {
    const counts = await runDisputeDeadlineScan(t.database.db);
    expect(counts).toMatchObject({ warnings: 0, overdue: 0, followUpsDue: 0, judicialReminders: 0 });
  });
});
