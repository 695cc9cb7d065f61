import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { cases, type CaseStatus } from "../../../db/schema.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { bindingsFor } from "../../../core/access/policy.js";
import { casesVisibleThrough } from "../policy.js";
import { OPEN_STATUSES } from "../state-table.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { caseKey } from "../find-cases.js";
import { notifyReporter } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, MergeReq } from "./schemas.js";

/**
 * 合并: a duplicate joins the open case it repeats. The duplicate becomes `merged` and points at
 * the primary; its number still resolves to it. Its reporter is told now, and asked to rate the
 * primary's result when the primary is replied (see reply-case.ts and evaluate-case.ts).
 */
export async function mergeCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: MergeReq,
): Promise<ActionResult> {
  const guard = { action: "merge" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.dispatch", guard, async ({ tx, actor, caseRow }) => {
    const [primary] = await tx
      .select()
      .from(cases)
      .where(and(caseKey(input.intoCaseId), casesVisibleThrough(bindingsFor(actor, "cases.dispatch"))))
      .for("update");
    if (!primary) throw new NotFoundError("Case", input.intoCaseId);
    if (primary.id === caseRow.id) {
      throw new BadRequestError("merge_into_self", "A case cannot be merged into itself.", [
        { field: "body.intoCaseId", message: "names the case being merged" },
      ]);
    }
    if (!(OPEN_STATUSES as readonly CaseStatus[]).includes(primary.status)) {
      throw new ConflictError(
        "primary_not_open",
        `Case ${primary.number} is ${primary.status}; merge into an open case.`,
        { status: primary.status },
      );
    }
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.dispatch");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "merge",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      set: { mergedIntoId: primary.id },
      note: input.note ?? null,
      data: { intoCaseId: primary.id, intoNumber: primary.number },
    });
    // Duplicates merged into this one earlier follow it, so every number points at the live primary.
    await tx.update(cases).set({ mergedIntoId: primary.id }).where(eq(cases.mergedIntoId, caseRow.id));
    await notifyReporter(tx, caseRow, {
      kind: "merge",
      title: `诉求 ${caseRow.number} 已合并办理`,
      body: `您的诉求与案件 ${primary.number} 反映的是同一问题，已合并办理。办结后会请您评价。`,
      data: { primary: primary.number },
    });
    return presentActionResult(result);
  });
}
