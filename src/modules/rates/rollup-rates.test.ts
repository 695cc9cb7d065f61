/**
 * The roll-ups answer exactly what the plain aggregate over `cases` answers: after random
 * inserts, updates of every column a figure reads, merges and deletes (one row or many per
 * statement), and after a rebuild from scratch (the migration's backfill).
 */
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cases,
  categories,
  organisations,
  rateRollups,
  regions,
  type CaseStatus,
  type HandlingLevel,
  type Satisfaction,
} from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { Actor } from "../../core/access/actor.js";
import { seededRandom } from "../grids/demo-grids.js";
import { seedDemoOrganisations } from "../organisations/seed-demo-organisations.js";
import { computeBreakdown, computeBreakdownPlain, computeRates, computeRatesPlain } from "./compute-rates.js";
import { resolveRateScope } from "./rate-scope.js";
import { DEFAULT_BASIC_WEIGHT, DEFAULT_WEIGHTS } from "./rate-settings.js";
import { periodParts } from "./rollup-rates.js";
import { BREAKDOWN_DIMENSIONS, type RateScopeReq } from "./schemas.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const settings = { basicWeight: DEFAULT_BASIC_WEIGHT, weights: { ...DEFAULT_WEIGHTS } };
const chinaDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

function actor(scopePath: string, scopeDepartmentId: string | null = null): Actor {
  return {
    userId: crypto.randomUUID(),
    username: "reader",
    displayName: "reader",
    organisationId: null,
    bindings: [
      {
        role: scopeDepartmentId ? "department_handler" : "supervisor",
        scopePath,
        scopeRegionCode: scopeDepartmentId ? null : (scopePath.split(".").pop() ?? null),
        scopeDepartmentId,
      },
    ],
  };
}

