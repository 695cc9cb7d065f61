/**
 * 延期: the unit holding a case asks for more handling time; a supervisor (or the dispatching
 * centre) approves, which moves the handling deadline, or denies.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { caseExtensions, categories } from "../../../db/schema.js";
import { ConflictError, NotFoundError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { loadWorkingCalendar } from "../../catalogue/index.js";
import { addBusinessDuration } from "../../catalogue/index.js";
import { transition } from "../transition.js";
import { actingUnitFor, requireAssignedUnit } from "./acting-unit.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, DecideExtensionReq, RequestExtensionReq } from "./schemas.js";
import { dispatchingCentreFor } from "../../../core/units/units.js";

/** Asks for `extraHours` more; one request at a time per case. The dispatching centre is told. */
export async function requestExtension(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: RequestExtensionReq,
): Promise<ActionResult> {
  const guard = { action: "request_extension" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const [pending] = await tx
      .select({ id: caseExtensions.id })
      .from(caseExtensions)
      .where(and(eq(caseExtensions.caseId, caseRow.id), isNull(caseExtensions.decision)));
    if (pending) {
      throw new ConflictError(
        "extension_pending",
        `Case ${caseRow.number} already has an extension request waiting.`,
        {
          extensionId: pending.id,
        },
      );
    }
    const extensionId = randomUUID();
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "request_extension",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      note: input.reason,
      data: { extensionId, extraHours: input.extraHours },
    });
    await tx.insert(caseExtensions).values({
      id: extensionId,
      caseId: caseRow.id,
      countyCode: caseRow.countyCode,
      requestedByUserId: actor.userId,
      requestedOrgId: unit.id,
      extraHours: input.extraHours,
      reason: input.reason,
    });
    const centre = await dispatchingCentreFor(tx, unit);
    await notifyUnits(tx, caseRow, [centre?.id ?? null], {
      kind: "request_extension",
      title: `延期申请 ${caseRow.number}`,
      body: `${unit.name}申请延期${input.extraHours}小时，理由：${input.reason}`,
      data: { unit: unit.name, hours: input.extraHours, reason: input.reason },
    });
    return presentActionResult(result);
  });
}

/**
 * Decides a waiting request. Approved: the handling deadline moves by the extra hours, counted
 * in the category's kind of hours (working hours skip nights and holidays), and the
 * scheduler's handling marks are cleared so the new deadline warns and falls due in its turn.
 */
export async function decideExtension(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: DecideExtensionReq,
): Promise<ActionResult> {
  const calendar = await loadWorkingCalendar(db);
  const guard = { action: "decide_extension" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.supervise", guard, async ({ tx, actor, caseRow }) => {
    const [extension] = await tx
      .select()
      .from(caseExtensions)
      .where(and(eq(caseExtensions.id, input.extensionId), eq(caseExtensions.caseId, caseRow.id)))
      .for("update");
    if (!extension) throw new NotFoundError("Extension request", input.extensionId);
    if (extension.decision !== null) {
      throw new ConflictError(
        "extension_decided",
        `This extension request was already ${extension.decision}.`,
        {
          decision: extension.decision,
        },
      );
    }
    let set = {};
    if (input.decision === "approved") {
      const [category] = caseRow.categoryCode
        ? await tx
            .select({ deadlineKind: categories.deadlineKind })
            .from(categories)
            .where(eq(categories.code, caseRow.categoryCode))
        : [];
      const from = caseRow.handleDueAt ?? new Date();
      const handleDueAt = addBusinessDuration(
        from,
        extension.extraHours,
        category?.deadlineKind ?? "calendar",
        calendar,
      );
      set = { handleDueAt, handleWarnedAt: null, handleOverdueAt: null };
    }
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.supervise");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "decide_extension",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      set,
      note: input.note ?? null,
      data: { extensionId: extension.id, decision: input.decision, extraHours: extension.extraHours },
    });
    await tx
      .update(caseExtensions)
      .set({ decision: input.decision, decidedByUserId: actor.userId, decidedAt: result.event.at })
      .where(eq(caseExtensions.id, extension.id));
    await notifyUnits(tx, caseRow, [extension.requestedOrgId], {
      kind: "decide_extension",
      title: `延期申请${input.decision === "approved" ? "已批准" : "未批准"} ${caseRow.number}`,
      body:
        input.decision === "approved"
          ? `案件 ${caseRow.number} 延期${extension.extraHours}小时已批准，新的办理期限：${result.case.handleDueAt?.toISOString() ?? "无"}。`
          : `案件 ${caseRow.number} 的延期申请未获批准，请按原期限办结。${input.note ?? ""}`.trim(),
      data: {
        decision: input.decision,
        hours: extension.extraHours,
        ...(result.case.handleDueAt ? { due: result.case.handleDueAt.toISOString() } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    });
    return presentActionResult(result);
  });
}
