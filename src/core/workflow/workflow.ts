/**
 * A workflow declared as data: its states, its actions with the states each may start from and
 * lead to and the permission a person needs to take it, and its open states. Every mechanism
 * with states (cases, disputes, hazards, wishes, …) declares one with `defineWorkflow` and moves
 * its subjects only through `transition()` (./transition.ts), which refuses what the table does
 * not allow with a typed 409.
 */
import type { ErrorCode } from "../../shared/contracts/error-codes.js";
import type { Permission } from "../access/policy.js";

/** One action of the table. */
export interface ActionRule<S extends string> {
  /** The states it may start from; "none" for the action that creates the subject. */
  from: readonly S[] | "none";
  /** The states it may lead to; "same" keeps the state (an event without a state change). */
  to: readonly S[] | "same";
  /** Who may take it; absent for what only the system, a resident or an integration does. */
  permission?: Permission;
  /**
   * False for a move that is not one of the actions offered to a client on a subject (e.g. the
   * triage edit, which has a form of its own): it is checked like any other, but absent from
   * `allowedActions`.
   */
  offered?: boolean;
}

/** The declaration of a workflow. */
export interface Workflow<S extends string, A extends string> {
  /** The `subject_type` its events, notifications and attachments carry: `case`, `dispute`, … */
  subjectType: string;
  /** How messages name a subject: "case" ("Cannot reply case 260101000001: …"). */
  noun: string;
  /** The 409 code of a stale version (the client saw an older version of the subject). */
  staleCode: ErrorCode;
  states: readonly S[];
  /** The states in which a subject is somebody's work. */
  openStates: readonly S[];
  /** The actions in their canonical order (the order of `allowedActions`). */
  actions: readonly A[];
  rules: { readonly [K in A]: ActionRule<S> };
}

/** Declares a workflow (the identity, typed: `S` and `A` are inferred from the literal). */
export function defineWorkflow<const S extends string, const A extends string>(
  workflow: Workflow<S, A>,
): Workflow<S, A> {
  return workflow;
}

/** The actions offered on a subject in `status` (for a 409's details and for the client's buttons). */
export function allowedActions<S extends string, A extends string>(workflow: Workflow<S, A>, status: S): A[] {
  return workflow.actions.filter((a) => {
    const rule = workflow.rules[a];
    return rule.offered !== false && rule.from !== "none" && rule.from.includes(status);
  });
}

/** The state `action` leads to from `status` (to `wanted` when given), or null when the table refuses. */
export function targetState<S extends string, A extends string>(
  workflow: Workflow<S, A>,
  action: A,
  status: S,
  wanted?: S,
): S | null {
  const rule = workflow.rules[action];
  if (rule.from === "none" || !rule.from.includes(status)) return null;
  if (rule.to === "same") return wanted === undefined || wanted === status ? status : null;
  const target = wanted ?? rule.to[0];
  return target !== undefined && rule.to.includes(target) ? target : null;
}

/** Which permission each action needs (the actions people take; system moves are absent). */
export function actionPermissions<S extends string, A extends string>(
  workflow: Workflow<S, A>,
): Partial<Record<A, Permission>> {
  const out: Partial<Record<A, Permission>> = {};
  for (const a of workflow.actions) {
    const permission = workflow.rules[a].permission;
    if (permission !== undefined) out[a] = permission;
  }
  return out;
}
