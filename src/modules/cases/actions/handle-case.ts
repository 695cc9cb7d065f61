/**
 * The assigned unit's own steps: respond (contact the resident), reply (result and evidence),
 * send back (退单) and escalate. Each needs `cases.handle` and the actor's unit to be the one
 * holding the case.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { cases } from "../../../db/schema.js";
import { ConflictError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { claimAttachments } from "../../attachments/index.js";
import { transition } from "../transition.js";
import { requireAssignedUnit } from "./acting-unit.js";
import { clause, notifyReporter, notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, EscalateReq, ReplyReq, RespondReq, SendBackReq } from "./schemas.js";
import { dispatchingCentreFor, levelOfUnit, unitAbove } from "../../../core/units/units.js";

/** 响应: a contact with the resident; the first one stops the response clock. */
export async function respondToCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: RespondReq,
): Promise<ActionResult> {
  const guard = { action: "respond" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "respond",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      set: caseRow.respondedAt === null ? { respondedAt: new Date() } : {},
      note: input.note ?? null,
      data: { contactMethod: input.contactMethod },
    });
    return presentActionResult(result);
  });
}

/**
 * 答复: the result, with evidence photos claimed by the reply's event. The reporter is asked to
 * rate it, and so is every reporter of a duplicate merged into this case.
 */
export async function replyToCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: ReplyReq,
): Promise<ActionResult> {
  const guard = { action: "reply" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "reply",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      set: { repliedAt: new Date(), solvedLevel: levelOfUnit(unit.kind), verifiedAt: null },
      note: input.result,
      data: input.attachmentIds?.length ? { attachmentIds: input.attachmentIds } : null,
    });
    await claimAttachments(
      tx,
      input.attachmentIds ?? [],
      { subjectType: "case", subjectId: caseRow.id, eventId: result.event.id },
      { userId: actor.userId },
    );
    const notice = {
      kind: "reply",
      title: `诉求 ${caseRow.number} 已答复，请评价`,
      body: `${unit.name}答复：${input.result}\n请告诉我们问题是否解决、您是否满意。`,
      data: { unit: unit.name, note: input.result },
    };
    await notifyReporter(tx, caseRow, notice);
    const duplicates = await tx.select().from(cases).where(eq(cases.mergedIntoId, caseRow.id));
    for (const duplicate of duplicates) {
      await notifyReporter(tx, duplicate, {
        ...notice,
        title: `诉求 ${duplicate.number}（已合并至 ${caseRow.number}）已答复，请评价`,
      });
    }
    return presentActionResult(result);
  });
}

/** 退单: back to triage at the centre that dispatches to this unit, which is told why. */
export async function sendBackCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: SendBackReq,
): Promise<ActionResult> {
  const guard = { action: "send_back" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const centre = await dispatchingCentreFor(tx, unit);
    if (!centre) {
      throw new ConflictError(
        "no_dispatcher",
        `There is no centre above ${unit.name} to send case ${caseRow.number} back to.`,
      );
    }
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "send_back",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      set: { assignedOrgId: centre.id, handlingLevel: null },
      note: input.reason,
      data: { toOrgId: centre.id, toOrgName: centre.name },
    });
    await notifyUnits(tx, caseRow, [centre.id], {
      kind: "send_back",
      title: `退回 ${caseRow.number}`,
      body: `${unit.name}退回案件 ${caseRow.number}，理由：${clause(input.reason)}。请重新分拨。`,
      data: { unit: unit.name, reason: clause(input.reason) },
    });
    return presentActionResult(result);
  });
}

/** 上报: to the unit one level up (grid → village → township → county centre), which is told. */
export async function escalateCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: EscalateReq,
): Promise<ActionResult> {
  const guard = { action: "escalate" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const above = await unitAbove(tx, unit);
    if (!above) {
      throw new ConflictError(
        "no_higher_level",
        `There is no unit above ${unit.name} to escalate case ${caseRow.number} to.`,
      );
    }
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "escalate",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      // 首接负责: the lead stays the first unit; only the unit working it moves up.
      set: { assignedOrgId: above.id, handlingLevel: levelOfUnit(above.kind) },
      note: input.reason,
      data: { toOrgId: above.id, toOrgName: above.name },
    });
    await notifyUnits(tx, caseRow, [above.id], {
      kind: "escalate",
      title: `上报 ${caseRow.number}`,
      body: `${unit.name}将案件 ${caseRow.number} 上报至${above.name}，理由：${clause(input.reason)}。`,
      data: { unit: unit.name, target: above.name, reason: clause(input.reason) },
    });
    return presentActionResult(result);
  });
}
