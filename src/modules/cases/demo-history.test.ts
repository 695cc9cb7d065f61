import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEvents, caseExtensions, cases, caseWhistles, organisations } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { seedDemoCatalogue } from "../catalogue/seed-demo-catalogue.js";
import { generateDemoGrids } from "../grids/demo-grids.js";
import { locateGrid } from "../grids/grid-index.js";
import { seedDemoOrganisations } from "../organisations/seed-demo-organisations.js";
import { chinaDatePrefix } from "./case-number.js";
import { generateDemoHistory, type DemoHistoryResult } from "./demo-history.js";
import { targetStatus, type CaseAction } from "./state-table.js";

const N = 4000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("demo history", () => {
  let t: TestApp;
  let result: DemoHistoryResult;
  // The generator's clock at the last 11:00 in China (03:00 UTC) that has passed: late at night
  // the day's appeals have all been answered, and "dispatched" was empty when the suite ran then.
  const now = new Date(Math.floor((Date.now() - 3 * HOUR) / DAY) * DAY + 3 * HOUR);

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await generateDemoGrids(db, { city: "1310" });
    await seedDemoOrganisations(db);
    await seedDemoCatalogue(db);
    result = await generateDemoHistory(db, { cases: N, seed: 11, now });
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it("lands near the source document's shares", async () => {
    expect(result.cases).toBe(N);
    const admin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: "1310" }]),
    );
    const res = await t.app.inject({ method: "GET", url: "/api/v1/rates", headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json<{ figures: Record<string, { value: number; denominator: number | null }> }>().figures;
    expect(f.responseRate?.value).toBeGreaterThan(0.985);
    expect(f.resolutionRate?.value).toBeGreaterThan(0.96);
    expect(f.resolutionRate?.value).toBeLessThan(0.99);
    expect(f.satisfactionRate?.value).toBeGreaterThan(0.96);
    expect(f.satisfactionRate?.value).toBeLessThan(0.99);
    expect(f.gridVillageShare?.value).toBeGreaterThan(0.85);
    expect(f.gridVillageShare?.value).toBeLessThan(0.95);
    expect(f.onTimeRate?.value).toBeGreaterThan(0.9);
    expect(f.overdue?.value).toBeGreaterThan(0);
    // About a year, every month represented.
    const months = await t.database.db
      .select({ m: sql<string>`to_char(${cases.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM')` })
      .from(cases)
      .groupBy(sql`1`);
    expect(months.length).toBeGreaterThanOrEqual(12);
  });

  it("has cases in every state, and the odd send-back, escalation, whistle, extension and reopen", async () => {
    const db = t.database.db;
    const statuses = await db
      .select({ status: cases.status, n: sql<number>`count(*)::int` })
      .from(cases)
      .groupBy(cases.status);
    const by = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    for (const s of ["dispatched", "handling", "replied", "closed", "rejected", "merged"]) {
      expect(by[s] ?? 0, s).toBeGreaterThan(0);
    }
    expect((by.closed ?? 0) / N).toBeGreaterThan(0.9);
    const actions = await db
      .select({ action: caseEvents.action, n: sql<number>`count(distinct ${caseEvents.caseId})::int` })
      .from(caseEvents)
      .groupBy(caseEvents.action);
    const cased = Object.fromEntries(actions.map((a) => [a.action, a.n]));
    for (const a of [
      "send_back",
      "escalate",
      "whistle",
      "report",
      "request_extension",
      "decide_extension",
      "verify",
      "urge",
      "deadline_overdue",
      "supervisor_decide",
    ]) {
      expect(cased[a] ?? 0, a).toBeGreaterThan(0);
    }
    const [reopened] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(sql`${cases.reopenCount} > 0`);
    expect((reopened?.n ?? 0) / N).toBeGreaterThan(0.01);
    expect((reopened?.n ?? 0) / N).toBeLessThan(0.08);
    const [whistles] = await db.select({ n: sql<number>`count(*)::int` }).from(caseWhistles);
    const [extensions] = await db.select({ n: sql<number>`count(*)::int` }).from(caseExtensions);
    expect(whistles?.n).toBe(result.whistles);
    expect(extensions?.n).toBe(result.extensions);
    // Open and overdue work in the last weeks, as a supervisor's board would show.
    const [recentOverdue] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(
        sql`${cases.status} in ('dispatched', 'handling') and ${cases.handleDueAt} < ${now.toISOString()}::timestamptz
          and ${cases.createdAt} > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz`,
      );
    expect(recentOverdue?.n).toBeGreaterThan(0);
  });

  it("tells every case as a legal timeline in time order, matching its columns", async () => {
    const db = t.database.db;
    const rows = await db.select().from(cases);
    const events = await db.select().from(caseEvents).orderBy(asc(caseEvents.caseId), asc(caseEvents.id));
    expect(events.length).toBe(result.events);
    const byCase = new Map<string, (typeof events)[number][]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    const ids = new Set(rows.map((r) => r.id));
    const numbers = new Set<string>();
    for (const c of rows) {
      const list = byCase.get(c.id) ?? [];
      expect(list[0]?.action, c.number).toBe("intake");
      expect(list[0]?.at.getTime()).toBe(c.createdAt.getTime());
      let previous: (typeof list)[number] | undefined;
      for (const e of list) {
        expect(e.at.getTime(), `${c.number} ${e.action}`).toBeLessThanOrEqual(now.getTime());
        if (previous) {
          expect(e.at.getTime(), `${c.number} ${e.action}`).toBeGreaterThanOrEqual(previous.at.getTime());
          expect(e.fromStatus, `${c.number} ${e.action}`).toBe(previous.toStatus);
          // The state table allows every step.
          expect(
            targetStatus(e.action as CaseAction, previous.toStatus, e.toStatus),
            `${c.number} ${e.action}`,
          ).toBe(e.toStatus);
        }
        previous = e;
      }
      expect(c.status).toBe(previous?.toStatus);
      expect(c.version).toBe(list.length);
      const firstRespond = list.find((e) => e.action === "respond");
      expect(c.respondedAt?.getTime() ?? null).toBe(firstRespond?.at.getTime() ?? null);
      if (c.status === "closed") expect(c.closedAt).not.toBeNull();
      if (c.status === "merged") {
        expect(c.mergedIntoId !== null && ids.has(c.mergedIntoId)).toBe(true);
      }
      expect(c.number).toMatch(/^\d{12}$/);
      expect(c.number.slice(0, 6)).toBe(chinaDatePrefix(c.createdAt));
      numbers.add(c.number);
      if (c.reporterPhone !== null) expect(c.reporterPhone).toMatch(/^100\d{8}$/);
    }
    expect(numbers.size).toBe(rows.length);
  });

  it("places cases in their grid and with the unit of their level", async () => {
    const db = t.database.db;
    const sample = await db.select().from(cases).orderBy(asc(cases.number)).limit(200);
    const orgs = new Map(
      (
        await db
          .select({ id: organisations.id, kind: organisations.kind, regionCode: organisations.regionCode })
          .from(organisations)
      ).map((o) => [o.id, o]),
    );
    const kindOfLevel = {
      grid: "grid_post",
      village: "village_committee",
      township: "township_centre",
      department: "department",
    };
    for (const c of sample) {
      if (c.lon === null || c.lat === null) throw new Error("demo case without a point");
      expect((await locateGrid(db, c.lon, c.lat))?.code, c.number).toBe(c.gridCode);
      if (c.status === "triage" || c.status === "rejected" || c.status === "merged") continue;
      const unit = c.assignedOrgId ? orgs.get(c.assignedOrgId) : undefined;
      expect(unit && c.handlingLevel ? unit.kind : null, c.number).toBe(
        c.handlingLevel ? kindOfLevel[c.handlingLevel] : null,
      );
      if (unit && unit.kind !== "department") expect(c.regionPath.split(".")).toContain(unit.regionCode);
    }
  });

  it("draws numbers from the intake sequence, so another batch never collides", async () => {
    const db = t.database.db;
    const more = await generateDemoHistory(db, { cases: 50, seed: 12, now });
    expect(more.cases).toBe(50);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int`, numbers: sql<number>`count(distinct ${cases.number})::int` })
      .from(cases);
    expect(count).toEqual({ n: N + 50, numbers: N + 50 });
  });
});
