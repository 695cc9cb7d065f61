/**
 * Recording a village's monthly screening (排查): none found (无), or found — the disputes
 * registered in the same request (source screening, at the village or a place in it) and/or
 * those registered already and linked. One transaction: the task's record, its event, and every
 * dispute with its own; any refusal leaves nothing behind.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import type { Actor } from "../../core/access/actor.js";
import { actorWith, bindingsFor } from "../../core/access/policy.js";
import { transition } from "../../core/workflow/transition.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { disputesVisibleThrough } from "./policy.js";
import { registerDispute } from "./register-dispute.js";
import { disputes } from "./schema.js";
import type { RecordScreeningReq } from "./schemas.js";
import { checkInVillage, checkMonthOpen, lockScreeningTask, recordedAlready } from "./screening-task.js";
import { SCREENING_STORE, SCREENING_WORKFLOW } from "./screening-workflow.js";

/** 401/403 before anything is read: screening, and registering what it found. */
export function screeningRecorder(actorOrNull: Actor | null, body: RecordScreeningReq): Actor {
  const actor = actorWith(actorOrNull, "mediation.screen");
  // Registering disputes found needs mediation.register too (403 before anything is written).
  if (body.disputes.length > 0) actorWith(actor, "mediation.register");
  return actor;
}

/** Records the screening in `tx` (the caller's transaction: an Idempotency-Key's, say); returns the task's id. */
export async function recordScreeningIn(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  id: string,
  body: RecordScreeningReq,
  now = new Date(),
): Promise<string> {
  {
    const task = await lockScreeningTask(tx, actor, id);
    if (body.version !== undefined && body.version !== task.version) {
      throw new ConflictError("stale_screening", `Someone recorded the screening of ${task.month} first.`, {
        status: task.status,
        version: task.version,
      });
    }
    if (task.status === "done") throw recordedAlready(task);
    checkMonthOpen(task, now);

    const numbers: string[] = [];
    // Disputes registered already: in your scope, found in screening, in this village, unlinked.
    if (body.disputeIds.length > 0) {
      const ids = [...new Set(body.disputeIds)];
      const rows = await tx
        .select()
        .from(disputes)
        .where(and(inArray(disputes.id, ids), disputesVisibleThrough(bindingsFor(actor, "mediation.read"))))
        .for("update");
      const missing = ids.find((d) => !rows.some((r) => r.id === d));
      if (missing) throw new NotFoundError("Dispute", missing);
      for (const d of rows) {
        if (d.source !== "screening" || d.screeningTaskId !== null) {
          throw new ConflictError(
            "dispute_not_linkable",
            `Dispute ${d.number} is not a screening finding waiting for its screening.`,
          );
        }
        checkInVillage(task, d.regionPath, d.number);
        numbers.push(d.number);
      }
      await tx.update(disputes).set({ screeningTaskId: task.id }).where(inArray(disputes.id, ids));
    }
    // Disputes registered with the record: at the village unless a place in it is named.
    for (const found of body.disputes) {
      const regionCode = found.regionCode ?? task.regionCode;
      const created = await registerDispute(tx, actor, keys, { ...found, regionCode, source: "screening" });
      const [row] = await tx
        .update(disputes)
        .set({ screeningTaskId: task.id })
        .where(eq(disputes.id, created.id))
        .returning({ regionPath: disputes.regionPath });
      if (row) checkInVillage(task, row.regionPath, created.number);
      numbers.push(created.number);
    }

    await transition(tx, SCREENING_WORKFLOW, SCREENING_STORE, {
      subjectId: task.id,
      action: "record",
      actor: { userId: actor.userId, orgId: actor.organisationId },
      set: { result: body.result, note: body.note ?? null, recordedAt: now, recordedByUserId: actor.userId },
      note: body.note ?? null,
      data: { result: body.result, ...(numbers.length > 0 ? { disputes: numbers } : {}) },
    });
    return task.id;
  }
}