describe("rate roll-ups", () => {
  let t: TestApp;
  const random = seededRandom(9090);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = (p: number) => random() < p;
  const now = Date.now();
  let villages: { code: string; path: string; county: string | null }[] = [];
  let departments: string[] = [];
  let otherOrgs: string[] = [];
  let township = "";
  let townshipPath = "";
  let county = "";
  const categoryCodes = ["r-sanitation", "r-roads", null];

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await seedDemoOrganisations(db);
    await db.insert(categories).values(
      ["r-sanitation", "r-roads"].map((code) => ({
        code,
        name: code,
        nameEn: code,
        handlingLevel: "grid" as const,
        responseHours: 2,
        handleHours: 24,
        deadlineKind: "calendar" as const,
      })),
    );
    const all = await db
      .select({ code: regions.code, path: sql<string>`${regions.path}::text`, county: regions.countyCode })
      .from(regions)
      .where(eq(regions.level, "village"))
      .orderBy(asc(regions.code));
    villages = [...all.filter((v) => v.county === "131002").slice(0, 4), ...all.slice(-2)];
    const first = villages[0];
    if (!first) throw new Error("no villages");
    townshipPath = first.path.split(".").slice(0, 3).join(".");
    township = townshipPath.split(".")[2] ?? "";
    county = "131002";
    const orgs = await db
      .select({
        id: organisations.id,
        kind: organisations.kind,
        path: sql<string>`${organisations.regionPath}::text`,
      })
      .from(organisations)
      .orderBy(asc(organisations.id));
    // Departments a county-131002 caller may name: the city's and the county's own (another
    // county's department does not exist for that caller, as another county's region does not).
    departments = orgs
      .filter((o) => o.kind === "department" && (o.path === "1310" || o.path.startsWith("1310.131002")))
      .map((o) => o.id)
      .slice(0, 3);
    if (departments.length < 2) throw new Error("fewer than two departments within the county's reach");
    otherOrgs = orgs
      .filter((o) => o.kind !== "department")
      .map((o) => o.id)
      .slice(0, 2);
  });

  afterAll(async () => {
    await t?.close();
  });

  const date = (base: number, spanHours: number) => {
    const at = base + (random() * 2 - 1) * spanHours * HOUR;
    // Deadlines stay clear of now by an hour, so "due by now" cannot flip while the test runs.
    return new Date(Math.abs(at - now) < HOUR ? at + 2 * HOUR : at);
  };

  /** A random value for every column a figure reads. */
  function randomColumns(created: number) {
    const replied = maybe(0.6) ? date(created + 3 * DAY, 40) : null;
    const evaluated = replied !== null && maybe(0.7);
    return {
      status: pick<CaseStatus>([
        "triage",
        "dispatched",
        "handling",
        "replied",
        "supervisor_review",
        "closed",
        "closed",
        "rejected",
        "merged",
      ]),
      assignedOrgId: pick([...departments, ...otherOrgs, null]),
      leadOrgId: pick([...departments, ...otherOrgs, null]),
      categoryCode: pick(categoryCodes),
      responseDueAt: maybe(0.9) ? date(created + 6 * HOUR, 5) : null,
      handleDueAt: maybe(0.9) ? date(created + 3 * DAY, 40) : null,
      respondedAt: maybe(0.7) ? date(created + 5 * HOUR, 4) : null,
      repliedAt: replied,
      solvedLevel:
        replied === null ? null : pick<HandlingLevel | null>(["grid", "village", "township", null]),
      evaluatedAt: evaluated ? new Date((replied?.getTime() ?? now) + HOUR) : null,
      resolved: evaluated ? maybe(0.8) : pick([null, true]),
      satisfaction: evaluated
        ? pick<Satisfaction>(["satisfied", "basically_satisfied", "unsatisfied"])
        : null,
    };
  }

  let serial = 0;
  function randomCase() {
    const v = pick(villages);
    // Over about 100 days around now, so periods have whole months and partial ones.
    const created = now - random() * 95 * DAY + 5 * DAY * random();
    return {
      number: `9902${String(serial++).padStart(8, "0")}`,
      channel: "web" as const,
      description: "roll-up test",
      regionCode: v.code,
      regionPath: maybe(0.1) ? v.path.split(".").slice(0, 3).join(".") : v.path,
      countyCode: v.county,
      createdAt: new Date(created),
      ...randomColumns(created),
    };
  }

  async function randomActions(n: number) {
    const db = t.database.db;
    for (let i = 0; i < n; i++) {
      const ids = await db.select({ id: cases.id, createdAt: cases.createdAt }).from(cases);
      const target = pick(ids);
      const action = pick([
        "insert",
        "insertMany",
        "update",
        "update",
        "update",
        "updateMany",
        "move",
        "delete",
      ]);
      if (action === "insert" || !target) await db.insert(cases).values(randomCase());
      else if (action === "insertMany") await db.insert(cases).values(Array.from({ length: 15 }, randomCase));
      else if (action === "update") {
        // A handful of columns at a time, as a transition does.
        const all = randomColumns(target.createdAt.getTime());
        const keys = Object.keys(all) as (keyof typeof all)[];
        const some = Object.fromEntries(keys.filter(() => maybe(0.4)).map((k) => [k, all[k]]));
        await db
          .update(cases)
          .set({ ...some, version: sql`${cases.version} + 1` })
          .where(eq(cases.id, target.id));
      } else if (action === "updateMany") {
        await db
          .update(cases)
          .set({ status: pick<CaseStatus>(["closed", "handling", "merged"]), respondedAt: null })
          .where(sql`${cases.number} like ${`9902%${Math.floor(random() * 10)}`}`);
      } else if (action === "move") {
        const v = pick(villages);
        const created = now - random() * 95 * DAY;
        await db
          .update(cases)
          .set({ regionCode: v.code, regionPath: v.path, countyCode: v.county, createdAt: new Date(created) })
          .where(eq(cases.id, target.id));
      } else {
        await db.delete(cases).where(eq(cases.id, target.id));
      }
    }
  }

  const requests = (): { who: Actor; req: RateScopeReq; breakdowns: boolean }[] => {
    const month = chinaDate(now - 40 * DAY).slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const periods: Pick<RateScopeReq, "from" | "to">[] = [
      {},
      { from: chinaDate(now - 70 * DAY), to: chinaDate(now) },
      { from: `${month}-01`, to: lastDay },
      { from: `${month}-03`, to: chinaDate(now - 20 * DAY) },
      { to: chinaDate(now - 30 * DAY) },
      { from: chinaDate(now - 50 * DAY) },
    ];
    const city = actor("1310");
    const scopes: { who: Actor; req: RateScopeReq; breakdowns: boolean }[] = [];
    for (const p of periods) {
      scopes.push({ who: city, req: p, breakdowns: true });
      scopes.push({ who: city, req: { ...p, region: county }, breakdowns: false });
      scopes.push({ who: city, req: { ...p, region: township }, breakdowns: false });
      scopes.push({ who: city, req: { ...p, department: departments[0] }, breakdowns: false });
      scopes.push({ who: actor(townshipPath), req: p, breakdowns: true });
      scopes.push({
        who: actor(`1310.${county}`),
        req: { ...p, department: departments[1] },
        breakdowns: true,
      });
    }
    return scopes;
  };

  async function expectRollupsEqualPlain() {
    const db = t.database.db;
    const at = new Date();
    for (const { who, req, breakdowns } of requests()) {
      const scope = await resolveRateScope(db, who, req);
      expect(scope.rollup, JSON.stringify(req)).not.toBeNull();
      const label = `${who.bindings[0]?.scopePath} ${JSON.stringify(req)}`;
      expect(await computeRates(db, scope, settings, at), label).toEqual(
        await computeRatesPlain(db, scope.where, settings, at),
      );
      for (const by of breakdowns ? BREAKDOWN_DIMENSIONS : []) {
        const rows = await computeBreakdown(db, scope, by, settings, at);
        const plain = await computeBreakdownPlain(db, scope.where, by, settings, at);
        const byKey = (r: { key: string | null }) => r.key ?? "";
        expect(
          rows.sort((a, b) => byKey(a).localeCompare(byKey(b))),
          `${label} by ${by}`,
        ).toEqual(plain.sort((a, b) => byKey(a).localeCompare(byKey(b))));
      }
    }
  }

  it("splits a period into whole months and the days at either end", () => {
    expect(periodParts("2026-01-01", "2026-04-01")).toEqual({
      months: ["2026-01-01", "2026-04-01"],
      days: [],
    });
    expect(periodParts("2026-01-15", "2026-04-10")).toEqual({
      months: ["2026-02-01", "2026-04-01"],
      days: [
        ["2026-01-15", "2026-02-01"],
        ["2026-04-01", "2026-04-10"],
      ],
    });
    expect(periodParts("2026-01-15", "2026-01-20")).toEqual({
      months: null,
      days: [["2026-01-15", "2026-01-20"]],
    });
    expect(periodParts("2026-01-15", "2026-02-01")).toEqual({
      months: null,
      days: [["2026-01-15", "2026-02-01"]],
    });
    expect(periodParts(null, "2026-03-05")).toEqual({
      months: [null, "2026-03-01"],
      days: [["2026-03-01", "2026-03-05"]],
    });
    expect(periodParts("2025-12-31", null)).toEqual({
      months: ["2026-01-01", null],
      days: [["2025-12-31", "2026-01-01"]],
    });
  });

  it("answers as the plain aggregate after random inserts, updates, merges and deletes", async () => {
    const db = t.database.db;
    await db.insert(cases).values(Array.from({ length: 250 }, randomCase));
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(rateRollups))[0]?.n).toBeGreaterThan(100);
    await expectRollupsEqualPlain();
    await randomActions(60);
    await expectRollupsEqualPlain();
    await randomActions(60);
    await expectRollupsEqualPlain();
  }, 240_000);

  it("is rebuilt from scratch to the very same rows (the migration's backfill)", async () => {
    const db = t.database.db;
    const snapshot = async () =>
      (
        (await db.execute(
          sql`select grain, period::text, dim, dim_key, region_path::text, received, closed, response_due,
            response_pending, responded_in_time, evaluated, resolved, satisfied, basically_satisfied, replied,
            replied_with_deadline, on_time, grid_village, overdue, overdue_pending
            from rate_rollups where received <> 0 or response_due <> 0 or overdue <> 0
            order by grain, dim, dim_key, period, region_path`,
        )) as unknown as { rows: unknown[] }
      ).rows;
    const kept = await snapshot();
    await db.delete(rateRollups);
    await db.execute(sql`select rate_rollups_rebuild()`);
    expect(await snapshot()).toEqual(kept);
    await expectRollupsEqualPlain();
  }, 120_000);

  it("falls back to the plain aggregate where the roll-ups cannot say the scope", async () => {
    const db = t.database.db;
    const village = villages[0]?.path ?? "";
    const fallbacks = [
      { who: actor(village), req: {} },
      { who: actor("1310"), req: { region: village.split(".").pop() } },
      { who: actor(`1310.${county}`, departments[0] ?? null), req: {} },
      { who: actor("1310"), req: { department: otherOrgs[0] } },
    ];
    for (const { who, req } of fallbacks) {
      const scope = await resolveRateScope(db, who, req);
      expect(scope.rollup).toBeNull();
      expect(await computeRates(db, scope, settings, new Date(now))).toEqual(
        await computeRatesPlain(db, scope.where, settings, new Date(now)),
      );
    }
    // Township-level callers still use the roll-ups.
    expect((await resolveRateScope(db, actor(townshipPath), {})).rollup).not.toBeNull();
  });
});
