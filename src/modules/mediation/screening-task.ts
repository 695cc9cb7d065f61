/**
 * A village's monthly screening task as the village's moves load it: in the scope of
 * mediation.screen (else "not found"), locked, and checked open — recorded at most once, and a
 * month that has ended cannot be changed. Registering a dispute found in screening links it here.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { checkMove, transition } from "../../core/workflow/transition.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { disputes, screeningTasks } from "./schema.js";
import { SCREENING_STORE, SCREENING_WORKFLOW, type ScreeningRow } from "./screening-workflow.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The task `id` in the actor's mediation.screen scope, locked; 403 without the permission, 404 outside. */
export async function lockScreeningTask(tx: Tx, actor: Actor | null, id: string): Promise<ScreeningRow> {
  const bindings = requirePermission(actor, "mediation.screen");
  if (!UUID.test(id)) throw new NotFoundError("Screening task", id);
  const [row] = await tx
    .select()
    .from(screeningTasks)
    .where(and(eq(screeningTasks.id, id), withinScopes(screeningTasks.regionPath, bindings)))
    .for("update");
  if (!row) throw new NotFoundError("Screening task", id);
  return row;
}

/** 409 screening_month_closed once the task's month has ended (its record or overdue mark stands). */
export function checkMonthOpen(task: ScreeningRow, now: Date): void {
  if (now.getTime() >= task.dueAt.getTime()) {
    throw new ConflictError(
      "screening_month_closed",
      `The screening of ${task.month} closed at the month's end; it can no longer be changed.`,
      { month: task.month, status: task.status },
    );
  }
}

/** 409 screening_recorded for a task already recorded. */
export function recordedAlready(task: ScreeningRow): ConflictError {
  return new ConflictError(
    "screening_recorded",
    `The screening of ${task.month} was recorded already (${
      task.result === "none_found" ? "none found" : task.result === "found" ? "disputes found" : "done"
    }).`,
    { month: task.month, status: task.status, result: task.result, version: task.version },
  );
}

/** 409 dispute_not_linkable unless the place `regionPath` lies in the task's village (ltree `<@`). */
export function checkInVillage(task: ScreeningRow, regionPath: string, label: string): void {
  if (regionPath !== task.regionPath && !regionPath.startsWith(`${task.regionPath}.`)) {
    throw new ConflictError(
      "dispute_not_linkable",
      `Dispute ${label} did not arise in the village of this screening.`,
    );
  }
}

/**
 * Links the dispute just registered (source screening) to its task: a pending task is recorded
 * as found by it, a task recorded as found takes it as a further finding; a task recorded as none
 * found is 409 screening_recorded, an ended month 409 screening_month_closed.
 */
export async function linkFoundDispute(
  tx: Tx,
  actor: Actor,
  taskId: string,
  dispute: { id: string; number: string; regionPath: string },
  now: Date,
): Promise<void> {
  const task = await lockScreeningTask(tx, actor, taskId);
  checkMonthOpen(task, now);
  if (task.status === "done" && task.result !== "found") throw recordedAlready(task);
  checkInVillage(task, dispute.regionPath, dispute.number);
  await tx.update(disputes).set({ screeningTaskId: task.id }).where(eq(disputes.id, dispute.id));
  const action = task.status === "pending" ? "record" : "link_dispute";
  checkMove(SCREENING_WORKFLOW, task, task.month, action);
  await transition(tx, SCREENING_WORKFLOW, SCREENING_STORE, {
    subjectId: task.id,
    action,
    actor: { userId: actor.userId, orgId: actor.organisationId },
    ...(action === "record"
      ? { set: { result: "found" as const, recordedAt: now, recordedByUserId: actor.userId } }
      : {}),
    data: { result: "found", disputes: [dispute.number] },
  });
}
