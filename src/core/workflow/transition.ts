/**
 * The one guarded transition of every workflow: lock the subject, check the version and the
 * state table, move the subject (bumping its version), write its event and its notifications,
 * all in the caller's transaction — a move never exists without its event, nor its event
 * without the move.
 */
import type { Tx } from "../../db/client.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { enqueueNotifications, type NotificationInput } from "../notifications/enqueue-notifications.js";
import { recordEvent, type WorkflowActor, type WorkflowEventRow } from "./events.js";
import { allowedActions, targetState, type Workflow } from "./workflow.js";

/** What `transition()` needs of a subject row. */
export interface SubjectRow<S extends string> {
  id: string;
  status: S;
  version: number;
}

/**
 * Where a workflow keeps its subjects: the module's own table, read and written by the module.
 * `move` sets the state and the other columns, bumps the version and the update time.
 */
export interface SubjectStore<S extends string, Row extends SubjectRow<S>, Set> {
  /** The subject locked (`FOR UPDATE`), or null. */
  lock(tx: Tx, id: string): Promise<Row | null>;
  move(tx: Tx, id: string, status: S, set: Set | undefined): Promise<Row | null>;
  /** How messages name it (a case number). */
  label(row: Row): string;
  /** The county of the subject, carried by its events (partitioning by county). */
  countyCode(row: Row): string | null;
}

/** A notification of a move, as `enqueueNotifications` takes it minus the subject, which is the move's. */
export type MoveNotice = Omit<NotificationInput, "subjectType" | "subjectId">;

export interface TransitionInput<
  S extends string,
  A extends string,
  Set,
  Row extends SubjectRow<S> = SubjectRow<S>,
> {
  subjectId: string;
  /**
   * The subject as the caller's transaction already locked it (`FOR UPDATE`) and left it: the
   * move checks and moves this row instead of reading it again (a round trip less per action).
   */
  locked?: Row | undefined;
  action: A;
  actor: WorkflowActor;
  /** The version the client saw; when it is stale the move is refused with 409. */
  expectedVersion?: number | undefined;
  /** For actions with several possible targets. */
  to?: S | undefined;
  /** Other columns the action changes. */
  set?: Set | undefined;
  note?: string | null | undefined;
  data?: Record<string, unknown> | null | undefined;
  /** Notifications of the move, written in the same transaction. */
  notify?: readonly MoveNotice[] | undefined;
}

export interface TransitionResult<Row> {
  subject: Row;
  event: WorkflowEventRow;
}

/**
 * Moves a subject. Scope has been checked by the caller (a subject outside scope never reaches
 * here: it is "not found" earlier). 404 when it does not exist; 409 `workflow.staleCode` /
 * illegal_transition as `checkMove`.
 */
export async function transition<S extends string, A extends string, Row extends SubjectRow<S>, Set>(
  tx: Tx,
  workflow: Workflow<S, A>,
  store: SubjectStore<S, Row, Set>,
  input: TransitionInput<S, A, Set, Row>,
): Promise<TransitionResult<Row>> {
  const noun = workflow.noun.charAt(0).toUpperCase() + workflow.noun.slice(1);
  if (input.locked && input.locked.id !== input.subjectId) {
    throw new Error(`transition: the locked row is ${input.locked.id}, not ${input.subjectId}`);
  }
  const current = input.locked ?? (await store.lock(tx, input.subjectId));
  if (!current) throw new NotFoundError(noun, input.subjectId);
  const target = checkMove(
    workflow,
    current,
    store.label(current),
    input.action,
    input.expectedVersion,
    input.to,
  );
  const moved = await store.move(tx, current.id, target, input.set);
  if (!moved) throw new NotFoundError(noun, input.subjectId);
  const event = await recordEvent(tx, {
    subjectType: workflow.subjectType,
    subjectId: current.id,
    countyCode: store.countyCode(moved),
    action: input.action,
    fromStatus: current.status,
    toStatus: target,
    actor: input.actor,
    note: input.note ?? null,
    data: input.data ?? null,
  });
  if (input.notify && input.notify.length > 0) {
    await enqueueNotifications(
      tx,
      input.notify.map((n) => ({ ...n, subjectType: workflow.subjectType, subjectId: current.id })),
    );
  }
  return { subject: moved, event };
}

/**
 * The guard of `transition()` on its own: 409 `workflow.staleCode` when `expectedVersion` is not
 * the subject's, 409 illegal_transition when the table does not allow `action` (to `to`); else
 * the target state. Both carry the state, the version and the actions allowed there. Actions
 * call it first so a stale or illegal request gets its 409 before any check of their own.
 */
export function checkMove<S extends string, A extends string>(
  workflow: Workflow<S, A>,
  current: SubjectRow<S>,
  label: string,
  action: A,
  expectedVersion?: number,
  to?: S,
  /** The actions actually offered on this subject (the module's narrowing); default the table's for its state. */
  offered?: readonly A[],
): S {
  const details = () => ({
    status: current.status,
    version: current.version,
    allowedActions: offered ? [...offered] : allowedActions(workflow, current.status),
  });
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new ConflictError(
      workflow.staleCode,
      `Someone acted on ${workflow.noun} ${label} first; it is now ${current.status}.`,
      details(),
    );
  }
  const target = targetState(workflow, action, current.status, to);
  if (target === null) {
    const allowed = offered ?? allowedActions(workflow, current.status);
    const rule = workflow.rules[action];
    const why =
      to !== undefined && rule.from !== "none" && rule.from.includes(current.status)
        ? `${action} cannot lead to ${to}`
        : `a ${workflow.noun} in state ${current.status} allows ${allowed.join(", ") || "no action"}`;
    throw new ConflictError(
      "illegal_transition",
      `Cannot ${action} ${workflow.noun} ${label}: ${why}.`,
      details(),
    );
  }
  return target;
}
