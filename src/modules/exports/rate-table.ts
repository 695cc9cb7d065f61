/**
 * The rate tables of the cockpit as tables: the figures of the scope, per county, township,
 * department or category (GET /rates/breakdown) or per month (GET /cockpit/trend) — computed by
 * the same functions those routes call, so a row equals what the cockpit shows.
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { computeTrend } from "../cockpit/index.js";
import { computeBreakdown, computeRates } from "../rates/index.js";
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
      const label = req.region ?? req.department ?? (lang === "zh" ? "全部" : "All");
      rows = [[label, req.region ?? req.department ?? null, ...figureCells(figures)]];
    } else {
      const breakdown = await computeBreakdown(db, scope, req.by as BreakdownDimension, settings, now);
      const none = lang === "zh" ? "（无）" : "(none)";
      rows = breakdown.map((r) => [r.name ?? none, r.key, ...figureCells(r.figures)]);
    }
  }
  const period = [req.from, req.to].filter(Boolean).join("–");
  const title = `${lang === "zh" ? "三率" : "Rates"} ${req.by}${period ? ` ${period}` : ""}`;
  return { title: title.replace(/[\\/*?:[\]]/g, "-"), columns, rows };
}
