/**
 * The parts both printed case documents share: the facts of the appeal, who holds it by when,
 * the timeline and the evaluation, as label/value rows and table rows of Chinese words.
 */
import type { Column, Field } from "../../core/pdf/pdf-sheet.js";
import type { CaseDetail } from "../cases/schemas.js";
import type { PrintableCase } from "./load-printable-case.js";
import {
  ACTION_WORDS,
  ACTOR_LABEL_WORDS,
  CHANNEL_WORDS,
  CONTACT_WORDS,
  LEVEL_WORDS,
  REJECT_REASON_WORDS,
  SATISFACTION_WORDS,
  STATUS_WORDS,
  chinaTime,
  shortTime,
} from "./words.js";

type TimelineEvent = CaseDetail["timeline"][number];

/** The case number in groups of four, easier to read out on the phone: 2611 2702 0001. */
export function spokenNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** 张* · 138****5678, or why there is no one to call back. */
function reporterFields(detail: CaseDetail): Field[] {
  const r = detail.reporter;
  if (r.anonymous)
    return [
      { label: "反映人", value: "匿名" },
      { label: "联系电话", value: "—" },
    ];
  return [
    { label: "反映人", value: r.name ?? "—" },
    { label: "联系电话", value: [r.phone, r.email].filter((v) => v !== null).join("　") || "—" },
  ];
}

/** 一、诉求信息: what was raised, where, when, through which door, by whom (masked). */
export function factRows({ detail, place }: PrintableCase): Field[][] {
  const where = [place.join(" "), detail.address ? `地址：${detail.address}` : null].filter(Boolean);
  return [
    [
      { label: "诉求类别", value: detail.category?.name ?? "未分类" },
      { label: "来源渠道", value: CHANNEL_WORDS[detail.channel] },
    ],
    [
      { label: "受理时间", value: chinaTime(detail.createdAt) },
      { label: "紧急程度", value: detail.urgent ? "紧急" : "一般" },
    ],
    reporterFields(detail),
    [{ label: "发生地点", value: where.join("；") }],
    [{ label: "诉求内容", value: detail.description }],
  ];
}

/** A deadline with what became of it: met (when, late or not), running, or missed. */
function deadlineText(due: string | null, doneAt: string | null, doneWord: string, now: number): string {
  if (due === null) return "—";
  if (doneAt !== null) {
    const late = new Date(doneAt).getTime() > new Date(due).getTime();
    return `${chinaTime(due)}（${shortTime(doneAt, due)} ${doneWord}${late ? "，超时" : ""}）`;
  }
  return new Date(due).getTime() < now ? `${chinaTime(due)}（已超期）` : chinaTime(due);
}

/** 二、办理要求: state, level, the units, the deadlines, units whistled in, extensions. */
export function handlingRows(detail: CaseDetail, now = Date.now()): Field[][] {
  const rows: Field[][] = [
    [
      { label: "当前状态", value: STATUS_WORDS[detail.status] + (detail.overdue ? "（超期）" : "") },
      { label: "办理层级", value: detail.handlingLevel ? LEVEL_WORDS[detail.handlingLevel] : "—" },
    ],
    [
      { label: "承办单位", value: detail.assignedUnit?.name ?? "—" },
      { label: "牵头单位", value: detail.leadUnit?.name ?? "—" },
    ],
    [
      { label: "响应时限", value: deadlineText(detail.responseDueAt, detail.respondedAt, "已响应", now) },
      { label: "办理时限", value: deadlineText(detail.handleDueAt, detail.repliedAt, "已答复", now) },
    ],
  ];
  if (detail.whistles.length > 0) {
    const joint = detail.whistles.map(
      (w) =>
        `${w.unit.name}（报到时限 ${chinaTime(w.reportDueAt)}，${
          w.reportedAt ? `${chinaTime(w.reportedAt)} 已报到` : w.overdue ? "逾期未报到" : "未报到"
        }）`,
    );
    rows.push([{ label: "协办单位", value: joint.join("\n") }]);
  }
  if (detail.extensions.length > 0) {
    const asked = detail.extensions.map((x) => {
      const decision = x.decision === "approved" ? "已批准" : x.decision === "denied" ? "未批准" : "待审批";
      return `${x.unit?.name ?? "—"} 申请延长 ${x.extraHours} 小时：${x.reason}（${decision}）`;
    });
    rows.push([{ label: "延期申请", value: asked.join("\n") }]);
  }
  if (detail.mergedInto) rows.push([{ label: "合并至", value: `第 ${detail.mergedInto.number} 号诉求` }]);
  return rows;
}

