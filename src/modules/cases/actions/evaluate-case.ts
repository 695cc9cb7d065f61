/**
 * 评价: resolved or not, satisfied / basically satisfied / unsatisfied, by the reporter (signed
 * in, or anonymously through the tracking code) or by an operator on a follow-up call.
 * Resolved and not unsatisfied closes the case; otherwise it is reopened (重办) at the same
 * unit, until the reopen limit (settings `reopen_limit`) sends it to a supervisor instead.
 *
 * A merged duplicate: its reporter was asked to rate the primary's reply, and rates through the
 * duplicate's own number or tracking code. The rating is recorded on the duplicate (the rates
 * count every reporter's voice); the duplicate stays merged and the primary is not reopened by
 * it — the primary's own reporter decides that — but an unsatisfied rating is passed on to the
 * unit that holds the primary.
 */
import { and, eq, or } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { cases, categories, type CaseStatus } from "../../../db/schema.js";
import { AppError, ConflictError, NotFoundError, UnauthorizedError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { bindingsFor } from "../../../core/access/policy.js";
import { getDeadlines } from "../../catalogue/index.js";
import { loadWorkingCalendar } from "../../catalogue/index.js";
import type { WorkingCalendar } from "../../catalogue/index.js";
import { casesVisibleThrough, ownCase, visibleCases } from "../policy.js";
import {
  checkTransition,
  transition,
  type CaseActor,
  type CaseRow,
  type TransitionInput,
  type TransitionResult,
} from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { caseKey } from "../find-cases.js";
import { lockCaseByTrackingCode, lockVisibleCase } from "./find-case.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { readReopenLimit } from "./reopen-limit.js";
import type { ActionResult, EvaluateReq } from "./schemas.js";
import { dispatchingCentreFor, findUnit } from "../../../core/units/units.js";

type EvaluatedBy = "reporter" | "tracking_code" | "follow_up";

/** How far a chain of merges is followed to its live primary. */
const MAX_MERGE_DEPTH = 10;

function evaluationColumns(input: EvaluateReq, at: Date) {
  return {
    resolved: input.resolved,
    satisfaction: input.satisfaction,
    evaluationComment: input.comment ?? null,
    evaluatedAt: at,
  };
}

async function evaluateMerged(
  tx: Tx,
  duplicate: CaseRow,
  who: CaseActor,
  by: EvaluatedBy,
  input: EvaluateReq,
): Promise<TransitionResult> {
  checkTransition(duplicate, "evaluate_merged", input.version);
  let primary: CaseRow | undefined = duplicate;
  for (
    let depth = 0;
    primary?.status === "merged" && primary.mergedIntoId && depth < MAX_MERGE_DEPTH;
    depth++
  ) {
    const nextId: string = primary.mergedIntoId;
    [primary] = await tx.select().from(cases).where(eq(cases.id, nextId));
  }
  const ready: CaseStatus[] = ["replied", "closed"];
  if (!primary || !ready.includes(primary.status)) {
    throw new ConflictError(
      "primary_not_replied",
      `Case ${duplicate.number} was merged into ${primary?.number ?? "another case"}, which has no reply to rate yet.`,
      {
        status: duplicate.status,
        primaryStatus: primary?.status ?? null,
        primaryNumber: primary?.number ?? null,
      },
    );
  }
  if (duplicate.evaluatedAt !== null) {
    throw new ConflictError("already_evaluated", `Case ${duplicate.number} has already been rated.`);
  }
  const result = await transition(tx, {
    caseId: duplicate.id,
    locked: duplicate,
    action: "evaluate_merged",
    actor: who,
    expectedVersion: input.version,
    set: evaluationColumns(input, new Date()),
    note: input.comment ?? null,
    data: { by, resolved: input.resolved, satisfaction: input.satisfaction, primaryCaseId: primary.id },
  });
  if (!input.resolved || input.satisfaction === "unsatisfied") {
    await notifyUnits(tx, primary, [primary.assignedOrgId], {
      kind: "evaluate_merged",
      title: `合并诉求评价不满意 ${primary.number}`,
      body: `与案件 ${primary.number} 合并的诉求 ${duplicate.number} 的群众评价为${input.resolved ? "已解决" : "未解决"}、${input.satisfaction === "unsatisfied" ? "不满意" : "基本满意"}。${input.comment ?? ""}`.trim(),
      data: {
        primary: primary.number,
        duplicate: duplicate.number,
        ...(input.comment ? { note: input.comment } : {}),
      },
    });
  }
  return result;
}

/** The evaluation of a locked case, whoever gave it. */
async function evaluateLocked(
  calendar: WorkingCalendar,
  tx: Tx,
  caseRow: CaseRow,
  who: CaseActor,
  by: EvaluatedBy,
  input: EvaluateReq,
): Promise<TransitionResult> {
  if (caseRow.status === "merged") return evaluateMerged(tx, caseRow, who, by, input);
  checkTransition(caseRow, "evaluate", input.version);
  const now = new Date();
  const data = { by, resolved: input.resolved, satisfaction: input.satisfaction };
  const base = {
    caseId: caseRow.id,
    locked: caseRow,
    action: "evaluate" as const,
    actor: who,
    expectedVersion: input.version,
    note: input.comment ?? null,
    data,
  };
  if (input.resolved && input.satisfaction !== "unsatisfied") {
    const result = await transition(tx, {
      ...base,
      to: "closed",
      set: { ...evaluationColumns(input, now), closedAt: now },
    });
    return result;
  }
  const limit = await readReopenLimit(tx);
  if (caseRow.reopenCount + 1 > limit) {
    const result = await transition(tx, {
      ...base,
      to: "supervisor_review",
      set: evaluationColumns(input, now),
      data: { ...data, reopenLimit: limit },
    });
    const assigned = caseRow.assignedOrgId ? await findUnit(tx, caseRow.assignedOrgId) : null;
    const centre = assigned ? await dispatchingCentreFor(tx, assigned) : null;
    await notifyUnits(tx, caseRow, [centre?.id ?? caseRow.assignedOrgId], {
      kind: "supervisor_review",
      title: `重办超限待督办决定 ${caseRow.number}`,
      body: `案件 ${caseRow.number} 已重办${caseRow.reopenCount}次，群众仍不满意，请督办人员决定重办或办结。`,
      data: { count: caseRow.reopenCount },
    });
    return result;
  }
  const result = await transition(tx, {
    ...base,
    to: "handling",
    set: { ...evaluationColumns(input, now), ...(await reopenColumns(calendar, tx, caseRow, now)) },
    data: { ...data, reopen: caseRow.reopenCount + 1 },
  });
  await notifyReopen(tx, caseRow, input.comment);
  return result;
}

/**
 * The columns a reopen (重办) changes: one more reopen, and a fresh handling deadline from now
 * by the category's rule, since the old one has usually passed while the resident was asked.
 */
export async function reopenColumns(
  calendar: WorkingCalendar,
  tx: Tx,
  caseRow: CaseRow,
  now: Date,
): Promise<NonNullable<TransitionInput["set"]>> {
  const [rule] = caseRow.categoryCode
    ? await tx
        .select({
          responseHours: categories.responseHours,
          handleHours: categories.handleHours,
          deadlineKind: categories.deadlineKind,
        })
        .from(categories)
        .where(eq(categories.code, caseRow.categoryCode))
    : [];
  const handleDueAt = rule ? getDeadlines(calendar, rule, now).handleDueAt : caseRow.handleDueAt;
  return {
    reopenCount: caseRow.reopenCount + 1,
    handleDueAt,
    // The case is being handled again: the reply it had no longer stands, so the scheduler
    // watches the new handling deadline until the next reply.
    repliedAt: null,
    handleWarnedAt: null,
    handleOverdueAt: null,
    verifiedAt: null,
  };
}

/** Tells the unit holding a reopened case. */
export async function notifyReopen(tx: Tx, caseRow: CaseRow, why: string | undefined): Promise<void> {
  await notifyUnits(tx, caseRow, [caseRow.assignedOrgId], {
    kind: "reopen",
    title: `重办 ${caseRow.number}`,
    body: `案件 ${caseRow.number} 群众评价未解决或不满意，已退回重办（第${caseRow.reopenCount + 1}次）。${why ?? ""}`.trim(),
    data: { count: caseRow.reopenCount + 1, ...(why ? { note: why } : {}) },
  });
}

/**
 * Evaluation by a signed-in user: the reporter of the case, or an operator with
 * `cases.follow_up` over it recording a follow-up call. Staff who may see the case but not
 * follow it up get 403; anyone else 404.
 */
export async function evaluateCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: EvaluateReq,
): Promise<ActionResult> {
  if (!actor) throw new UnauthorizedError();
  const followUp = bindingsFor(actor, "cases.follow_up");
  const own = ownCase(actor);
  const mayEvaluate = followUp.length > 0 ? (or(own, casesVisibleThrough(followUp)) ?? own) : own;
  // Read before the transaction: on PGlite a query outside an open transaction waits for it.
  const calendar = await loadWorkingCalendar(db);
  return db.transaction(async (tx) => {
    let caseRow: CaseRow;
    try {
      caseRow = await lockVisibleCase(tx, ref, mayEvaluate);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      const [seen] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(caseKey(ref), visibleCases(actor)));
      if (seen)
        throw new AppError(
          403,
          "forbidden",
          "Only the reporter or a follow-up operator may evaluate this case.",
        );
      throw err;
    }
    if (caseRow.reporterUserId === actor.userId) {
      const result = await evaluateLocked(
        calendar,
        tx,
        caseRow,
        { userId: actor.userId, orgId: null, label: "resident" },
        "reporter",
        input,
      );
      return presentActionResult(result);
    }
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.follow_up");
    const result = await evaluateLocked(
      calendar,
      tx,
      caseRow,
      { userId: actor.userId, orgId: acting?.unit.id ?? null },
      "follow_up",
      input,
    );
    return presentActionResult(result);
  });
}

/**
 * Evaluation by an anonymous reporter through the tracking code they kept; answers the case as
 * the evaluation left it (what the tracking page then shows).
 */
export async function evaluateByTrackingCode(
  db: Db,
  trackingCode: string,
  input: EvaluateReq,
): Promise<CaseRow> {
  const calendar = await loadWorkingCalendar(db);
  return db.transaction(async (tx) => {
    const caseRow = await lockCaseByTrackingCode(tx, trackingCode);
    const result = await evaluateLocked(
      calendar,
      tx,
      caseRow,
      { userId: null, orgId: null, label: "resident" },
      "tracking_code",
      input,
    );
    return result.case;
  });
}
