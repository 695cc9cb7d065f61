/**
 * The case workflow on the workflow core: how the core reads and moves a case (`CASE_STORE`),
 * and the case-shaped faces of `transition()` and `checkMove()` the actions use.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { cases, type CaseStatus } from "../../db/schema.js";
import { recordEvent, type WorkflowActor, type WorkflowEventRow } from "../../core/workflow/events.js";
import {
  checkMove,
  transition as moveSubject,
  type MoveNotice,
  type SubjectStore,
} from "../../core/workflow/transition.js";
import { sameInBoth, type SubjectLabeller } from "../../core/notifications/subject-labels.js";
import { CASE_WORKFLOW, type CaseAction } from "./state-table.js";

export type CaseRow = typeof cases.$inferSelect;

/** An event of a case: a workflow event of subject type `case`, its subject id as `caseId`. */
export type CaseEventRow = Omit<WorkflowEventRow, "subjectType" | "subjectId" | "fromStatus" | "toStatus"> & {
  caseId: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
};

/** Who acts: a user (with the unit they act for), or the system / a resident / an integration. */
export type CaseActor = WorkflowActor;

type CaseSet = Partial<Omit<CaseRow, "id" | "status" | "version" | "number">>;

/** Cases' numbers by id, as the inbox names a notification's case (registered in ../manifest.ts). */
export const CASE_LABELS: SubjectLabeller = async (db: Db, ids) => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: cases.id, number: cases.number })
    .from(cases)
    .where(inArray(cases.id, [...ids]));
  return new Map(rows.map((r) => [r.id, sameInBoth(r.number)]));
};

/** Cases as the workflow core reads and moves them. */
export const CASE_STORE: SubjectStore<CaseStatus, CaseRow, CaseSet> = {
  async lock(tx, id) {
    const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for("update");
    return row ?? null;
  },
  async move(tx, id, status, set) {
    const [row] = await tx
      .update(cases)
      .set({ ...set, status, version: sql`${cases.version} + 1`, updatedAt: sql`now()` })
      .where(eq(cases.id, id))
      .returning();
    return row ?? null;
  },
  label: (row) => row.number,
  countyCode: (row) => row.countyCode,
};

function asCaseEvent(event: WorkflowEventRow): CaseEventRow {
  const { subjectType: _type, subjectId, fromStatus, toStatus, ...rest } = event;
  return {
    ...rest,
    caseId: subjectId,
    fromStatus: fromStatus as CaseStatus | null,
    toStatus: toStatus as CaseStatus,
  };
}

export interface TransitionInput {
  caseId: string;
  /** The case as this transaction locked it and left it (an action's `caseRow`): not read again. */
  locked?: CaseRow;
  action: CaseAction;
  actor: CaseActor;
  /** The version the client saw; when it is stale the action is refused with 409. */
  expectedVersion?: number;
  /** For actions with several possible targets (evaluate, verify, supervisor_decide). */
  to?: CaseStatus;
  /** Other columns the action changes, e.g. assignedOrgId, respondedAt. */
  set?: CaseSet;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Notifications about the case, written in the same transaction. */
  notify?: readonly MoveNotice[];
}

export interface TransitionResult {
  case: CaseRow;
  event: CaseEventRow;
}

/**
 * The one guarded transition of a case (the core's `transition()` on the case workflow): locks
 * the case row, checks the state table and the version, moves the case and writes its event,
 * all in the caller's transaction. Scope has been checked by the caller.
 */
export async function transition(tx: Tx, input: TransitionInput): Promise<TransitionResult> {
  const { caseId, ...rest } = input;
  const moved = await moveSubject(tx, CASE_WORKFLOW, CASE_STORE, { ...rest, subjectId: caseId });
  return { case: moved.subject, event: asCaseEvent(moved.event) };
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
  return checkMove(CASE_WORKFLOW, current, current.number, action, expectedVersion, to);
}

/** Writes the first event of a new case (action `intake`), in the intake transaction. */
export async function recordIntakeEvent(
  tx: Tx,
  created: CaseRow,
  actor: CaseActor,
  data?: Record<string, unknown>,
  at?: Date,
): Promise<CaseEventRow> {
  const event = await recordEvent(tx, {
    subjectType: CASE_WORKFLOW.subjectType,
    subjectId: created.id,
    countyCode: created.countyCode,
    action: "intake",
    fromStatus: null,
    toStatus: created.status,
    actor,
    data: data ?? null,
    ...(at ? { at } : {}),
  });
  return asCaseEvent(event);
}
