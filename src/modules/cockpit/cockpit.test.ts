import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grids } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "../cases/actions/test-factory.js";
import { monthsOf } from "./compute-trend.js";

const HOUR = 3_600_000;
/** Noon China time on a day. */
const at = (day: string) => new Date(`${day}T12:00:00+08:00`);

describe("cockpit: trend by month and density by grid", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    const db = t.database.db;
    // The world's grid gets a shape (buildWorld makes only its region row).
    await db.insert(grids).values({
      code: w.grid,
      villageCode: w.village,
      countyCode: w.county,
      path: (await import("drizzle-orm")).sql`(select path from regions where code = ${w.grid})`,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [116.6, 39.5],
            [116.61, 39.5],
            [116.61, 39.51],
            [116.6, 39.51],
            [116.6, 39.5],
          ],
        ],
      },
      minLon: 116.6,
      minLat: 39.5,
      maxLon: 116.61,
      maxLat: 39.51,
    });
    // September: one closed, satisfied, resolved; October: two, one responded late.
    const sep = at("2026-09-15");
    await buildCase(db, {
      createdAt: sep,
      categoryCode: "sanitation.garbage",
      status: "closed",
      responseDueAt: new Date(sep.getTime() + 4 * HOUR),
      respondedAt: new Date(sep.getTime() + HOUR),
      handleDueAt: new Date(sep.getTime() + 48 * HOUR),
      repliedAt: new Date(sep.getTime() + 10 * HOUR),
      solvedLevel: "grid",
      evaluatedAt: new Date(sep.getTime() + 20 * HOUR),
      resolved: true,
      satisfaction: "satisfied",
      closedAt: new Date(sep.getTime() + 20 * HOUR),
    });
    const oct = at("2026-10-10");
    await buildCase(db, {
      createdAt: oct,
      status: "handling",
      responseDueAt: new Date(oct.getTime() + 4 * HOUR),
      respondedAt: new Date(oct.getTime() + 5 * HOUR),
      handleDueAt: new Date(oct.getTime() + 48 * HOUR),
    });
    await buildCase(db, {
      createdAt: new Date(oct.getTime() + 24 * HOUR),
      status: "handling",
      responseDueAt: new Date(oct.getTime() + 28 * HOUR),
      respondedAt: new Date(oct.getTime() + 25 * HOUR),
      handleDueAt: new Date(oct.getTime() + 72 * HOUR),
    });
    // In the village, not in a grid; a category whose code only looks alike (LIKE's `_`).
    await buildCase(db, { createdAt: oct, regionCode: w.village, categoryCode: "sanitationXgarbage.bins" });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = w.headers.supervisor) =>
    t.app.inject({ method: "GET", url, headers });

  it("lists months, clipped to the period, and the twelve months up to `to` by default", () => {
    expect(monthsOf("2026-09-10", "2026-11-05")).toEqual([
      { month: "2026-09", from: "2026-09-10", to: "2026-09-30" },
      { month: "2026-10", from: "2026-10-01", to: "2026-10-31" },
      { month: "2026-11", from: "2026-11-01", to: "2026-11-05" },
    ]);
    const year = monthsOf(undefined, "2026-02-14");
    expect(year).toHaveLength(12);
    expect(year[0]).toEqual({ month: "2025-03", from: "2025-03-01", to: "2025-03-31" });
    expect(year[11]?.month).toBe("2026-02");
    expect(monthsOf("2024-02-01", "2024-02-29")[0]?.to).toBe("2024-02-29");
  });

  it("gives each month the figures GET /rates gives for that month's days", async () => {
    const res = await get(`/api/v1/cockpit/trend?region=${w.township}&from=2026-09-01&to=2026-10-31`);
    expect(res.statusCode).toBe(200);
    const { months } = res.json();
    expect(months.map((m: { month: string }) => m.month)).toEqual(["2026-09", "2026-10"]);
    expect(months[0].figures.received.value).toBe(1);
    expect(months[0].figures.responseRate.value).toBe(1);
    expect(months[0].figures.satisfactionRate.value).toBe(1);
    expect(months[1].figures.received.value).toBe(3);
    expect(months[1].figures.responseRate).toMatchObject({ numerator: 1, denominator: 2 });
    for (const m of months) {
      const rates = await get(`/api/v1/rates?region=${w.township}&from=${m.from}&to=${m.to}`);
      expect(rates.json().figures).toEqual(m.figures);
    }
  });

  it("refuses bad input with details, and periods over 36 months", async () => {
    const reversed = await get(`/api/v1/cockpit/trend?from=2026-10-01&to=2026-09-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.code).toBe("validation_failed");
    expect(reversed.json().error.details[0].field).toBe("querystring.from");
    const notDate = await get(`/api/v1/cockpit/density?from=yesterday`);
    expect(notDate.statusCode).toBe(400);
    expect(notDate.json().error.details[0].field).toBe("querystring.from");
    const long = await get(`/api/v1/cockpit/trend?from=2020-01-01&to=2026-10-01`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe("period_too_long");
    expect(long.json().error.details[0].field).toBe("querystring.from");
  });

  it("keeps to the caller's scope: 401 without a session, 403 without rates, 404 outside", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/v1/cockpit/trend" })).statusCode).toBe(401);
    expect((await get("/api/v1/cockpit/density", w.headers.resident)).statusCode).toBe(403);
    const outside = await get(`/api/v1/cockpit/trend?region=${w.township}`, w.headers.outsider);
    expect(outside.statusCode).toBe(404);
    expect((await get(`/api/v1/cockpit/density?region=${w.township}`, w.headers.outsider)).statusCode).toBe(
      404,
    );
    // The outsider's own township holds none of these cases.
    const own = await get(`/api/v1/cockpit/density`, w.headers.outsider);
    expect(own.json()).toEqual({ grids: [], withoutGrid: 0, max: 0 });
  });

  it("counts the scope's cases per grid with the grid's shape, and those without a grid", async () => {
    const res = await get(`/api/v1/cockpit/density?region=${w.county}&from=2026-09-01&to=2026-10-31`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.grids).toHaveLength(1);
    expect(body.grids[0]).toMatchObject({ code: w.grid, name: "第1网格", villageCode: w.village, count: 3 });
    expect(body.grids[0].geometry.type).toBe("Polygon");
    expect(body.withoutGrid).toBe(1);
    expect(body.max).toBe(3);
    const october = await get(`/api/v1/cockpit/density?region=${w.county}&from=2026-10-01&to=2026-10-31`);
    expect(october.json().grids[0].count).toBe(2);
    const rates = await get(`/api/v1/rates?region=${w.county}&from=2026-09-01&to=2026-10-31`);
    expect(rates.json().figures.received.value).toBe(body.grids[0].count + body.withoutGrid);
  });

  it("lists the cases behind a figure, narrowed to a category and its subcategories", async () => {
    const all = await get(`/api/v1/cockpit/cases?figure=received&region=${w.county}`);
    expect(all.statusCode).toBe(200);
    const plain = await get(`/api/v1/rates/cases?figure=received&region=${w.county}`);
    expect(all.json()).toEqual(plain.json());
    const top = await get(`/api/v1/cockpit/cases?figure=received&category=sanitation&region=${w.county}`);
    expect(top.json().total).toBe(1);
    expect(top.json().items[0].categoryCode).toBe("sanitation.garbage");
    // Named for people in both of the catalogue's languages, and the place by its name.
    expect(top.json().items[0].category).toEqual({
      code: "sanitation.garbage",
      name: "垃圾未及时清运",
      nameEn: "Garbage not collected",
    });
    expect(top.json().items[0].region.name).toBe("第1网格");
    const escaped = await get(`/api/v1/cockpit/cases?figure=received&category=sanitation_garbage`);
    expect(escaped.json().total).toBe(0);
    const bad = await get(`/api/v1/cockpit/cases?figure=received&category=Not%20A%20Code`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("querystring.category");
    const outside = await get(`/api/v1/cockpit/cases?figure=received&region=${w.county}`, w.headers.outsider);
    expect(outside.statusCode).toBe(404);
  });
});
