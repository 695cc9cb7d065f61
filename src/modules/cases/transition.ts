import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { caseEvents, cases, type CaseStatus } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { allowedActions, STATE_TABLE, targetStatus, type CaseAction } from "./state-table.js";

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/** Who acts: a user (with the unit they act for), or the system / a resident / an integration. */
export interface CaseActor {
  userId: string | null;
  orgId: string | null;
  /** "resident", "system", "open311:<key name>"… when no user acted; shown in the timeline. */
  label?: string;
}

export interface TransitionInput {
  caseId: string;
  action: CaseAction;
  actor: CaseActor;
  /** The version the client saw; when it is stale the action is refused with 409. */
  expectedVersion?: number;
  /** For actions with several possible targets (evaluate, verify, supervisor_decide). */
  to?: CaseStatus;
  /** Other columns the action changes, e.g. assignedOrgId, respondedAt. */
  set?: Partial<Omit<CaseRow, "id" | "status" | "version" | "number">>;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export interface TransitionResult {
  case: CaseRow;
  event: CaseEventRow;
}

/**
 * The one guarded transition: locks the case row, checks the state table and the version, moves
 * the case and writes its event, all in the caller's transaction. Scope has been checked by
 * the caller (a case outside scope never reaches here: it is "not found" earlier).
 */
export async function transition(tx: Tx, input: TransitionInput): Promise<TransitionResult> {
  const [current] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).for("update");
  if (!current) throw new NotFoundError("Case", input.caseId);
  const target = checkTransition(current, input.action, input.expectedVersion, input.to);
  const [updated] = await tx
    .update(cases)
    .set({ ...input.set, status: target, version: sql`${cases.version} + 1`, updatedAt: sql`now()` })
    .where(eq(cases.id, current.id))
    .returning();
  if (!updated) throw new NotFoundError("Case", input.caseId);
  const [event] = await tx
    .insert(caseEvents)
    .values({
      caseId: current.id,
      countyCode: updated.countyCode,
      action: input.action,
      fromStatus: current.status,
      toStatus: target,
      actorUserId: input.actor.userId,
      actorOrgId: input.actor.orgId,
      actorLabel: input.actor.label ?? null,
      note: input.note ?? null,
      data: input.data ?? null,
    })
    .returning();
  if (!event) throw new Error("case event insert returned nothing");
  return { case: updated, event };
}

/**
 * The guard of `transition()` on its own: 409 stale_case when `expectedVersion` is not the
 * case's, 409 illegal_transition when the state table does not allow `action` (to `to`); else
 * the target status. Actions call it first so a stale or illegal request gets its 409 before
 * any check of their own.
 */
export function checkTransition(
  current: CaseRow,
  action: CaseAction,
  expectedVersion?: number,
  to?: CaseStatus,
): CaseStatus {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new ConflictError(
      "stale_case",
      `Someone acted on case ${current.number} first; it is now ${current.status}.`,
      {
        status: current.status,
        version: current.version,
        allowedActions: allowedActions(current.status),
      },
    );
  }
  const target = targetStatus(action, current.status, to);
  if (target === null) {
    const allowed = allowedActions(current.status);
    const rule = STATE_TABLE[action];
    const why =
      to !== undefined && rule.from !== "none" && rule.from.includes(current.status)
        ? `${action} cannot lead to ${to}`
        : `a case in state ${current.status} allows ${allowed.join(", ") || "no action"}`;
    throw new ConflictError("illegal_transition", `Cannot ${action} case ${current.number}: ${why}.`, {
      status: current.status,
      version: current.version,
      allowedActions: allowed,
    });
  }
  return target;
}

/** Writes the first event of a new case (action `intake`), in the intake transaction. */
export async function recordIntakeEvent(
  tx: Tx,
  created: CaseRow,
  actor: CaseActor,
  data?: Record<string, unknown>,
): Promise<CaseEventRow> {
  const [event] = await tx
    .insert(caseEvents)
    .values({
      caseId: created.id,
      countyCode: created.countyCode,
      action: "intake",
      fromStatus: null,
      toStatus: created.status,
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      actorLabel: actor.label ?? null,
      data: data ?? null,
    })
    .returning();
  if (!event) throw new Error("case event insert returned nothing");
  return event;
}