/** Who acted: the unit and the person; a resident or the system by role only, never by name. */
function actorText(e: TimelineEvent): string {
  const label = e.label?.split(":")[0] ?? null;
  const role = label !== null ? (ACTOR_LABEL_WORDS[label] ?? null) : null;
  if (e.unit) return e.actor && label === null ? `${e.unit.name}（${e.actor.name}）` : e.unit.name;
  return role ?? e.actor?.name ?? "—";
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** What the step did, from its recorded data (target unit, reason, decision…), in words. */
function detailText(e: TimelineEvent): string | null {
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.action) {
    case "dispatch":
    case "redispatch":
      return text(d.orgName) && `派至 ${text(d.orgName)}`;
    case "send_back":
      return text(d.toOrgName) && `退回 ${text(d.toOrgName)}`;
    case "escalate":
      return text(d.toOrgName) && `上报 ${text(d.toOrgName)}`;
    case "reject":
      return text(d.reason) && `原因：${REJECT_REASON_WORDS[String(d.reason)] ?? "其他"}`;
    case "respond":
      return text(d.contactMethod) && `联系方式：${CONTACT_WORDS[String(d.contactMethod)] ?? "其他"}`;
    case "request_extension":
      return typeof d.extraHours === "number" ? `申请延长 ${d.extraHours} 小时` : null;
    case "decide_extension":
      return d.decision === "approved" ? "批准延期" : d.decision === "denied" ? "不批准延期" : null;
    case "verify":
      return d.passed === true ? "核查通过" : d.passed === false ? "核查未通过" : null;
    case "evaluate":
    case "evaluate_merged": {
      const sat = text(d.satisfaction);
      const resolved = d.resolved === true ? "已解决" : d.resolved === false ? "未解决" : null;
      return [resolved, sat ? SATISFACTION_WORDS[sat as keyof typeof SATISFACTION_WORDS] : null]
        .filter(Boolean)
        .join("，");
    }
    default:
      return null;
  }
}

export const TIMELINE_COLUMNS: Column[] = [
  { header: "序号", share: 0.66, align: "center" },
  { header: "时间", share: 1.3 },
  { header: "单位（经办人）", share: 3.1 },
  { header: "环节", share: 1.75 },
  { header: "说明", share: 3.2 },
];

/**
 * The timeline, oldest first: number, time (without the year when it is the year of intake),
 * who, the step in words, and what was recorded and noted.
 */
export function timelineRows(detail: CaseDetail): string[][] {
  return detail.timeline.map((e, i) => [
    String(i + 1),
    shortTime(e.at, detail.createdAt),
    actorText(e),
    ACTION_WORDS[e.action as keyof typeof ACTION_WORDS] ?? "其他",
    [detailText(e), e.note].filter(Boolean).join("\n"),
  ]);
}

/** 群众评价: resolved or not, how satisfied, what they said, when; or that it is still to come. */
export function evaluationRows(detail: CaseDetail): Field[][] {
  if (detail.evaluatedAt === null) return [[{ label: "评价情况", value: "尚未评价" }]];
  const rows: Field[][] = [
    [
      { label: "是否解决", value: detail.resolved === null ? "—" : detail.resolved ? "已解决" : "未解决" },
      { label: "满意程度", value: detail.satisfaction ? SATISFACTION_WORDS[detail.satisfaction] : "—" },
    ],
    [{ label: "评价时间", value: chinaTime(detail.evaluatedAt) }],
  ];
  if (detail.evaluationComment) rows.push([{ label: "评价意见", value: detail.evaluationComment }]);
  return rows;
}
