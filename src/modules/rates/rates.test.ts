import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caseWhistles,
  cases,
  categories,
  organisations,
  regions,
  settings,
  type CaseStatus,
  type HandlingLevel,
  type Satisfaction,
} from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { seededRandom } from "../grids/demo-grids.js";
import { seedDemoOrganisations } from "../organisations/seed-demo-organisations.js";
import { CASE_FIGURES } from "./figures.js";

type Row = typeof cases.$inferInsert & {
  id: string;
  createdAt: Date;
  regionPath: string;
  status: CaseStatus;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIGURES = CASE_FIGURES;
type FigureName = (typeof FIGURES)[number];

interface Expected {
  counts: Record<FigureName, { numerator: number; denominator: number | null }>;
  satisfied: number;
  basic: number;
}

/**
 * The figures computed from the raw rows in plain JavaScript, written from DESIGN.md's words,
 * not from the SQL, so the two implementations check each other.
 */
function expectedFigures(rows: readonly Row[], now: number): Expected {
  const counted = rows.filter((r) => r.status !== "merged");
  const t = (d: Date | null | undefined) => (d ? d.getTime() : null);
  const n = (pred: (r: Row) => boolean) => counted.filter(pred).length;
  const due = (r: Row) => {
    const dueAt = t(r.responseDueAt);
    return r.status !== "rejected" && dueAt !== null && (r.respondedAt != null || dueAt <= now);
  };
  const inTime = (r: Row) => {
    const responded = t(r.respondedAt);
    const dueAt = t(r.responseDueAt);
    return responded !== null && dueAt !== null && responded <= dueAt;
  };
  const evaluated = (r: Row) => r.evaluatedAt != null;
  const replied = (r: Row) => r.repliedAt != null;
  const repliedDeadline = (r: Row) => replied(r) && r.handleDueAt != null;
  const onTime = (r: Row) => repliedDeadline(r) && (t(r.repliedAt) ?? 0) <= (t(r.handleDueAt) ?? 0);
  const awaiting = (r: Row) => ["triage", "dispatched", "handling", "supervisor_review"].includes(r.status);
  const overdue = (r: Row) => {
    const handleDue = t(r.handleDueAt);
    if (handleDue === null) return false;
    const repliedAt = t(r.repliedAt);
    return (awaiting(r) && handleDue < now) || (repliedAt !== null && repliedAt > handleDue);
  };
  return {
    counts: {
      responseRate: { numerator: n((r) => due(r) && inTime(r)), denominator: n(due) },
      resolutionRate: { numerator: n((r) => evaluated(r) && r.resolved === true), denominator: n(evaluated) },
      satisfactionRate: {
        numerator: n(
          (r) => evaluated(r) && (r.satisfaction === "satisfied" || r.satisfaction === "basically_satisfied"),
        ),
        denominator: n(evaluated),
      },
      onTimeRate: { numerator: n(onTime), denominator: n(repliedDeadline) },
      gridVillageShare: {
        numerator: n((r) => replied(r) && (r.solvedLevel === "grid" || r.solvedLevel === "village")),
        denominator: n(replied),
      },
      overdue: { numerator: n(overdue), denominator: null },
      received: { numerator: counted.length, denominator: null },
      closed: { numerator: n((r) => r.status === "closed"), denominator: null },
    },
    satisfied: n((r) => evaluated(r) && r.satisfaction === "satisfied"),
    basic: n((r) => evaluated(r) && r.satisfaction === "basically_satisfied"),
  };
}

interface ApiFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
type ApiFigures = Record<FigureName | "composite", ApiFigure> & {
  satisfactionRate: ApiFigure & { satisfied: number; basicallySatisfied: number };
};

const ratio = (a: number, b: number | null) => (b === null || b === 0 ? null : a / b);

function expectFiguresMatch(
  api: ApiFigures,
  exp: Expected,
  w = 1,
  weights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
) {
  for (const f of FIGURES) {
    if (f === "satisfactionRate") continue;
    const { numerator, denominator } = exp.counts[f];
    expect(api[f].numerator, f).toBe(numerator);
    expect(api[f].denominator, f).toBe(denominator);
    const value = denominator === null ? numerator : ratio(numerator, denominator);
    if (value === null) expect(api[f].value, f).toBeNull();
    else expect(api[f].value, f).toBeCloseTo(value, 12);
  }
  const evaluated = exp.counts.satisfactionRate.denominator ?? 0;
  expect(api.satisfactionRate.denominator).toBe(evaluated);
  expect(api.satisfactionRate.satisfied).toBe(exp.satisfied);
  expect(api.satisfactionRate.basicallySatisfied).toBe(exp.basic);
  const sat = ratio(exp.satisfied + w * exp.basic, evaluated);
  if (sat === null) expect(api.satisfactionRate.value).toBeNull();
  else expect(api.satisfactionRate.value).toBeCloseTo(sat, 12);
  const resp = ratio(exp.counts.responseRate.numerator, exp.counts.responseRate.denominator);
  const res = ratio(exp.counts.resolutionRate.numerator, exp.counts.resolutionRate.denominator);
  if (resp === null || res === null || sat === null) expect(api.composite.value).toBeNull();
  else {
    expect(api.composite.value).toBeCloseTo(
      weights.response * resp + weights.resolution * res + weights.satisfaction * sat,
      12,
    );
  }
}

describe("the three rates", () => {
  let t: TestApp;
  const rows: Row[] = [];
  const now = Date.now();
  let admin: Record<string, string>;
  let countyB: string;
  let township: string;
  let village: string;
  let otherVillage: string;
  let department: string;
  let otherDepartment: string;
  let departmentB: string;

  /** The period of the randomized data: the last 40 days, as China-time dates. */
  const chinaDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
  const from = chinaDate(now - 40 * DAY);
  const to = chinaDate(now);
  const inPeriod = (r: Row) =>
    r.createdAt.getTime() >= new Date(`${from}T00:00:00+08:00`).getTime() &&
    r.createdAt.getTime() < new Date(`${to}T00:00:00+08:00`).getTime() + DAY;

  const get = async (url: string, headers = admin) => t.app.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await seedDemoOrganisations(db);
    await db.insert(categories).values([
      {
        code: "t-sanitation",
        name: "环境卫生",
        nameEn: "Sanitation",
        handlingLevel: "grid",
        responseHours: 2,
        handleHours: 24,
        deadlineKind: "calendar",
      },
      {
        code: "t-roads",
        name: "道路",
        nameEn: "Roads",
        handlingLevel: "department",
        departmentType: "transport",
        responseHours: 4,
        handleHours: 72,
        deadlineKind: "calendar",
      },
    ]);
    const villages = await db
      .select({ code: regions.code, path: sql<string>`${regions.path}::text`, county: regions.countyCode })
      .from(regions)
      .where(eq(regions.level, "village"))
      .orderBy(asc(regions.code));
    // A handful of villages in both counties, two of them in one township.
    const picked = [
      ...villages.filter((v) => v.county === "131002").slice(0, 3),
      ...villages.filter((v) => v.county === "131003").slice(0, 2),
    ];
    const [v0, v1] = picked;
    if (!v0 || !v1 || picked.length < 5) throw new Error("test tree too small");
    village = v0.code;
    otherVillage = v1.code;
    township = v0.path.split(".")[2] ?? "";
    countyB = "131003";
    const departments = await db
      .select({ id: organisations.id, county: organisations.countyCode })
      .from(organisations)
      .where(eq(organisations.kind, "department"))
      .orderBy(asc(organisations.regionCode), asc(organisations.departmentType));
    const d131002 = departments.filter((d) => d.county === "131002");
    const [dA, dB] = d131002;
    if (!dA || !dB) throw new Error("no departments");
    department = dA.id;
    otherDepartment = dB.id;
    const inB = departments.find((d) => d.county === "131003");
    if (!inB) throw new Error("no department in county 131003");
    departmentB = inB.id;
    const orgPool = [dA.id, dB.id, null];

    const random = seededRandom(4242);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const maybe = (p: number) => random() < p;
    // Deadlines stay at least an hour away from now, so "due by now" cannot flip during the test.
    const around = (base: number, spanHours: number) => {
      const at = base + (random() * 2 - 1) * spanHours * HOUR;
      return Math.abs(at - now) < HOUR ? at + 2 * HOUR : at;
    };
    const statuses: CaseStatus[] = [
      "triage",
      "dispatched",
      "handling",
      "replied",
      "supervisor_review",
      "closed",
      "closed",
      "closed",
      "rejected",
      "merged",
    ];
    for (let i = 0; i < 400; i++) {
      const v = pick(picked);
      const created = now - random() * 55 * DAY;
      const responseDue = maybe(0.9) ? around(created + 6 * HOUR, 5) : null;
      const handleDue = maybe(0.9) ? around(created + 3 * DAY, 40) : null;
      const responded = maybe(0.8) ? around(created + 5 * HOUR, 4) : null;
      const replied = maybe(0.7) ? around(created + 3 * DAY, 30) : null;
      const evaluated = replied !== null && maybe(0.75);
      const level = pick<HandlingLevel | null>(["grid", "village", "township", "department", null]);
      rows.push({
        id: crypto.randomUUID(),
        number: `9901${String(i).padStart(8, "0")}`,
        channel: pick(["web", "hotline", "patrol"] as const),
        categoryCode: pick(["t-sanitation", "t-roads", null]),
        description: "测试诉求",
        regionCode: v.code,
        regionPath: v.path,
        countyCode: v.county,
        status: pick(statuses),
        assignedOrgId: pick(orgPool),
        leadOrgId: pick(orgPool),
        responseDueAt: responseDue === null ? null : new Date(responseDue),
        handleDueAt: handleDue === null ? null : new Date(handleDue),
        respondedAt: responded === null ? null : new Date(responded),
        repliedAt: replied === null ? null : new Date(replied),
        solvedLevel: replied === null ? null : level,
        evaluatedAt: evaluated ? new Date((replied ?? now) + HOUR) : null,
        resolved: evaluated ? maybe(0.8) : null,
        satisfaction: evaluated
          ? pick<Satisfaction>(["satisfied", "basically_satisfied", "unsatisfied"])
          : null,
        createdAt: new Date(created),
      });
    }
    await db.insert(cases).values(rows);
    const adminUser = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    admin = await sessionHeaders(t.database, adminUser);
  });

  afterAll(async () => {
    await t?.close();
  });

  const query = (extra: Record<string, string>) => new URLSearchParams({ from, to, ...extra }).toString();

  async function checkScope(extra: Record<string, string>, subset: Row[], headers = admin) {
    const res = await get(`/api/v1/rates?${query(extra)}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ figures: ApiFigures }>();
    const exp = expectedFigures(subset.filter(inPeriod), now);
    expectFiguresMatch(body.figures, exp);
    return { body, exp };
  }

  it("computes every figure exactly as the raw rows say, and each list holds the cases counted", async () => {
    const { body, exp } = await checkScope({}, rows);
    expect(exp.counts.received.numerator).toBeGreaterThan(150);
    expect(exp.counts.responseRate.denominator).toBeGreaterThan(50);
    expect(body.figures.received.value).toBe(exp.counts.received.numerator);
    for (const f of FIGURES) {
      for (const part of ["numerator", "denominator"] as const) {
        const expected = exp.counts[f][part];
        const res = await get(`/api/v1/rates/cases?${query({ figure: f, part, pageSize: "200" })}`);
        if (expected === null) {
          expect(res.statusCode).toBe(400);
          expect(res.json().error.code).toBe("no_denominator");
          continue;
        }
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ total: number; items: { id: string; number: string }[] }>();
        expect(page.total, `${f} ${part}`).toBe(expected);
        expect(page.items.length).toBe(Math.min(expected, 200));
      }
    }
    // The satisfaction list holds both kinds; its value weighs them.
    const sat = await get(`/api/v1/rates/cases?${query({ figure: "satisfactionRate" })}`);
    expect(sat.json().total).toBe(exp.satisfied + exp.basic);
  });

  it("lists exactly the cases behind a figure", async () => {
    const res = await get(`/api/v1/rates/cases?${query({ figure: "overdue", pageSize: "200" })}`);
    const ids = new Set(res.json<{ items: { id: string }[] }>().items.map((i) => i.id));
    const handleOverdue = rows.filter(inPeriod).filter((r) => {
      if (r.status === "merged" || !r.handleDueAt) return false;
      const late = r.repliedAt && r.repliedAt > r.handleDueAt;
      const waiting = ["triage", "dispatched", "handling", "supervisor_review"].includes(r.status);
      return late || (waiting && r.handleDueAt.getTime() < now);
    });
    expect(ids).toEqual(new Set(handleOverdue.map((r) => r.id)));
  });

  it("scopes to a region subtree, a department, and the breakdown rows agree", async () => {
    await checkScope(
      { region: countyB },
      rows.filter((r) => r.countyCode === countyB),
    );
    await checkScope(
      { region: township },
      rows.filter((r) => r.regionPath.split(".")[2] === township),
    );
    const ofDepartment = rows.filter((r) => r.assignedOrgId === department || r.leadOrgId === department);
    await checkScope({ department }, ofDepartment);

    for (const by of ["county", "township", "category", "department"] as const) {
      const res = await get(`/api/v1/rates/breakdown?${query({ by })}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ rows: { key: string | null; nameEn: string | null; figures: ApiFigures }[] }>();
      // A category is named in English too (the catalogue carries both); places and units are not.
      const english = new Map(
        (
          await t.database.db.select({ code: categories.code, nameEn: categories.nameEn }).from(categories)
        ).map((c) => [c.code, c.nameEn]),
      );
      for (const row of body.rows) {
        expect(row.nameEn).toBe(by === "category" && row.key !== null ? english.get(row.key) : null);
      }
      const keyOf: Record<typeof by, (r: Row) => (string | null)[]> = {
        county: (r) => [r.countyCode ?? null],
        township: (r) => [r.regionPath.split(".")[2] ?? null],
        category: (r) => [r.categoryCode ?? null],
        department: (r) =>
          [...new Set([r.assignedOrgId, r.leadOrgId])].filter(
            (o): o is string => o !== null && o !== undefined,
          ),
      };
      const counted = rows.filter(inPeriod).filter((r) => r.status !== "merged");
      const expectedKeys = new Set(counted.flatMap(keyOf[by]));
      expect(new Set(body.rows.map((r) => r.key))).toEqual(expectedKeys);
      for (const row of body.rows) {
        expectFiguresMatch(
          row.figures,
          expectedFigures(
            rows.filter(inPeriod).filter((r) => keyOf[by](r).includes(row.key)),
            now,
          ),
        );
      }
    }
  });

  it("counts only what the reader may see: a village's staff their village, a department its cases", async () => {
    const staff = await buildUser(t.database, [{ role: "village_staff", region: village }]);
    const staffHeaders = await sessionHeaders(t.database, staff);
    const own = rows.filter((r) => r.regionCode === village);
    await checkScope({}, own, staffHeaders);
    // Asking for the county gives the part of it they may see, never the rest.
    await checkScope({ region: "131002" }, own, staffHeaders);
    const list = await get(
      `/api/v1/rates/cases?${query({ figure: "received", pageSize: "200" })}`,
      staffHeaders,
    );
    expect(
      list.json<{ items: { regionCode: string }[] }>().items.every((i) => i.regionCode === village),
    ).toBe(true);
    expect((await get(`/api/v1/rates?region=${otherVillage}`, staffHeaders)).statusCode).toBe(404);
    expect((await get(`/api/v1/rates?region=${countyB}`, staffHeaders)).statusCode).toBe(404);

    // A department handler sees the cases of their department (plus any they were whistled to).
    const handler = await buildUser(t.database, [{ role: "department_handler", department }]);
    const handlerHeaders = await sessionHeaders(t.database, handler);
    const ofDepartment = rows.filter((r) => r.assignedOrgId === department || r.leadOrgId === department);
    await checkScope({}, ofDepartment, handlerHeaders);
    await checkScope({ department }, ofDepartment, handlerHeaders);
    // Whistled in on another department's case: visible to them, but not one of their cases.
    const whistled = rows.find(
      (r) =>
        inPeriod(r) &&
        r.status !== "merged" &&
        r.assignedOrgId === otherDepartment &&
        r.leadOrgId === otherDepartment,
    );
    if (!whistled) throw new Error("no case of the other department");
    await t.database.db
      .insert(caseWhistles)
      .values({ caseId: whistled.id, orgId: department, reportDueAt: new Date(now + DAY) });
    await checkScope({}, [...ofDepartment, whistled], handlerHeaders);
    await checkScope({ department }, ofDepartment, handlerHeaders);
    await t.database.db.delete(caseWhistles);
  });

  it("answers 404 for a department outside the reader's scopes, as for a region, on every figure route", async () => {
    const urls = (dept: string) => [
      `/api/v1/rates?department=${dept}`,
      `/api/v1/rates/breakdown?by=category&department=${dept}`,
      `/api/v1/rates/cases?figure=received&department=${dept}`,
      `/api/v1/cockpit/trend?department=${dept}`,
      `/api/v1/cockpit/density?department=${dept}`,
      `/api/v1/cockpit/cases?figure=received&department=${dept}`,
      `/api/v1/exports/rates.csv?department=${dept}`,
      `/api/v1/exports/rates.xlsx?by=department&department=${dept}`,
      `/api/v1/exports/rate-cases.csv?figure=received&department=${dept}`,
    ];
    const staff = await buildUser(t.database, [{ role: "village_staff", region: village }]);
    const handler = await buildUser(t.database, [{ role: "department_handler", department }]);
    const staffHeaders = await sessionHeaders(t.database, staff);
    const handlerHeaders = await sessionHeaders(t.database, handler);
    for (const url of urls(department)) {
      // In scope: the county's department for the county's village staff, one's own department.
      expect((await get(url, staffHeaders)).statusCode, url).toBe(200);
      expect((await get(url, handlerHeaders)).statusCode, url).toBe(200);
    }
    for (const url of urls(departmentB)) {
      const res = await get(url, staffHeaders);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe("not_found");
      expect((await get(url, handlerHeaders)).statusCode, url).toBe(404);
      // The city's admin sees every department.
      expect((await get(url)).statusCode, url).toBe(200);
    }
    // Another department of the same county is not the handler's.
    for (const url of urls(otherDepartment))
      expect((await get(url, handlerHeaders)).statusCode, url).toBe(404);
  });

  it("uses the configured weights", async () => {
    const db = t.database.db;
    const weights = { response: 0.2, resolution: 0.3, satisfaction: 0.5 };
    await db.insert(settings).values([
      { key: "rates_basic_weight", value: 0.5 },
      { key: "rates_weights", value: weights },
    ]);
    try {
      const res = await get(`/api/v1/rates?${query({})}`);
      const body = res.json<{ figures: ApiFigures; weights: unknown }>();
      expect(body.weights).toEqual({ basicWeight: 0.5, composite: weights });
      expectFiguresMatch(body.figures, expectedFigures(rows.filter(inPeriod), now), 0.5, weights);
      expect(body.figures.satisfactionRate.numerator).toBeCloseTo(
        body.figures.satisfactionRate.satisfied + 0.5 * body.figures.satisfactionRate.basicallySatisfied,
        12,
      );
    } finally {
      await db.delete(settings).where(sql`${settings.key} in ('rates_basic_weight', 'rates_weights')`);
    }
    const back = await get(`/api/v1/rates?${query({})}`);
    expect(back.json<{ weights: unknown }>().weights).toEqual({
      basicWeight: 1,
      composite: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
    });
  });

  it("gives null, not NaN, for an empty period, and shows the definitions", async () => {
    const res = await get("/api/v1/rates?from=2001-01-01&to=2001-12-31");
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      figures: ApiFigures;
      definitions: Record<string, { definition: { "zh-CN": string } }>;
    }>();
    for (const f of [
      "responseRate",
      "resolutionRate",
      "satisfactionRate",
      "onTimeRate",
      "gridVillageShare",
      "composite",
    ] as const) {
      expect(body.figures[f].value, f).toBeNull();
    }
    expect(body.figures.received).toEqual({ value: 0, numerator: 0, denominator: null });
    expect(body.definitions.responseRate?.definition["zh-CN"]).toContain("响应");
    expect(body.definitions.satisfactionRate?.definition["zh-CN"]).toContain("基本满意");
  });

  it("attributes a case to the China-time day it was received", async () => {
    const db = t.database.db;
    const [v] = await db.select().from(regions).where(eq(regions.code, village));
    if (!v) throw new Error("no village");
    const base = {
      channel: "web" as const,
      description: "边界",
      regionCode: v.code,
      regionPath: v.path,
      countyCode: v.countyCode,
    };
    await db.insert(cases).values([
      // 2031-03-01 00:00 in China is 2031-02-28 16:00 UTC: inside March.
      { ...base, number: "310301000001", status: "triage", createdAt: new Date("2031-02-28T16:00:00Z") },
      { ...base, number: "310228000001", status: "triage", createdAt: new Date("2031-02-28T15:59:59Z") },
      { ...base, number: "310331000001", status: "triage", createdAt: new Date("2031-03-31T15:59:59Z") },
      { ...base, number: "310401000001", status: "triage", createdAt: new Date("2031-03-31T16:00:00Z") },
    ]);
    const res = await get("/api/v1/rates/cases?figure=received&from=2031-03-01&to=2031-03-31");
    expect(
      res
        .json<{ items: { number: string }[] }>()
        .items.map((i) => i.number)
        .sort(),
    ).toEqual(["310301000001", "310331000001"]);
    await db
      .delete(cases)
      .where(
        sql`${cases.number} like '3103%' or ${cases.number} like '3102%' or ${cases.number} like '3104%'`,
      );
  });

  it("refuses bad input with a clear 4xx", async () => {
    const bad = async (url: string, status: number, headers: Record<string, string> = admin) => {
      const res = await get(url, headers);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBeTypeOf("string");
    };
    await bad("/api/v1/rates?from=2026-02-30", 400);
    await bad("/api/v1/rates?from=2026-03-02&to=2026-03-01", 400);
    await bad("/api/v1/rates?department=nope", 400);
    await bad("/api/v1/rates?region=12", 400);
    await bad("/api/v1/rates?region=999999", 404);
    await bad(`/api/v1/rates?department=${crypto.randomUUID()}`, 404);
    await bad("/api/v1/rates/cases?figure=everything", 400);
    await bad("/api/v1/rates/cases?figure=closed&part=denominator", 400);
    await bad("/api/v1/rates/breakdown?by=planet", 400);
    await bad("/api/v1/rates", 401, {});
    const resident = await buildUser(t.database, [{ role: "resident", region: village }]);
    await bad("/api/v1/rates", 403, await sessionHeaders(t.database, resident));
  });
});
