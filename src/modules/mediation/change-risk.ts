/**
 * 风险等级调整: a dispute's risk level re-assessed after registration, with the reason in its
 * timeline. Raising it to major alerts the township centre over its place and the county's police
 * liaison, exactly as registering a major dispute does (民转刑 prevention).
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { enqueueNotifications } from "../../core/notifications/enqueue-notifications.js";
import { ConflictError } from "../../shared/errors.js";
import { riskAlerts } from "./register-dispute.js";
import { presentActionResult, runDisputeAction } from "./run-dispute-action.js";
import type { ChangeRiskReq, DisputeActionResult } from "./schemas.js";

export async function changeDisputeRisk(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: ChangeRiskReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "change_risk", body.version, async ({ tx, dispute, move }) => {
    if (dispute.riskLevel === body.riskLevel) {
      throw new ConflictError("risk_unchanged", `Dispute ${dispute.number} is already of that risk level.`, {
        riskLevel: dispute.riskLevel,
      });
    }
    const moved = await move({
      set: { riskLevel: body.riskLevel },
      note: body.reason,
      data: { from: dispute.riskLevel, to: body.riskLevel },
    });
    if (body.riskLevel === "major") await enqueueNotifications(tx, await riskAlerts(tx, moved.dispute, []));
    return presentActionResult(moved.dispute);
  });
}
