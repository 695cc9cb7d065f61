/** Words of the exported tables: column headers and the values of coded columns, zh-CN and en. */
import type { CaseChannel, CaseStatus, HandlingLevel, Satisfaction } from "../../db/schema.js";

export const EXPORT_LANGS = ["zh", "en"] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

type Words<K extends string> = Record<ExportLang, Record<K, string>>;

export const STATUS_WORDS: Words<CaseStatus> = {
  zh: {
    triage: "待分拨",
    dispatched: "已分拨",
    handling: "办理中",
    replied: "已答复",
    supervisor_review: "督办审核",
    closed: "已办结",
    rejected: "不予受理",
    merged: "已合并",
  },
  en: {
    triage: "Triage",
    dispatched: "Dispatched",
    handling: "Handling",
    replied: "Replied",
    supervisor_review: "Supervisor review",
    closed: "Closed",
    rejected: "Rejected",
    merged: "Merged",
  },
};

export const CHANNEL_WORDS: Words<CaseChannel> = {
  zh: {
    web: "网页",
    app: "移动端",
    hotline: "热线",
    talk_station: "说事站",
    talk_site: "说事点",
    talk_box: "说事箱",
    patrol: "巡查发现",
    open311: "Open311",
  },
  en: {
    web: "Web",
    app: "App",
    hotline: "Hotline",
    talk_station: "Talk station",
    talk_site: "Talk site",
    talk_box: "Talk box",
    patrol: "Patrol",
    open311: "Open311",
  },
};

export const LEVEL_WORDS: Words<HandlingLevel> = {
  zh: { grid: "网格", village: "村（社区）", township: "乡镇（街道）", department: "部门" },
  en: { grid: "Grid", village: "Village", township: "Township", department: "Department" },
};

export const SATISFACTION_WORDS: Words<Satisfaction> = {
  zh: { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" },
  en: { satisfied: "Satisfied", basically_satisfied: "Basically satisfied", unsatisfied: "Unsatisfied" },
};

export const YES_NO: Record<ExportLang, [string, string]> = { zh: ["是", "否"], en: ["Yes", "No"] };

/** An instant in China time, `YYYY-MM-DD HH:mm` (what a clerk in Langfang reads). */
export function chinaTime(iso: string | null): string | null {
  if (!iso) return null;
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace("T", " ");
}
