import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, NoteReq } from "./schemas.js";

/**
 * 办结 without an evaluation: a follow-up operator closes a replied case whose resident could
 * not be reached (the note says how it was tried). It counts as closed, not as evaluated.
 */
export async function closeCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: NoteReq,
): Promise<ActionResult> {
  const guard = { action: "close" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.follow_up", guard, async ({ tx, actor, caseRow }) => {
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.follow_up");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "close",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      set: { closedAt: new Date() },
      note: input.note ?? null,
    });
    return presentActionResult(result);
  });
}
