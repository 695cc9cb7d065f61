/**
 * 诉求督办单 — the supervision notice of the three-level supervision (三级督办): a township,
 * county or city centre tells the unit holding a case what is overdue or was urged, and by when
 * it must answer in writing; the issuer signs and seals it, the unit signs the receipt.
 */
import { PdfSheet, type Column } from "../../core/pdf/pdf-sheet.js";
import type { CaseDetail } from "../cases/schemas.js";
import { TIMELINE_COLUMNS, factRows, handlingRows, spokenNumber, timelineRows } from "./case-blocks.js";
import type { Centre } from "./issuing-centre.js";
import type { PrintableCase } from "./load-printable-case.js";
import {
  SUPERVISION_LEVEL_WORDS,
  chinaDateWords,
  chinaTime,
  spanWords,
  type SupervisionLevel,
} from "./words.js";

export const SUPERVISION_NOTICE_TITLE = "诉求督办单";

export interface NoticeOptions {
  level: SupervisionLevel;
  centre: Centre;
  /** When the unit must answer by (the caller counts working days on the working calendar). */
  answerBy: Date;
  now?: Date;
}

const ITEM_COLUMNS: Column[] = [
  { header: "督办事项", share: 1.3 },
  { header: "时限 / 时间", share: 1.6 },
  { header: "情况", share: 4.2 },
];

/** A deadline's state now: met, running (time left), or missed (by how long). */
function deadlineState(due: string | null, doneAt: string | null, doneWord: string, now: number) {
  if (due === null) return null;
  const dueMs = new Date(due).getTime();
  if (doneAt !== null) {
    const late = new Date(doneAt).getTime() - dueMs;
    return `${chinaTime(doneAt)} ${doneWord}${late > 0 ? `，超时 ${spanWords(late)}` : ""}`;
  }
  return dueMs < now
    ? `已超期 ${spanWords(now - dueMs)}，尚未${doneWord.replace(/^已/, "")}`
    : `剩余 ${spanWords(dueMs - now)}`;
}

/** What the notice is about, one row per matter: deadlines, overdue marks, urgings, joint units, extensions. */
export function supervisionItems(detail: CaseDetail, now: number): string[][] {
  const rows: string[][] = [];
  const response = deadlineState(detail.responseDueAt, detail.respondedAt, "已响应", now);
  if (response) rows.push(["响应时限", chinaTime(detail.responseDueAt), response]);
  const handling = deadlineState(detail.handleDueAt, detail.repliedAt, "已答复", now);
  if (handling) rows.push(["办理时限", chinaTime(detail.handleDueAt), handling]);
  for (const e of detail.timeline) {
    if (e.action === "deadline_overdue") rows.push(["超期标记", chinaTime(e.at), "系统标记超期"]);
    if (e.action === "urge") {
      const by = e.unit ? `${e.unit.name}${e.actor ? `（${e.actor.name}）` : ""}` : "督办人员";
      rows.push(["催办", chinaTime(e.at), `${by}催办${e.note ? `：${e.note}` : ""}`]);
    }
  }
  for (const w of detail.whistles) {
    if (w.reportedAt === null && new Date(w.reportDueAt).getTime() < now) {
      rows.push(["协办报到", chinaTime(w.reportDueAt), `${w.unit.name} 逾期未报到`]);
    }
  }
  for (const x of detail.extensions) {
    if (x.decision === null) {
      rows.push(["延期申请", chinaTime(x.createdAt), `申请延长 ${x.extraHours} 小时，待审批：${x.reason}`]);
    }
  }
  return rows;
}

/** The sentence that says why the case is supervised now. */
function situation(detail: CaseDetail, now: number): string {
  const late = (due: string | null) =>
    due !== null && new Date(due).getTime() < now ? now - new Date(due).getTime() : 0;
  if (detail.status === "supervisor_review") return "经群众评价仍未解决，已进入督办复核";
  if (detail.status === "replied") return "已答复，尚待群众评价";
  if (detail.respondedAt === null && late(detail.responseDueAt) > 0) {
    return `已超过响应时限 ${spanWords(late(detail.responseDueAt))}，尚未联系群众`;
  }
  if (detail.repliedAt === null && late(detail.handleDueAt) > 0) {
    return `已超过办理时限 ${spanWords(late(detail.handleDueAt))}，尚未办结`;
  }
  if (detail.handleDueAt !== null) {
    return `办理时限为 ${chinaTime(detail.handleDueAt)}，尚未办结`;
  }
  return "尚未办结";
}

/** The supervision notice of `printable` at `options.level`, as PDF bytes. */
export async function renderSupervisionNotice(
  printable: PrintableCase,
  options: NoticeOptions,
): Promise<{ pdf: Buffer; pages: number }> {
  const { detail, place } = printable;
  const now = options.now ?? new Date();
  const issuedAt = chinaTime(now);
  const recipient = detail.assignedUnit?.name ?? "承办单位";
  const levelWords = SUPERVISION_LEVEL_WORDS[options.level];
  const sheet = PdfSheet.open({
    title: SUPERVISION_NOTICE_TITLE,
    issuer: options.centre.name,
    reference: `编号 ${detail.number}`,
    printedBy: `打印：${printable.printedBy} ${issuedAt}`,
    subject: `第 ${detail.number} 号群众诉求的${levelWords}单`,
  });
  const category = detail.category?.name ?? "未分类";
  sheet
    .masthead({
      subtitle: levelWords,
      number: { label: "编号", value: spokenNumber(detail.number) },
      aside: `签发时间 ${issuedAt}`,
    })
    .paragraph(`${recipient}：`, { weight: "bold", size: 11.5 })
    .paragraph(
      `你单位承办的第 ${detail.number} 号群众诉求（${category}，${place.slice(1).join("")}），` +
        `${situation(detail, now.getTime())}。现予${levelWords}，请于 ${chinaDateWords(options.answerBy)} 前办结，` +
        `并将办理情况书面反馈${options.centre.name}；确有困难的，请在期限内说明原因和下一步措施。`,
      { indent: true, size: 11.5 },
    )
    .space(4)
    .section("一、督办事项")
    .table(ITEM_COLUMNS, [
      ...supervisionItems(detail, now.getTime()),
      ["反馈期限", chinaTime(options.answerBy), `请于此前将办理情况书面反馈${options.centre.name}`],
    ])
    .section("二、诉求信息")
    .fields(factRows(printable))
    .section("三、办理情况")
    .fields(handlingRows(detail, now.getTime()))
    .section("四、办理过程")
    .table(TIMELINE_COLUMNS, timelineRows(detail))
    .section("五、签发")
    .signatures(
      [{ label: "签发人（签字）" }, { label: "审核人（签字）" }, { label: "日期", hint: "年　　月　　日" }],
      { seal: options.centre.name },
    )
    .section("六、签收回执")
    .signatures([
      { label: `签收单位：${recipient}` },
      { label: "签收人（签字）" },
      { label: "签收时间", hint: "年　　月　　日" },
    ]);
  return sheet.finish();
}
