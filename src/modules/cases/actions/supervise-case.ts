/** The supervisor's actions on a case: decide past the reopen limit, and urge (催办). */
import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import { loadWorkingCalendar } from "../../catalogue/index.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { notifyReopen, reopenColumns } from "./evaluate-case.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, NoteReq, SupervisorDecideReq } from "./schemas.js";

/**
 * Decides a case that reached the reopen limit with the resident still unsatisfied: reopen it
 * once more at the same unit, or close it as handled.
 */
export async function supervisorDecide(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: SupervisorDecideReq,
): Promise<ActionResult> {
  const calendar = await loadWorkingCalendar(db);
  const guard = { action: "supervisor_decide" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.supervise", guard, async ({ tx, actor, caseRow }) => {
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.supervise");
    const now = new Date();
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "supervisor_decide",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      to: input.decision === "reopen" ? "handling" : "closed",
      set: input.decision === "reopen" ? await reopenColumns(calendar, tx, caseRow, now) : { closedAt: now },
      note: input.note ?? null,
      data: { decision: input.decision },
    });
    if (input.decision === "reopen") await notifyReopen(tx, caseRow, input.note);
    return presentActionResult(result);
  });
}

/** 催办: an event on the case and a notification to the unit holding it; no state change. */
export async function urgeCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: NoteReq,
): Promise<ActionResult> {
  const guard = { action: "urge" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.supervise", guard, async ({ tx, actor, caseRow }) => {
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.supervise");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "urge",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      note: input.note ?? null,
      data: { toOrgId: caseRow.assignedOrgId },
    });
    await notifyUnits(tx, caseRow, [caseRow.assignedOrgId], {
      kind: "urge",
      title: `催办 ${caseRow.number}`,
      body: `请抓紧办理案件 ${caseRow.number}。${input.note ?? ""}`.trim(),
      data: input.note ? { note: input.note } : {},
    });
    return presentActionResult(result);
  });
}
