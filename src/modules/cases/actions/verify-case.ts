import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { caseEvents } from "../../../db/schema.js";
import { AppError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { claimAttachments } from "../../attachments/index.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, VerifyReq } from "./schemas.js";

/**
 * 核查: the grid worker (or village staff) of the case's place checks a reply on the spot.
 * Passed: the reply stands, marked verified. Failed: back to the unit to work again, which is told.
 */
export async function verifyCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: VerifyReq,
): Promise<ActionResult> {
  const guard = { action: "verify" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.verify", guard, async ({ tx, actor, caseRow }) => {
    // A check is a second pair of eyes: whoever wrote the reply does not check it.
    const [reply] = await tx
      .select({ actorId: caseEvents.actorUserId })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseRow.id), eq(caseEvents.action, "reply")))
      .orderBy(desc(caseEvents.id))
      .limit(1);
    if (reply?.actorId === actor.userId) {
      throw new AppError(
        403,
        "own_reply",
        `You wrote the reply on case ${caseRow.number}; someone else verifies it.`,
      );
    }
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.verify");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "verify",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      to: input.passed ? "replied" : "handling",
      // A failed check means the reply does not stand: the case is handled again, and the
      // scheduler and the rates see it as not replied until the next reply.
      set: input.passed
        ? { verifiedAt: new Date() }
        : { verifiedAt: null, repliedAt: null, handleWarnedAt: null, handleOverdueAt: null },
      note: input.note ?? null,
      data: { passed: input.passed },
    });
    await claimAttachments(
      tx,
      input.attachmentIds ?? [],
      { subjectType: "case", subjectId: caseRow.id, eventId: result.event.id },
      { userId: actor.userId },
    );
    if (!input.passed) {
      await notifyUnits(tx, caseRow, [caseRow.assignedOrgId], {
        kind: "verify_failed",
        title: `核查未通过 ${caseRow.number}`,
        body: `案件 ${caseRow.number} 现场核查未通过，请继续办理。${input.note ?? ""}`.trim(),
        data: input.note ? { note: input.note } : {},
      });
    }
    return presentActionResult(result);
  });
}
