/**
 * 群众诉求办理单 — the case handling sheet: the paper a unit files with a case (or hands to the
 * person who goes out to solve it): the appeal's facts, what is required by when, every step so
 * far, the resident's evaluation, and boxes for the handler's and the reviewer's signatures.
 */
import { PdfSheet } from "../../core/pdf/pdf-sheet.js";
import {
  TIMELINE_COLUMNS,
  evaluationRows,
  factRows,
  handlingRows,
  spokenNumber,
  timelineRows,
} from "./case-blocks.js";
import type { Centre } from "./issuing-centre.js";
import type { PrintableCase } from "./load-printable-case.js";
import { chinaTime } from "./words.js";

export const HANDLING_SHEET_TITLE = "群众诉求办理单";

/** The handling sheet of `printable`, issued in the name of `centre`, as PDF bytes. */
export async function renderHandlingSheet(
  printable: PrintableCase,
  centre: Centre | null,
  now = new Date(),
): Promise<{ pdf: Buffer; pages: number }> {
  const { detail } = printable;
  const printedAt = chinaTime(now);
  const sheet = PdfSheet.open({
    title: HANDLING_SHEET_TITLE,
    issuer: centre?.name ?? "综治中心",
    reference: `编号 ${detail.number}`,
    printedBy: `打印：${printable.printedBy} ${printedAt}`,
    subject: `第 ${detail.number} 号群众诉求的办理单`,
  });
  sheet
    .masthead({
      number: { label: "编号", value: spokenNumber(detail.number) },
      aside: `打印时间 ${printedAt}`,
    })
    .section("一、诉求信息")
    .fields(factRows(printable))
    .section("二、办理要求")
    .fields(handlingRows(detail, now.getTime()))
    .section("三、办理过程")
    .table(TIMELINE_COLUMNS, timelineRows(detail))
    .section("四、群众评价")
    .fields(evaluationRows(detail))
    .section("五、签字")
    .signatures([
      { label: "承办人（签字）" },
      { label: "审核人（签字）" },
      { label: "日期", hint: "年　　月　　日" },
    ]);
  return sheet.finish();
}
