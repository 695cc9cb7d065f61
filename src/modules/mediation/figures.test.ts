/**
 * The dispute figures on a small known set (March 2026, China time): exact counts in and out of
 * the period (the month's first and last instants), in and out of the reader's scope, by type and
 * one level down; the drill-down lists exactly what a count counts; the monthly screening figures;
 * and the monthly statistics table read back from its XLSX.
 */
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { WorldRole } from "../cases/actions/test-factory.js";
import type { DisputeFiguresView, FigureDisputeList, ScreeningFiguresView } from "./figures-schemas.js";
import {
  disputeReferrals,
  disputes,
  mediationAgreements,
  mediationCommittees,
  screeningTasks,
  type DisputeStatus,
} from "./schema.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

const at = (china: string) => new Date(`${china}+08:00`);

describe("dispute figures", () => {
  let t: TestApp;
  let w: MediationWorld;
  let otherVillage = "";
  let farTownship = "";
  let taskId = "";
  let seq = 0;

  const pathOf = async (code: string) => {
    const [r] = await t.database.db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, code));
    if (!r) throw new Error(`no region ${code}`);
    return r.path;
  };

  async function put(d: {
    region: string;
    committee: string;
    type?: string;
    source?: "walk_in" | "screening";
    status: DisputeStatus;
    createdAt: string;
    acceptedAt?: string;
    dueAt?: string;
    settledAt?: string;
    form?: "written" | "oral";
    referredOn?: string;
    repeatAlertAt?: string;
    screeningTaskId?: string;
  }) {
    seq += 1;
    const [row] = await t.database.db
      .insert(disputes)
      .values({
        number: `9FIG${String(seq).padStart(6, "0")}`,
        source: d.source ?? "walk_in",
        typeCode: d.type ?? "neighbour",
        facts: "统计测试",
        regionCode: d.region,
        regionPath: await pathOf(d.region),
        countyCode: d.region.slice(0, 6),
        committeeId: d.committee,
        status: d.status,
        createdAt: at(d.createdAt),
        acceptedAt: d.acceptedAt ? at(d.acceptedAt) : null,
        dueAt: d.dueAt ? at(d.dueAt) : null,
        settledAt: d.settledAt ? at(d.settledAt) : null,
        repeatAlertAt: d.repeatAlertAt ? at(d.repeatAlertAt) : null,
        screeningTaskId: d.screeningTaskId ?? null,
      })
      .returning({ id: disputes.id, number: disputes.number });
    if (!row) throw new Error("not inserted");
    if (d.form) {
      await t.database.db.insert(mediationAgreements).values({
        disputeId: row.id,
        form: d.form,
        matters: "m",
        agreed: "a",
        performanceManner: "p",
        agreedAt: at(d.settledAt ?? d.createdAt),
      });
    }
    if (d.referredOn) {
      await t.database.db.insert(disputeReferrals).values({
        disputeId: row.id,
        channel: "litigation",
        receivingBody: "法院",
        referredOn: d.referredOn,
      });
    }
    return row.number;
  }

  const numbers: Record<string, string> = {};

  const get = async <T>(who: WorldRole, url: string, status = 200) => {
    const res = await t.app.inject({ url: `/api/v1${url}`, headers: w.headers[who] });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    const db = t.database.db;
    const rows: unknown = await db.execute(
      sql`select code from regions where parent_code = ${w.township} and level = 'village' and code <> ${w.village} order by code limit 1`,
    );
    otherVillage = (rows as { rows: { code: string }[] }).rows[0]?.code ?? "";
    const far: unknown = await db.execute(
      sql`select code from regions where parent_code = '131003' and level = 'township' order by code limit 1`,
    );
    farTownship = (far as { rows: { code: string }[] }).rows[0]?.code ?? "";
    if (!otherVillage || !farTownship) throw new Error("test regions missing");
    const [task] = await db
      .insert(screeningTasks)
      .values([
        {
          month: "2026-03",
          regionCode: w.village,
          regionPath: await pathOf(w.village),
          countyCode: w.county,
          committeeId: w.committees.village,
          status: "done",
          result: "found",
          dueAt: at("2026-04-01T00:00:00"),
          recordedAt: at("2026-03-02T10:00:00"),
        },
        {
          month: "2026-03",
          regionCode: otherVillage,
          regionPath: await pathOf(otherVillage),
          countyCode: w.county,
          committeeId: w.committees.village,
          status: "pending",
          dueAt: at("2026-04-01T00:00:00"),
          overdueAt: at("2026-04-01T00:05:00"),
        },
      ])
      .returning({ id: screeningTasks.id });
    taskId = task?.id ?? "";
    const village = w.committees.village;
    const township = w.committees.township;
    // Found by the village's screening, settled in writing within the deadline by the village.
    numbers.d1 = await put({
      region: w.grid,
      committee: village,
      source: "screening",
      screeningTaskId: taskId,
      status: "follow_up",
      createdAt: "2026-03-02T10:00:00",
      acceptedAt: "2026-03-02T11:00:00",
      dueAt: "2026-04-01T11:00:00",
      settledAt: "2026-03-10T09:00:00",
      form: "written",
    });
    // Registered in February, accepted on 1 March at 00:10, settled in April: accepted only.
    numbers.d2 = await put({
      region: w.village,
      committee: township,
      status: "settled_oral",
      createdAt: "2026-02-28T23:30:00",
      acceptedAt: "2026-03-01T00:10:00",
      dueAt: "2026-03-31T00:10:00",
      settledAt: "2026-04-02T09:00:00",
      form: "oral",
    });
    // A family dispute settled orally after its deadline, with a repeated-party alert.
    numbers.d3 = await put({
      region: w.village,
      committee: village,
      type: "family",
      status: "settled_oral",
      createdAt: "2026-03-05T09:00:00",
      acceptedAt: "2026-03-05T10:00:00",
      dueAt: "2026-03-06T10:00:00",
      settledAt: "2026-03-20T10:00:00",
      form: "oral",
      repeatAlertAt: "2026-03-05T09:00:00",
    });
    // In the other village: not settled, referred on 25 March.
    numbers.d4 = await put({
      region: otherVillage,
      committee: township,
      status: "not_settled",
      createdAt: "2026-03-07T09:00:00",
      acceptedAt: "2026-03-07T10:00:00",
      dueAt: "2026-04-06T10:00:00",
      referredOn: "2026-03-25",
    });
    // The last minute of March (in) and the first instant of April (out), China time.
    numbers.d5 = await put({
      region: otherVillage,
      committee: village,
      type: "other",
      status: "registered",
      createdAt: "2026-03-31T23:59:00",
    });
    numbers.d6 = await put({
      region: otherVillage,
      committee: village,
      status: "registered",
      createdAt: "2026-04-01T00:00:00",
    });
    // Another county: outside everyone's scope but the outsider's.
    numbers.d7 = await put({
      region: farTownship,
      committee: township,
      status: "settled_written",
      createdAt: "2026-03-03T09:00:00",
      acceptedAt: "2026-03-03T09:00:00",
      settledAt: "2026-03-04T09:00:00",
      form: "written",
    });
  });
  afterAll(async () => t.close());

  const MARCH = "from=2026-03-01&to=2026-03-31";

  it("counts the county's March exactly: in and out of the period and the scope", async () => {
    const f = await get<DisputeFiguresView>("supervisor", `/mediation/figures?${MARCH}`);
    expect(f.scope.region?.code).toBe(w.county);
    expect(f.figures.counts).toEqual({
      found: 4,
      foundByScreening: 1,
      accepted: 4,
      settled: 2,
      settledWritten: 1,
      settledOral: 1,
      notSettled: 1,
      withinDeadline: 1,
      settledVillage: 2,
      settledTownship: 0,
      settledCounty: 0,
      repeatAlerts: 1,
    });
    expect(f.figures.rates.settlementRate).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    expect(f.figures.rates.withinDeadlineRate.value).toBe(0.5);
    expect(f.figures.rates.villageShare.value).toBe(1);
    // One level down: the world's township holds all of it; the county's other townships nothing.
    const town = f.byRegion.find((r) => r.code === w.township);
    expect(town?.figures.counts.found).toBe(4);
    expect(f.byRegion.filter((r) => r.code !== w.township).every((r) => r.figures.counts.found === 0)).toBe(
      true,
    );
    // By type: neighbour d1 d4; family d3; other d5.
    const byType = Object.fromEntries(f.byType.map((r) => [r.code, r.figures.counts.found]));
    expect(byType).toMatchObject({ neighbour: 2, family: 1, other: 1, labour: 0 });
    expect(f.definitions.settlementRate?.["zh-CN"]).toContain("调解成功率");
    // April: d2 settled, d6 found.
    const april = await get<DisputeFiguresView>(
      "supervisor",
      "/mediation/figures?from=2026-04-01&to=2026-04-30",
    );
    expect(april.figures.counts).toMatchObject({ found: 1, settled: 1, settledTownship: 1, accepted: 0 });
  });

  it("narrows to a village's scope, a type, and one level down from the township", async () => {
    const village = await get<DisputeFiguresView>("villageStaff", `/mediation/figures?${MARCH}`);
    expect(village.scope.region?.code).toBe(w.village);
    expect(village.figures.counts).toMatchObject({ found: 2, accepted: 3, settled: 2, notSettled: 0 });
    // The village's own disputes (registered at the village, in no grid) have the first row, so
    // the rows add up to the village's figures; own=true narrows to them, and so does the list.
    expect(village.byRegion[0]).toMatchObject({ code: w.village, own: true });
    expect(village.byRegion[0]?.figures.counts.found).toBe(1);
    expect(village.byRegion.find((r) => r.code === w.grid)?.figures.counts.found).toBe(1);
    const sum = (f: "found" | "accepted" | "settled") =>
      village.byRegion.reduce((n, r) => n + r.figures.counts[f], 0);
    expect([sum("found"), sum("accepted"), sum("settled")]).toEqual([2, 3, 2]);
    const own = await get<DisputeFiguresView>("villageStaff", `/mediation/figures?${MARCH}&own=true`);
    expect(own.figures.counts).toMatchObject({ found: 1, accepted: 2, settled: 1 });
    expect(own.byRegion).toEqual([]);
    const ownList = await get<FigureDisputeList>(
      "villageStaff",
      `/mediation/figures/disputes?${MARCH}&own=true&figure=found`,
    );
    expect(ownList.items.map((d) => d.number)).toEqual([numbers.d3]);
    const neighbour = await get<DisputeFiguresView>(
      "supervisor",
      `/mediation/figures?${MARCH}&type=neighbour`,
    );
    expect(neighbour.type?.code).toBe("neighbour");
    expect(neighbour.figures.counts).toMatchObject({ found: 2, settled: 1, notSettled: 1 });
    expect(neighbour.byType.map((r) => r.code)).toEqual(["neighbour"]);
    const town = await get<DisputeFiguresView>("dispatcher", `/mediation/figures?${MARCH}`);
    // Nothing was registered at the township itself: no row of its own.
    expect(town.byRegion.some((r) => r.own)).toBe(false);
    const other = town.byRegion.find((r) => r.code === otherVillage);
    expect(other?.figures.counts).toMatchObject({ found: 2, notSettled: 1, settled: 0 });
    expect(town.byRegion.find((r) => r.code === w.village)?.figures.counts.found).toBe(2);
    // The other county's reader sees only their own dispute.
    const far = await get<DisputeFiguresView>("outsider", `/mediation/figures?${MARCH}`);
    expect(far.figures.counts).toMatchObject({ found: 1, settled: 1, settledWritten: 1 });
  });

  it("refuses a region outside the scope (404), an unknown type (404), a reversed period (400)", async () => {
    const out = await get<{ error: { code: string } }>(
      "villageStaff",
      `/mediation/figures?region=${w.county}`,
      404,
    );
    expect(out.error.code).toBeTruthy();
    await get("supervisor", "/mediation/figures?type=nope", 404);
    const reversed = await get<{ error: { code: string } }>(
      "supervisor",
      "/mediation/figures?from=2026-04-01&to=2026-03-01",
      400,
    );
    expect(reversed.error.code).toBeTruthy();
    await get("supervisor", "/mediation/figures?from=2026-02-30", 400);
    // Years the database cannot hold are the client's mistake.
    await get("supervisor", "/mediation/figures?from=0001-01-01&to=9999-12-31", 400);
    await get("supervisor", "/mediation/figures/monthly.xlsx?month=0000-01", 400);
    await get("urbanHandler", "/mediation/figures", 403);
    expect((await t.app.inject({ url: "/api/v1/mediation/figures" })).statusCode).toBe(401);
  });

  it("drills down to exactly the disputes a figure counts", async () => {
    const list = async (figure: string, extra = "") =>
      (
        await get<FigureDisputeList>(
          "supervisor",
          `/mediation/figures/disputes?${MARCH}&figure=${figure}${extra}`,
        )
      ).items
        .map((i) => i.number)
        .sort();
    expect(await list("found")).toEqual([numbers.d1, numbers.d3, numbers.d4, numbers.d5].sort());
    expect(await list("accepted")).toEqual([numbers.d1, numbers.d2, numbers.d3, numbers.d4].sort());
    expect(await list("settled")).toEqual([numbers.d1, numbers.d3].sort());
    expect(await list("withinDeadline")).toEqual([numbers.d1]);
    expect(await list("notSettled")).toEqual([numbers.d4]);
    expect(await list("repeatAlerts")).toEqual([numbers.d3]);
    expect(await list("foundByScreening")).toEqual([numbers.d1]);
    expect(await list("found", `&region=${otherVillage}`)).toEqual([numbers.d4, numbers.d5].sort());
    const page = await get<FigureDisputeList>(
      "supervisor",
      `/mediation/figures/disputes?${MARCH}&figure=found&pageSize=1&page=2`,
    );
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    await get("supervisor", `/mediation/figures/disputes?${MARCH}&figure=bogus`, 400);
  });

  it("counts the month's screening: done, not done, overdue, disputes found", async () => {
    const s = await get<ScreeningFiguresView>("dispatcher", "/mediation/figures/screening?month=2026-03");
    expect(s.figures).toEqual({ villages: 2, done: 1, notDone: 1, overdue: 1, disputesFound: 1 });
    expect(s.byRegion.find((r) => r.code === w.village)?.figures).toMatchObject({
      done: 1,
      disputesFound: 1,
    });
    expect(s.byRegion.find((r) => r.code === otherVillage)?.figures).toMatchObject({
      notDone: 1,
      overdue: 1,
    });
    const village = await get<ScreeningFiguresView>(
      "villageStaff",
      "/mediation/figures/screening?month=2026-03",
    );
    expect(village.figures).toMatchObject({ villages: 1, done: 1 });
    await get("gridWorker", "/mediation/figures/screening?month=2026-03", 403);
    await get("supervisor", "/mediation/figures/screening?month=2026-13", 400);
  });

  it("writes the monthly statistics table: a row per township and a total, numbers as the figures", async () => {
    const res = await t.app.inject({
      url: "/api/v1/mediation/figures/monthly.xlsx?month=2026-03",
      headers: w.headers.supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(String(res.headers["content-disposition"])).toContain("mediation-monthly-2026-03.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(String(sheet.getCell(1, 1).value)).toContain("2026年03月");
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 10)).toEqual([
      "地区",
      "发现纠纷数",
      "其中：排查发现",
      "受理数",
      "调解成功数",
      "其中：书面协议",
      "其中：口头协议",
      "调解不成（引导转出）",
      "调解成功率",
      "按期调结数",
    ]);
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 2) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    const townships = await t.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.parentCode, w.county));
    expect(rows.size).toBe(townships.length + 1);
    const [town] = await t.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.code, w.township));
    const col = (name: string) => header.indexOf(name);
    const row = rows.get(town?.name ?? "");
    const total = rows.get("合计");
    for (const r of [row, total]) {
      expect(r?.slice(1, 8)).toEqual([4, 1, 4, 2, 1, 1, 1]);
      expect(r?.[col("调解成功率")]).toBeCloseTo(2 / 3, 10);
      expect(r?.[col("按期调结数")]).toBe(1);
      expect(r?.[col("邻里纠纷")]).toBe(2);
      expect(r?.[col("婚姻家庭纠纷")]).toBe(1);
      expect(r?.[col("其他纠纷")]).toBe(1);
    }
    // A village's table lists its own disputes' row and its grids; a region outside the scope is 404.
    const villageRes = await t.app.inject({
      url: `/api/v1/mediation/figures/monthly.xlsx?month=2026-03&region=${w.village}`,
      headers: w.headers.supervisor,
    });
    expect(villageRes.statusCode, villageRes.body).toBe(200);
    const villageBook = new ExcelJS.Workbook();
    await villageBook.xlsx.load(villageRes.rawPayload as unknown as ArrayBuffer);
    const villageRows = new Map<string, unknown[]>();
    villageBook.worksheets[0]?.eachRow((r, n) => {
      if (n > 2) villageRows.set(String(r.getCell(1).value), (r.values as unknown[]).slice(1));
    });
    const [villageName] = await t.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.code, w.village));
    expect(villageRows.get(`${villageName?.name}（本级）`)?.[1]).toBe(1);
    expect(villageRows.get("合计")?.[1]).toBe(2);
    const outside = await t.app.inject({
      url: `/api/v1/mediation/figures/monthly.xlsx?month=2026-03&region=${farTownship}`,
      headers: w.headers.supervisor,
    });
    expect(outside.statusCode).toBe(404);
    // The county committees exist (seeded), so the county level is a real column of the figures.
    const county = await t.database.db
      .select({ id: mediationCommittees.id })
      .from(mediationCommittees)
      .where(eq(mediationCommittees.level, "county"));
    expect(county.length).toBeGreaterThan(0);
  });

  it("writes the monthly table in English when asked: title, headers, types, total and file name", async () => {
    const res = await t.app.inject({
      url: "/api/v1/mediation/figures/monthly.xlsx?month=2026-03&lang=en",
      headers: w.headers.supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    const disposition = decodeURIComponent(String(res.headers["content-disposition"]));
    expect(disposition).toContain("mediation-monthly-2026-03.xlsx");
    expect(disposition).not.toContain("人民调解月统计表");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    const title = String(sheet.getCell(1, 1).value);
    expect(title).toContain("People's mediation: monthly statistics");
    expect(title).toContain("2026-03");
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 10)).toEqual([
      "Region",
      "Disputes found",
      "Of which: by screening",
      "Accepted",
      "Settled",
      "Of which: written agreement",
      "Of which: oral agreement",
      "Not settled (referred)",
      "Settlement rate",
      "Settled within deadline",
    ]);
    // The dispute types by their English names, not one header in Chinese.
    expect(header).toEqual(expect.arrayContaining(["Neighbour dispute", "Family and marriage dispute"]));
    expect(header.filter((h) => /\p{Script=Han}/u.test(h))).toEqual([]);
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 2) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    const total = rows.get("Total");
    expect(total?.slice(1, 8)).toEqual([4, 1, 4, 2, 1, 1, 1]);
    expect(total?.[header.indexOf("Neighbour dispute")]).toBe(2);
    // The rate column keeps its percent format in either language.
    expect(sheet.getColumn(header.indexOf("Settlement rate") + 1).numFmt).toBe("0.0%");
    await get("supervisor", "/mediation/figures/monthly.xlsx?month=2026-03&lang=fr", 400);
  });
});
