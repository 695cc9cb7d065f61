/**
 * The visit lifecycle as one table on the workflow core:
 *
 *   (plan) ──▶ planned ──record──▶ done ──raise_appeal (once)──▶ done
 *                                     done ──raise_dispute (once)──▶ done
 *                 │ overdue (deadline scan: a mark, the visit stays to do)
 *
 * Planning is the system's (from the tag's population type: one visit every
 * `visit_interval_days`); recording a visit plans the next one in the same transaction.
 */
import { allowedActions, defineWorkflow, type ActionRule } from "../../core/workflow/workflow.js";
import { VISIT_STATUSES, type VisitStatus } from "./schema.js";

export const VISIT_ACTIONS = ["plan", "record", "raise_appeal", "raise_dispute", "overdue"] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

export const OPEN_VISIT_STATUSES = ["planned"] as const;

export const VISIT_RULES: Record<VisitAction, ActionRule<VisitStatus>> = {
  /** The planner (deadline scan, or the record of the previous visit) creates it. */
  plan: { from: "none", to: ["planned"] },
  record: { from: ["planned"], to: ["done"], permission: "visits.record" },
  /** One appeal per visit, about what was found (its own route and form). */
  raise_appeal: { from: ["done"], to: "same", permission: "visits.record" },
  /**
   * One dispute per visit, registered for mediation (a quarrel found on the visit): its own route;
   * the mediation module's registration (mediation.register where the visit lies) does the rest.
   */
  raise_dispute: { from: ["done"], to: "same", permission: "visits.record" },
  overdue: { from: ["planned"], to: "same" },
};

export const VISIT_WORKFLOW = defineWorkflow({
  subjectType: "visit",
  noun: "visit",
  staleCode: "stale_visit",
  states: VISIT_STATUSES,
  openStates: OPEN_VISIT_STATUSES,
  actions: VISIT_ACTIONS,
  rules: VISIT_RULES,
});

/**
 * The actions offered on a visit to someone who may record it where it lies: the table's for its
 * state, less raise_appeal once an appeal was raised and raise_dispute once a dispute was. The
 * visit's page and the 409s both use it.
 */
export function offeredVisitActions(visit: {
  status: VisitStatus;
  caseId: string | null;
  disputeId: string | null;
}): VisitAction[] {
  return allowedActions(VISIT_WORKFLOW, visit.status).filter(
    (a) =>
      (a !== "raise_appeal" || visit.caseId === null) && (a !== "raise_dispute" || visit.disputeId === null),
  );
}
