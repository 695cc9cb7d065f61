/**
 * The rate tables of the cockpit as tables: the figures of the scope, per county, township,
 * department or category (GET /rates/breakdown) or per month (GET /cockpit/trend) — computed by
 * the same functions those routes call, so a row equals what the cockpit shows.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations, regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { computeTrend } from "../cockpit/index.js";
import { categoryNamesEn, computeBreakdown, computeRates } from "../rates/index.js";
import { resolveRateScope } from "../rates/index.js";
import { loadRateSettings } from "../rates/index.js";
import type { BreakdownDimension, Figures, RateScopeReq } from "../rates/schemas.js";
import type { ExportLang } from "./labels.js";
import type { Column, Table } from "./table.js";

export const RATE_TABLES = ["summary", "county", "township", "department", "category", "month"] as const;
export type RateTableBy = (typeof RATE_TABLES)[number];

const FIRST: Record<ExportLang, Record<RateTableBy, [string, string]>> = {
  zh: {
    summary: ["范围", "代码"],
    county: ["县（市、区）", "代码"],
    township: ["乡镇（街道）", "代码"],
    department: ["部门", "编号"],
    category: ["类别", "代码"],
    month: ["月份", "起止"],
  },
  en: {
    summary: ["Scope", "Code"],
    county: ["County", "Code"],
    township: ["Township", "Code"],
    department: ["Department", "Id"],
    category: ["Category", "Code"],
    month: ["Month", "Days"],
  },
};

/** The sheet's title: what the rows are, in the export's language. */
const TITLES: Record<ExportLang, Record<RateTableBy, string>> = {
  zh: {
    summary: "三率 汇总",
    county: "三率 按县（市、区）",
    township: "三率 按乡镇（街道）",
    department: "三率 按部门",
    category: "三率 按类别",
    month: "三率 按月",
  },
  en: {
    summary: "Rates summary",
    county: "Rates by county",
    township: "Rates by township",
    department: "Rates by department",
    category: "Rates by category",
    month: "Rates by month",
  },
};

/** The scope of a summary by name: the region's or the unit's (names are Chinese data). */
async function scopeName(db: Db, req: RateScopeReq, lang: ExportLang): Promise<string> {
  if (req.region !== undefined) {
    const [r] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, req.region));
    if (r) return r.name;
  }
  if (req.department !== undefined) {
    const [o] = await db
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, req.department));
    if (o) return o.name;
  }
  return lang === "zh" ? "全部" : "All";
}

const FIGURE_HEADERS: Record<ExportLang, Column[]> = {
  zh: [
    { header: "受理件数", kind: "int" },
    { header: "响应率", kind: "percent" },
    { header: "按时响应", kind: "int" },
    { header: "应响应", kind: "int" },
    { header: "解决率", kind: "percent" },
    { header: "已解决", kind: "int" },
    { header: "已评价", kind: "int" },
    { header: "满意率", kind: "percent" },
    { header: "满意", kind: "int" },
    { header: "基本满意", kind: "int" },
    { header: "综合得分", kind: "percent" },
    { header: "按期办结率", kind: "percent" },
    { header: "网格和村级化解占比", kind: "percent" },
    { header: "超期件数", kind: "int" },
    { header: "办结件数", kind: "int" },
  ],
  en: [
    { header: "Received", kind: "int" },
    { header: "Response rate", kind: "percent" },
    { header: "Responded in time", kind: "int" },
    { header: "Response due", kind: "int" },
    { header: "Resolution rate", kind: "percent" },
    { header: "Resolved", kind: "int" },
    { header: "Evaluated", kind: "int" },
    { header: "Satisfaction rate", kind: "percent" },
    { header: "Satisfied", kind: "int" },
    { header: "Basically satisfied", kind: "int" },
    { header: "Composite score", kind: "percent" },
    { header: "On-time rate", kind: "percent" },
    { header: "Grid/village share", kind: "percent" },
    { header: "Overdue", kind: "int" },
    { header: "Closed", kind: "int" },
  ],
};

function figureCells(f: Figures): (number | null)[] {
  return [
    f.received.value,
    f.responseRate.value,
    f.responseRate.numerator,
    f.responseRate.denominator,
    f.resolutionRate.value,
    f.resolutionRate.numerator,
    f.resolutionRate.denominator,
    f.satisfactionRate.value,
    f.satisfactionRate.satisfied,
    f.satisfactionRate.basicallySatisfied,
    f.composite.value,
    f.onTimeRate.value,
    f.gridVillageShare.value,
    f.overdue.value,
    f.closed.value,
  ];
}

/** One rate table for `actor` and the scope and period asked for. */
export async function rateTable(
  db: Db,
  actor: Actor,
  req: RateScopeReq & { by: RateTableBy },
  lang: ExportLang,
): Promise<Table> {
  const now = new Date();
  const [nameHeader, codeHeader] = FIRST[lang][req.by];
  const columns: Column[] = [
    { header: nameHeader, kind: "text", width: 24 },
    { header: codeHeader, kind: "text", width: 16 },
    ...FIGURE_HEADERS[lang],
  ];
  let rows: Table["rows"];
  if (req.by === "month") {
    const trend = await computeTrend(db, actor, req, now);
    rows = trend.months.map((m) => [m.month, `${m.from} – ${m.to}`, ...figureCells(m.figures)]);
  } else {
    const scope = await resolveRateScope(db, actor, req);
    const settings = await loadRateSettings(db);
    if (req.by === "summary") {
      const figures = await computeRates(db, scope, settings, now);
      rows = [
        [await scopeName(db, req, lang), req.region ?? req.department ?? null, ...figureCells(figures)],
      ];
    } else {
      const breakdown = await computeBreakdown(db, scope, req.by as BreakdownDimension, settings, now);
      const none = lang === "zh" ? "（无）" : "(none)";
      // Categories by their English name in English; places and units have only their Chinese name.
      const english =
        lang === "en" && req.by === "category"
          ? await categoryNamesEn(
              db,
              breakdown.map((r) => r.key),
            )
          : new Map<string, string>();
      rows = breakdown.map((r) => [
        (r.key === null ? undefined : english.get(r.key)) ?? r.name ?? none,
        r.key,
        ...figureCells(r.figures),
      ]);
    }
  }
  const period = [req.from, req.to].filter(Boolean).join("–");
  const title = `${TITLES[lang][req.by]}${period ? ` ${period}` : ""}`;
  return { title: title.replace(/[\\/*?:[\]]/g, "-"), columns, rows };
}
