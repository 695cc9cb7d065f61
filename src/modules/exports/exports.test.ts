import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories, regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "../cases/actions/test-factory.js";
import { csvQuote, guardFormula, toCsv } from "./table.js";

const HOUR = 3_600_000;

async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === null || v === undefined ? "" : String(v))));
  });
  return rows;
}

describe("exports: case lists and rate tables as XLSX and CSV", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    const db = t.database.db;
    const day = new Date("2026-10-10T12:00:00+08:00");
    await buildCase(db, {
      createdAt: day,
      status: "closed",
      categoryCode: "streetlights.broken",
      description: '=HYPERLINK("http://evil.example","点我"), 路灯坏了',
      reporterName: "张大爷",
      reporterPhone: "13812345678",
      responseDueAt: new Date(day.getTime() + 4 * HOUR),
      respondedAt: new Date(day.getTime() + HOUR),
      handleDueAt: new Date(day.getTime() + 48 * HOUR),
      repliedAt: new Date(day.getTime() + 5 * HOUR),
      evaluatedAt: new Date(day.getTime() + 6 * HOUR),
      resolved: true,
      satisfaction: "satisfied",
      closedAt: new Date(day.getTime() + 6 * HOUR),
    });
    await buildCase(db, { createdAt: day, status: "handling", reporterPhone: "13900001111" });
    await buildCase(db, { createdAt: day, status: "triage", urgent: true });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = w.headers.supervisor) =>
    t.app.inject({ method: "GET", url, headers });

  it("quotes CSV cells and guards text a spreadsheet would run as a formula", () => {
    expect(guardFormula("=1+1")).toBe("'=1+1");
    expect(guardFormula("+86 138")).toBe("'+86 138");
    expect(guardFormula("-5")).toBe("'-5");
    expect(guardFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(guardFormula("路灯")).toBe("路灯");
    expect(csvQuote('a "b", c')).toBe('"a ""b"", c"');
    expect(csvQuote("line\nbreak")).toBe('"line\nbreak"');
    const csv = toCsv({
      title: "t",
      columns: [
        { header: "名", kind: "text" },
        { header: "率", kind: "percent" },
        { header: "n", kind: "int" },
      ],
      rows: [
        ["=cmd", 0.875, 3],
        [null, null, -2],
      ],
    });
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").slice(1)).toBe("名,率,n\r\n'=cmd,87.5%,3\r\n,,-2\r\n");
  });

  it("exports the filtered case list as XLSX: the list's rows, no contact data", async () => {
    const res = await get("/api/v1/exports/cases.xlsx?status=closed,handling&sort=created");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="cases-\d{12}\.xlsx"/);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]?.[0]).toBe("编号");
    expect(rows).toHaveLength(3);
    const list = await get("/api/v1/cases?status=closed,handling&sort=created");
    const numbers = list.json().items.map((i: { number: string }) => i.number);
    expect(rows.slice(1).map((r) => r[0])).toEqual(numbers);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(["办理中", "已办结"]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("13900001111");
    expect(text).not.toContain("张大爷");
  });

  it("exports CSV with BOM, English headers on request, and formulas guarded", async () => {
    const res = await get("/api/v1/exports/cases.csv?lang=en&status=closed");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const body = res.rawPayload;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toMatch(/^Number,Status,Channel,/);
    expect(lines).toHaveLength(3); // header, one case, the final empty line
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""点我""), 路灯坏了"`);
  });

  it("keeps the caller's scope and refuses bad filters with details", async () => {
    const outsider = await get("/api/v1/exports/cases.xlsx", w.headers.outsider);
    expect(outsider.statusCode).toBe(200);
    expect(await readXlsx(outsider.rawPayload)).toHaveLength(1); // the header only
    expect((await t.app.inject({ method: "GET", url: "/api/v1/exports/cases.csv" })).statusCode).toBe(401);
    expect((await get("/api/v1/exports/cases.csv", w.headers.resident)).statusCode).toBe(403);
    const bad = await get("/api/v1/exports/cases.csv?status=sleeping");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect(bad.json().error.details[0].field).toMatch(/status/);
    const badLang = await get("/api/v1/exports/cases.csv?lang=fr");
    expect(badLang.statusCode).toBe(400);
    expect(badLang.json().error.details[0].field).toBe("querystring.lang");
  });

  it("exports rate tables: summary, rankings and months, equal to the figures", async () => {
    const rates = await get(`/api/v1/rates?region=${w.county}&from=2026-10-01&to=2026-10-31`);
    const figures = rates.json().figures;
    const summary = await get(`/api/v1/exports/rates.xlsx?region=${w.county}&from=2026-10-01&to=2026-10-31`);
    expect(summary.statusCode).toBe(200);
    const rows = await readXlsx(summary.rawPayload);
    expect(rows[0]?.slice(0, 4)).toEqual(["范围", "代码", "受理件数", "响应率"]);
    expect(Number(rows[1]?.[2])).toBe(figures.received.value);
    expect(Number(rows[1]?.[3])).toBeCloseTo(figures.responseRate.value, 9);

    const townships = await get(`/api/v1/exports/rates.csv?by=township&region=${w.county}&from=2026-10-01`);
    const lines = townships.rawPayload.toString("utf8").slice(1).trim().split("\r\n");
    const breakdown = await get(`/api/v1/rates/breakdown?by=township&region=${w.county}&from=2026-10-01`);
    expect(lines).toHaveLength(1 + breakdown.json().rows.length);
    expect(lines[1]).toContain(w.township);

    const months = await get(
      `/api/v1/exports/rates.csv?by=month&region=${w.county}&from=2026-09-01&to=2026-10-31`,
    );
    const monthLines = months.rawPayload.toString("utf8").slice(1).trim().split("\r\n");
    expect(monthLines.map((l) => l.split(",")[0])).toEqual(["月份", "2026-09", "2026-10"]);
    expect(monthLines[2]?.split(",")[2]).toBe("3");

    const bad = await get("/api/v1/exports/rates.xlsx?by=planet");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe("querystring.by");
    expect((await get(`/api/v1/exports/rates.xlsx?region=${w.county}`, w.headers.outsider)).statusCode).toBe(
      404,
    );
  });

  it("exports a rate table in English: title, headers, category names; Chinese by default", async () => {
    const db = t.database.db;
    const [streetlights] = await db
      .select({ name: categories.name, nameEn: categories.nameEn })
      .from(categories)
      .where(eq(categories.code, "streetlights.broken"));
    const [county] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, w.county));
    const query = `region=${w.county}&from=2026-10-01&to=2026-10-31`;
    const sheetOf = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return { name: book.worksheets[0]?.name ?? "", rows: await readXlsx(res.rawPayload) };
    };

    const en = await sheetOf(`/api/v1/exports/rates.xlsx?by=category&${query}&lang=en`);
    // A sheet name holds 31 characters: the period is cut short.
    expect(en.name.startsWith("Rates by category 2026-10-01")).toBe(true);
    expect(en.rows[0]?.slice(0, 4)).toEqual(["Category", "Code", "Received", "Response rate"]);
    const row = en.rows.find((r) => r[1] === "streetlights.broken");
    expect(row?.[0]).toBe(streetlights?.nameEn);
    expect(en.rows.flat().filter((cell) => /\p{Script=Han}/u.test(cell))).toEqual([]);

    const zh = await sheetOf(`/api/v1/exports/rates.xlsx?by=category&${query}`);
    expect(zh.name.startsWith("三率 按类别")).toBe(true);
    expect(zh.rows[0]?.slice(0, 2)).toEqual(["类别", "代码"]);
    expect(zh.rows.find((r) => r[1] === "streetlights.broken")?.[0]).toBe(streetlights?.name);

    // A summary names its scope (the region's name), its code in the column beside it.
    const summary = await sheetOf(`/api/v1/exports/rates.xlsx?${query}&lang=en`);
    expect(summary.rows[1]?.slice(0, 2)).toEqual([county?.name, w.county]);
  });

  it("exports the cases behind a figure", async () => {
    const res = await get(
      `/api/v1/exports/rate-cases.csv?figure=resolutionRate&part=numerator&region=${w.county}`,
    );
    expect(res.statusCode).toBe(200);
    const lines = res.rawPayload.toString("utf8").slice(1).trim().split("\r\n");
    const list = await get(`/api/v1/rates/cases?figure=resolutionRate&part=numerator&region=${w.county}`);
    expect(lines).toHaveLength(1 + list.json().total);
    expect(lines[1]?.split(",")[0]).toBe(list.json().items[0].number);
    // Category and place by name (in the export's language), each code in the column beside it.
    const region = list.json().items[0].region.name;
    expect(region).toBe("第1网格");
    const zh = await readXlsx(
      (await get(`/api/v1/exports/rate-cases.xlsx?figure=resolutionRate&part=numerator&region=${w.county}`))
        .rawPayload,
    );
    expect(zh[0]?.slice(0, 6)).toEqual(["编号", "状态", "类别", "类别代码", "地区", "地区代码"]);
    expect(zh[1]?.slice(1, 6)).toEqual(["已办结", "路灯不亮", "streetlights.broken", region, w.grid]);
    const en = await readXlsx(
      (
        await get(
          `/api/v1/exports/rate-cases.xlsx?lang=en&figure=resolutionRate&part=numerator&region=${w.county}`,
        )
      ).rawPayload,
    );
    expect(en[0]?.slice(2, 6)).toEqual(["Category", "Category code", "Region", "Region code"]);
    expect(en[1]?.slice(1, 6)).toEqual(["Closed", "Streetlight out", "streetlights.broken", region, w.grid]);
    const count = await get(`/api/v1/exports/rate-cases.csv?figure=received&part=denominator`);
    expect(count.statusCode).toBe(400);
    expect(count.json().error.code).toBe("no_denominator");
  });
});
