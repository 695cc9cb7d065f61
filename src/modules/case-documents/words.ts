/**
 * The Chinese words of the printed case documents. They are the console's words (the staff read
 * the paper next to the case page), so a code never reaches the paper; when the shared glossary
 * of both web apps exists these should come from it.
 */
import type { CaseChannel, CaseStatus, HandlingLevel, Satisfaction } from "../../db/schema.js";
import type { CaseAction } from "../cases/index.js";

export const STATUS_WORDS: Record<CaseStatus, string> = {
  triage: "待分拨",
  dispatched: "已派发",
  handling: "办理中",
  replied: "已答复",
  supervisor_review: "督办复核",
  closed: "已办结",
  rejected: "不予受理",
  merged: "已合并",
};

/** Each step of the timeline; `triage` is the dispatcher's categorising (not a state change). */
export const ACTION_WORDS: Record<CaseAction | "triage", string> = {
  intake: "受理",
  answer_on_spot: "当场办结",
  triage: "研判",
  dispatch: "派单",
  redispatch: "改派",
  reject: "不予受理",
  respond: "响应（联系群众）",
  send_back: "退单",
  escalate: "上报",
  whistle: "吹哨",
  report: "报到",
  request_extension: "申请延期",
  decide_extension: "审批延期",
  reply: "答复",
  verify: "核查",
  evaluate: "回访评价",
  evaluate_merged: "评价（合并件）",
  supervisor_decide: "复核决定",
  close: "结案",
  merge: "合并",
  transfer_to_mediation: "转人民调解",
  urge: "催办",
  deadline_warning: "临期预警",
  deadline_overdue: "超期",
};

export const CHANNEL_WORDS: Record<CaseChannel, string> = {
  web: "网页",
  app: "App",
  hotline: "热线",
  talk_station: "说事站",
  talk_site: "说事点",
  talk_box: "说事箱",
  patrol: "巡查发现",
  open311: "Open311 接入",
};

export const SATISFACTION_WORDS: Record<Satisfaction, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  unsatisfied: "不满意",
};

export const LEVEL_WORDS: Record<HandlingLevel, string> = {
  grid: "网格",
  village: "村（社区）",
  township: "乡镇（街道）",
  department: "部门",
};

/** Who acted when no staff unit did (the event's label: `resident`, `system`, `open311:<key>`). */
export const ACTOR_LABEL_WORDS: Record<string, string> = {
  resident: "群众",
  system: "系统",
  open311: "Open311 接入",
};

export const REJECT_REASON_WORDS: Record<string, string> = {
  in_court: "已进入诉讼程序",
  redirect_110: "应由 110 处置",
  duplicate: "重复诉求",
  out_of_scope: "不属于受理范围",
  other: "其他",
};

export const CONTACT_WORDS: Record<string, string> = {
  phone: "电话",
  visit: "上门",
  sms: "短信",
  other: "其他",
};

/** The three levels of supervision (三级督办) and their names on the notice. */
export const SUPERVISION_LEVELS = ["township", "county", "city"] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_LEVEL_WORDS: Record<SupervisionLevel, string> = {
  township: "乡镇（街道）级督办",
  county: "县（区）级督办",
  city: "市级督办",
};

/** An instant as a clerk in Langfang reads it: `2026-11-27 08:05`, China time. */
export function chinaTime(at: Date | string | null): string {
  if (at === null) return "—";
  const shifted = new Date(new Date(at).getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace("T", " ");
}

/** `12-06 13:34` when `at` falls in the year of `reference` (China time), else the full `chinaTime`. */
export function shortTime(at: Date | string, reference: Date | string): string {
  const full = chinaTime(at);
  return full.slice(0, 4) === chinaTime(reference).slice(0, 4) ? full.slice(5) : full;
}

/** A date as written on a form: `2026年12月2日 17:30`, China time. */
export function chinaDateWords(at: Date): string {
  const s = new Date(at.getTime() + 8 * 3_600_000);
  const hm = s.toISOString().slice(11, 16);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日 ${hm}`;
}

/** A span in days and hours: "2天5小时", "3小时", "不足1小时". */
export function spanWords(ms: number): string {
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0) return rest === 0 ? "不足1小时" : `${rest}小时`;
  return rest === 0 ? `${days}天` : `${days}天${rest}小时`;
}
