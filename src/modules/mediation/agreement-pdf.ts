/**
 * 人民调解协议书 — the written agreement of a settled dispute, as the People's Mediation Law
 * (art. 29) asks: the parties, the main facts and the disputed matters, what was agreed, how and
 * by when it is performed; then the parties' signatures, the mediator's, and the committee's seal.
 * Set with the core's printed-document kit (CJK font from npm); every print is audited.
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { PdfSheet } from "../../core/pdf/pdf-sheet.js";
import { ConflictError } from "../../shared/errors.js";
import { getDispute } from "./find-disputes.js";

export const AGREEMENT_TITLE = "人民调解协议书";

const ROLE_WORDS = { applicant: "申请人", respondent: "被申请人", other: "其他当事人" } as const;

/** 2026-12-06 → 2026年12月6日. */
function chinaDate(day: string | null): string {
  if (day === null) return "—";
  const [y, m, d] = day.slice(0, 10).split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The agreement of dispute `ref` (in the caller's scope) as PDF bytes with its file name. */
export async function printAgreement(
  db: Db,
  actor: Actor | null,
  ref: string,
  requestId?: string,
): Promise<{ pdf: Buffer; pages: number; fileName: string }> {
  const d = await getDispute(db, actor, ref);
  const a = d.agreement;
  if (!a || a.form !== "written") {
    throw new ConflictError("illegal_transition", `Dispute ${d.number} has no written agreement.`, {
      status: d.status,
      version: d.version,
      allowedActions: d.allowedActions,
    });
  }
  const agreedOn = chinaDate(new Date(new Date(a.agreedAt).getTime() + 8 * 3_600_000).toISOString());
  const sheet = PdfSheet.open({
    title: AGREEMENT_TITLE,
    issuer: d.committeeName,
    reference: `编号 ${d.number}`,
    printedBy: `${d.committeeName} ${agreedOn}`,
    subject: `第 ${d.number} 号纠纷的人民调解协议书`,
  });
  sheet
    .masthead({ number: { label: "编号", value: d.number.replace(/(\d{4})(?=\d)/g, "$1 ") } })
    .section("一、当事人")
    .fields(
      d.parties.map((p) => [
        { label: ROLE_WORDS[p.role], value: p.name },
        { label: "联系电话", value: p.phone ?? "—" },
      ]),
    )
    .section("二、纠纷主要事实")
    .fields([[{ label: "纠纷类型", value: d.typeName }], [{ label: "纠纷地点", value: d.regionName }]])
    .paragraph(d.facts, { indent: true })
    .section("三、争议事项")
    .paragraph(a.matters, { indent: true })
    .section("四、经调解，自愿达成如下协议")
    .paragraph(a.agreed, { indent: true })
    .section("五、履行方式和期限")
    .fields([
      [{ label: "履行方式", value: a.performanceManner }],
      [{ label: "履行期限", value: chinaDate(a.performanceDueOn) }],
    ])
    .paragraph(
      "本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。" +
        "本协议一式三份，当事人各执一份，人民调解委员会留存一份。" +
        "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。",
      { indent: true },
    )
    .section("六、签名")
    .signatures(
      [
        ...d.parties.map((p) => ({ label: `${ROLE_WORDS[p.role]}（签名）` })),
        { label: "人民调解员（签名）", hint: d.mediatorName ?? "" },
        { label: "日期", hint: "年　　月　　日" },
      ],
      { seal: `${d.committeeName}（印章）` },
    );
  const printed = await sheet.finish();
  await recordAudit(db, {
    actor,
    action: "dispute.print",
    entityType: "dispute",
    entityId: d.id,
    after: { document: "agreement", number: d.number, pages: printed.pages },
    requestId,
  });
  return { ...printed, fileName: `人民调解协议书-${d.number}.pdf` };
}
