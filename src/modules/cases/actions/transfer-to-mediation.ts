import type { Tx } from "../../../db/client.js";
import type { Actor, Binding } from "../../../core/access/actor.js";
import { casesVisibleThrough } from "../policy.js";
import { checkTransition, transition, type CaseRow } from "../transition.js";
import { lockVisibleCase } from "./find-case.js";
import { notifyReporter, notifyUnits } from "./notify.js";

/** The case an appeal-to-dispute conversion starts from: in the caller's scope, locked, checked. */
export async function lockCaseForTransfer(
  tx: Tx,
  ref: string,
  bindings: readonly Binding[],
  version?: number,
): Promise<CaseRow> {
  const row = await lockVisibleCase(tx, ref, casesVisibleThrough(bindings));
  checkTransition(row, "transfer_to_mediation", version);
  return row;
}

/**
 * 转人民调解: ends the case as transferred to the dispute `dispute` (the mediation module calls
 * this in the transaction that registers the dispute). The reporter and the unit holding the
 * case are told.
 */
export async function transferCaseToMediation(
  tx: Tx,
  actor: Actor,
  caseRow: CaseRow,
  dispute: { id: string; number: string; committeeName: string },
): Promise<void> {
  await transition(tx, {
    caseId: caseRow.id,
    action: "transfer_to_mediation",
    actor: { userId: actor.userId, orgId: actor.organisationId },
    expectedVersion: caseRow.version,
    note: `转${dispute.committeeName}调解，纠纷编号 ${dispute.number}`,
    data: { reason: "transferred_to_mediation", disputeId: dispute.id, disputeNumber: dispute.number },
  });
  await notifyReporter(tx, caseRow, {
    kind: "transfer_to_mediation",
    title: `诉求 ${caseRow.number} 已转人民调解`,
    body: `您反映的事项属于矛盾纠纷，已转${dispute.committeeName}调解（纠纷编号 ${dispute.number}），调解员将与您联系。`,
    data: { committee: dispute.committeeName, dispute: dispute.number },
  });
  await notifyUnits(tx, caseRow, [caseRow.assignedOrgId], {
    kind: "transfer_to_mediation",
    title: `诉求 ${caseRow.number} 已转人民调解`,
    body: `该诉求已转${dispute.committeeName}调解（纠纷编号 ${dispute.number}），无需继续办理。`,
    data: { committee: dispute.committeeName, dispute: dispute.number },
  });
}
