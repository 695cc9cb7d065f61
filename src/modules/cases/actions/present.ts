import { allowedActions } from "../state-table.js";
import type { CaseEventRow, CaseRow, TransitionResult } from "../transition.js";
import type { ActionResult } from "./schemas.js";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The case part of an action's answer. */
export function presentActionCase(row: CaseRow): ActionResult["case"] {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    version: row.version,
    assignedOrgId: row.assignedOrgId,
    leadOrgId: row.leadOrgId,
    handlingLevel: row.handlingLevel,
    responseDueAt: iso(row.responseDueAt),
    handleDueAt: iso(row.handleDueAt),
    respondedAt: iso(row.respondedAt),
    repliedAt: iso(row.repliedAt),
    verifiedAt: iso(row.verifiedAt),
    closedAt: iso(row.closedAt),
    solvedLevel: row.solvedLevel,
    resolved: row.resolved,
    satisfaction: row.satisfaction,
    reopenCount: row.reopenCount,
    mergedIntoId: row.mergedIntoId,
    allowedActions: allowedActions(row.status),
  };
}

function presentEvent(row: CaseEventRow): ActionResult["event"] {
  return {
    id: row.id,
    action: row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    actorOrgId: row.actorOrgId,
    note: row.note,
    data: row.data,
    at: row.at.toISOString(),
  };
}

/** What every action answers: the case as it is now and the event just written. */
export function presentActionResult(result: TransitionResult): ActionResult {
  return { case: presentActionCase(result.case), event: presentEvent(result.event) };
}
