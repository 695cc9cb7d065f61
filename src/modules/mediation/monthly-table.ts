/**
 * The monthly statistics table of people's mediation (人民调解工作月统计表) that a county justice
 * bureau asks for: one row per region one level down (a county's townships) and a total row;
 * columns: disputes found (of which by screening), accepted, settled (written / oral), not settled
 * (referred), settlement rate, settled within the deadline, and the disputes found by type. The
 * numbers are the dispute figures' own (./figures.ts) for the month, so the table and the page
 * never disagree. Written by exceljs with real numbers.
 */
import ExcelJS from "exceljs";
import { and, asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { BadRequestError } from "../../shared/errors.js";
import type { DisputeCount, MonthlyTableReq } from "./figures-schemas.js";
import {
  childCode,
  childRegions,
  countDisputes,
  figurePredicates,
  figureValues,
  monthPeriod,
  resolveFigureRegion,
} from "./figures.js";
import { disputesVisibleThrough } from "./policy.js";
import { disputes, disputeTypes } from "./schema.js";
import { monthOf } from "./screening-workflow.js";

type Lang = MonthlyTableReq["lang"];

const COUNT_COLUMNS: { figure: DisputeCount; header: Record<Lang, string> }[] = [
  { figure: "found", header: { zh: "发现纠纷数", en: "Disputes found" } },
  { figure: "foundByScreening", header: { zh: "其中：排查发现", en: "Of which: by screening" } },
  { figure: "accepted", header: { zh: "受理数", en: "Accepted" } },
  { figure: "settled", header: { zh: "调解成功数", en: "Settled" } },
  { figure: "settledWritten", header: { zh: "其中：书面协议", en: "Of which: written agreement" } },
  { figure: "settledOral", header: { zh: "其中：口头协议", en: "Of which: oral agreement" } },
  { figure: "notSettled", header: { zh: "调解不成（引导转出）", en: "Not settled (referred)" } },
];

/** The table's other words, in each language. */
const WORDS: Record<
  Lang,
  { region: string; rate: string; withinDeadline: string; total: string; own: (name: string) => string }
> = {
  zh: {
    region: "地区",
    rate: "调解成功率",
    withinDeadline: "按期调结数",
    total: "合计",
    own: (name) => `${name}（本级）`,
  },
  en: {
    region: "Region",
    rate: "Settlement rate",
    withinDeadline: "Settled within deadline",
    total: "Total",
    own: (name) => `${name} (registered at this level)`,
  },
};

export interface MonthlyTable {
  month: string;
  lang: Lang;
  regionName: string;
  headers: string[];
  /** Region name, then the numbers (the rate as a fraction, null when nothing concluded). */
  rows: (string | number | null)[][];
}

/** The month's table for the reader's region (or the one asked for), one row per region below it. */
export async function buildMonthlyTable(
  db: Db,
  actor: Actor | null,
  q: MonthlyTableReq,
  now = new Date(),
): Promise<MonthlyTable> {
  const bindings = requirePermission(actor, "mediation.read");
  const region = await resolveFigureRegion(db, bindings, q.region);
  if (!region) {
    throw new BadRequestError(
      "region_required",
      "Name the region of the table: you hold more than one scope.",
    );
  }
  const month = q.month ?? monthOf(now);
  const p = monthPeriod(month);
  const where = and(disputesVisibleThrough(bindings), sql`${disputes.regionPath} <@ ${region.path}::ltree`);
  const key = childCode(disputes.regionPath, region.path);
  const [children, counts, types, byType] = await Promise.all([
    childRegions(db, region),
    countDisputes(db, where, p, key),
    db
      .select({
        code: disputeTypes.code,
        name: q.lang === "en" ? disputeTypes.nameEn : disputeTypes.nameZh,
        active: disputeTypes.active,
      })
      .from(disputeTypes)
      .orderBy(asc(disputeTypes.sortOrder), asc(disputeTypes.code)),
    db
      .select({
        key: sql<string>`${key}`.as("figure_key"),
        type: disputes.typeCode,
        n: sql<number>`count(*)`.mapWith(Number),
      })
      .from(disputes)
      .where(and(where, figurePredicates(p).found))
      .groupBy(sql`1`, disputes.typeCode),
  ]);
  // The region's own disputes (registered at it, in no region below) have the key null: "".
  const found = new Map(byType.map((r) => [`${r.key ?? ""}|${r.type}`, r.n]));
  const shownTypes = types.filter((t) => t.active || byType.some((r) => r.type === t.code));
  const words = WORDS[q.lang];
  const headers = [
    words.region,
    ...COUNT_COLUMNS.map((c) => c.header[q.lang]),
    words.rate,
    words.withinDeadline,
    ...shownTypes.map((t) => t.name),
  ];
  const rowOf = (name: string, code: string | null) => {
    const sum = (f: DisputeCount) =>
      code !== null ? (counts.get(code)?.[f] ?? 0) : [...counts.values()].reduce((s, c) => s + c[f], 0);
    const c = Object.fromEntries(COUNT_COLUMNS.map((col) => [col.figure, sum(col.figure)])) as Record<
      DisputeCount,
      number
    >;
    const all = { ...c, withinDeadline: sum("withinDeadline") } as Record<DisputeCount, number>;
    for (const f of ["settledVillage", "settledTownship", "settledCounty", "repeatAlerts"] as const)
      all[f] = 0;
    const values = figureValues(all);
    const typeCount = (t: string) =>
      code !== null
        ? (found.get(`${code}|${t}`) ?? 0)
        : byType.filter((r) => r.type === t).reduce((s, r) => s + r.n, 0);
    return [
      name,
      ...COUNT_COLUMNS.map((col) => c[col.figure]),
      values.rates.settlementRate.value,
      all.withinDeadline,
      ...shownTypes.map((t) => typeCount(t.code)),
    ];
  };
  return {
    month,
    lang: q.lang,
    regionName: region.name,
    headers,
    rows: [
      ...(counts.has("") ? [rowOf(words.own(region.name), "")] : []),
      ...children.map((r) => rowOf(r.name, r.code)),
      rowOf(words.total, null),
    ],
  };
}

/** The table as an XLSX workbook: a title row, the header, one row per region, the total in bold. */
export async function monthlyTableXlsx(table: MonthlyTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Microgov";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(`${table.month}`, {
    views: [{ state: "frozen", ySplit: 2, xSplit: 1 }],
  });
  const title =
    table.lang === "en"
      ? `People's mediation: monthly statistics, ${table.regionName}, ${table.month}`
      : `${table.regionName}人民调解工作月统计表（${table.month.replace("-", "年")}月）`;
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, table.headers.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(table.headers);
  sheet.getRow(2).font = { bold: true };
  sheet.getRow(2).alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  const rateColumn = table.headers.indexOf(WORDS[table.lang].rate) + 1;
  sheet.columns.forEach((c, i) => {
    c.width = i === 0 ? 20 : 11;
  });
  for (const row of table.rows) sheet.addRow(row);
  sheet.getColumn(rateColumn).numFmt = "0.0%";
  sheet.getRow(sheet.rowCount).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266 / 5987). */
export function monthlyTableDisposition(table: MonthlyTable): string {
  const name =
    table.lang === "en"
      ? `mediation-monthly-${table.regionName}-${table.month}.xlsx`
      : `人民调解月统计表-${table.regionName}-${table.month}.xlsx`;
  const ascii = `mediation-monthly-${table.month}.xlsx`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
