import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { notifyReporter } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, RejectReq } from "./schemas.js";

const REASON_TEXT: Record<RejectReq["reason"], string> = {
  in_court: "该事项已进入诉讼程序",
  redirect_110: "该事项请拨打110报警",
  duplicate: "该事项与已有诉求重复",
  out_of_scope: "该事项不属于本平台受理范围",
  other: "该事项不予受理",
};

/** 不予受理: refuses a case with a reason the reporter is told. */
export async function rejectCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: RejectReq,
): Promise<ActionResult> {
  return runCaseAction(
    db,
    actor,
    ref,
    "cases.dispatch",
    { action: "reject", version: input.version },
    async ({ tx, actor, caseRow }) => {
      const acting = await actingUnitFor(tx, actor, caseRow, "cases.dispatch");
      const result = await transition(tx, {
        caseId: caseRow.id,
        locked: caseRow,
        action: "reject",
        actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
        expectedVersion: input.version,
        note: input.note ?? null,
        data: { reason: input.reason },
      });
      await notifyReporter(tx, caseRow, {
        kind: "reject",
        title: `诉求 ${caseRow.number} 未予受理`,
        body: `${REASON_TEXT[input.reason]}。${input.note ?? ""}`.trim(),
        data: { rejectReason: input.reason, ...(input.note ? { note: input.note } : {}) },
      });
      return presentActionResult(result);
    },
  );
}
