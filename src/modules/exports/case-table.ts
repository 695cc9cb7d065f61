/**
 * Case lists as tables: the staff case list with the filters of GET /cases (the cases module's
 * own query and presentation, so an export shows exactly what the list shows — no contact data),
 * and the cases behind a rate figure (the rates module's drill-down).
 */
import type { Db } from "../../db/client.js";
import { BadRequestError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { listCases } from "../cases/index.js";
import { presentListItem } from "../cases/index.js";
import type { CaseListReq } from "../cases/schemas.js";
import { findCockpitCases } from "../cockpit/index.js";
import type { CockpitCasesReq } from "../cockpit/schemas.js";
import {
  CHANNEL_WORDS,
  LEVEL_WORDS,
  SATISFACTION_WORDS,
  STATUS_WORDS,
  YES_NO,
  chinaTime,
  type ExportLang,
} from "./labels.js";
import type { Table } from "./table.js";

/** The most rows one export holds; a bigger list must be narrowed by its filters. */
export const MAX_EXPORT_ROWS = 50_000;
const PAGE = 1_000;

function tooLarge(total: number, more = false): BadRequestError {
  return new BadRequestError(
    "export_too_large",
    `The list holds ${more ? "more than " : ""}${total} cases; an export holds at most ${MAX_EXPORT_ROWS}. Narrow the filters.`,
    [{ field: "query", message: `at most ${MAX_EXPORT_ROWS} rows` }],
  );
}

const CASE_HEADERS: Record<ExportLang, string[]> = {
  zh: [
    "编号",
    "状态",
    "渠道",
    "类别",
    "摘要",
    "地区",
    "承办单位",
    "紧急",
    "响应时限",
    "办理时限",
    "超期",
    "受理时间",
  ],
  en: [
    "Number",
    "Status",
    "Channel",
    "Category",
    "Summary",
    "Region",
    "Assigned unit",
    "Urgent",
    "Response due",
    "Handling due",
    "Overdue",
    "Received",
  ],
};

/** Every case of the list GET /cases answers for these filters (all pages), as a table. */
export async function caseListTable(
  db: Db,
  actor: Actor,
  query: CaseListReq,
  lang: ExportLang,
): Promise<Table> {
  const [yes, no] = YES_NO[lang];
  const rows: Table["rows"] = [];
  for (let page = 1; ; page++) {
    const {
      rows: found,
      total,
      totalCapped,
    } = await listCases(db, actor, { ...query, page, pageSize: PAGE }, { countUpTo: MAX_EXPORT_ROWS });
    if (totalCapped) throw tooLarge(total, true);
    for (const item of found.map(presentListItem)) {
      rows.push([
        item.number,
        STATUS_WORDS[lang][item.status],
        CHANNEL_WORDS[lang][item.channel],
        item.category?.name ?? null,
        item.summary,
        item.region.name,
        item.assignedUnit?.name ?? null,
        item.urgent ? yes : no,
        chinaTime(item.responseDueAt),
        chinaTime(item.handleDueAt),
        item.overdue ? yes : no,
        chinaTime(item.createdAt),
      ]);
    }
    if (found.length < PAGE || page * PAGE >= total) break;
  }
  const widths = [16, 10, 10, 16, 40, 16, 24, 6, 17, 17, 6, 17];
  return {
    title: lang === "zh" ? "诉求列表" : "Cases",
    columns: CASE_HEADERS[lang].map((header, i) => ({ header, kind: "text", width: widths[i] })),
    rows,
  };
}

const RATE_CASE_HEADERS: Record<ExportLang, string[]> = {
  zh: [
    "编号",
    "状态",
    "类别",
    "类别代码",
    "地区",
    "地区代码",
    "办理层级",
    "答复层级",
    "受理时间",
    "响应时限",
    "响应时间",
    "办理时限",
    "答复时间",
    "评价时间",
    "已解决",
    "满意度",
    "办结时间",
  ],
  en: [
    "Number",
    "Status",
    "Category",
    "Category code",
    "Region",
    "Region code",
    "Handling level",
    "Solved at",
    "Received",
    "Response due",
    "Responded",
    "Handling due",
    "Replied",
    "Evaluated",
    "Resolved",
    "Satisfaction",
    "Closed",
  ],
};

/** The cases behind one figure's numerator or denominator (GET /rates/cases or /cockpit/cases, every page). */
export async function rateCasesTable(
  db: Db,
  actor: Actor,
  query: CockpitCasesReq,
  lang: ExportLang,
): Promise<Table> {
  const page = await findCockpitCases(db, actor, query, { page: 1, pageSize: MAX_EXPORT_ROWS + 1 });
  if (page.total > MAX_EXPORT_ROWS) throw tooLarge(page.total);
  const [yes, no] = YES_NO[lang];
  const level = (l: keyof (typeof LEVEL_WORDS)["zh"] | null) => (l ? LEVEL_WORDS[lang][l] : null);
  return {
    title: lang === "zh" ? "指标诉求" : "Cases of a figure",
    columns: RATE_CASE_HEADERS[lang].map((header, i) => ({
      header,
      kind: "text",
      width: i === 2 || i === 4 ? 24 : i < 2 ? 16 : 14,
    })),
    rows: page.items.map((c) => [
      c.number,
      STATUS_WORDS[lang][c.status],
      // Names for people, the codes beside them for machines (joins, pivot tables).
      c.category ? (lang === "zh" ? c.category.name : c.category.nameEn) : null,
      c.categoryCode,
      c.region.name,
      c.regionCode,
      level(c.handlingLevel),
      level(c.solvedLevel),
      chinaTime(c.createdAt),
      chinaTime(c.responseDueAt),
      chinaTime(c.respondedAt),
      chinaTime(c.handleDueAt),
      chinaTime(c.repliedAt),
      chinaTime(c.evaluatedAt),
      c.resolved === null ? null : c.resolved ? yes : no,
      c.satisfaction ? SATISFACTION_WORDS[lang][c.satisfaction] : null,
      chinaTime(c.closedAt),
    ]),
  };
}
