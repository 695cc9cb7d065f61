/**
 * The supervision board (督办清单) as a table: the warning and overdue cases GET
 * /supervision/overdue answers for the same filters, every page, in the same order (nearest
 * deadline first) — the work-lists module's own query, so the export and the board agree.
 */
import type { Db } from "../../db/client.js";
import { BadRequestError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { findOverdueBoard, type BoardFilters } from "../cases/index.js";
import { MAX_EXPORT_ROWS } from "./case-table.js";
import { STATUS_WORDS, chinaTime, type ExportLang } from "./labels.js";
import type { Table } from "./table.js";

const HEADERS: Record<ExportLang, string[]> = {
  zh: [
    "编号",
    "状态",
    "时限状态",
    "时限类型",
    "时限",
    "剩余（分钟）",
    "承办单位",
    "类别",
    "地区",
    "诉求内容",
  ],
  en: [
    "Number",
    "Status",
    "Deadline state",
    "Deadline",
    "Due",
    "Minutes left",
    "Assigned unit",
    "Category",
    "Region",
    "Appeal",
  ],
};

const STATE_WORDS: Record<ExportLang, Record<"ok" | "warning" | "overdue", string>> = {
  zh: { ok: "正常", warning: "临期预警", overdue: "已超期" },
  en: { ok: "On time", warning: "Warning", overdue: "Overdue" },
};

const KIND_WORDS: Record<ExportLang, Record<"response" | "handle", string>> = {
  zh: { response: "响应时限", handle: "办结时限" },
  en: { response: "Response", handle: "Handling" },
};

export async function supervisionTable(
  db: Db,
  actor: Actor,
  filters: BoardFilters,
  lang: ExportLang,
): Promise<Table> {
  const items = await findOverdueBoard(db, actor, { limit: MAX_EXPORT_ROWS + 1, offset: 0 }, filters);
  if (items.length > MAX_EXPORT_ROWS) {
    throw new BadRequestError(
      "export_too_large",
      `The board holds more than ${MAX_EXPORT_ROWS} cases; narrow the filters.`,
      [{ field: "query", message: `at most ${MAX_EXPORT_ROWS} rows` }],
    );
  }
  return {
    title: lang === "zh" ? "督办清单" : "Supervision list",
    columns: HEADERS[lang].map((header, i) => ({
      header,
      kind: i === 5 ? "int" : "text",
      width: [16, 10, 10, 10, 17, 12, 24, 16, 16, 50][i],
    })),
    rows: items.map((c) => [
      c.number,
      STATUS_WORDS[lang][c.status],
      STATE_WORDS[lang][c.deadlineState],
      c.deadlineKind ? KIND_WORDS[lang][c.deadlineKind] : null,
      chinaTime(c.dueAt),
      c.remainingMinutes,
      c.assignedOrgName,
      c.categoryName,
      c.regionName,
      c.description,
    ]),
  };
}
