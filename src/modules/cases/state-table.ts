/**
 * The case lifecycle as one table: for each action, the states it may start from and the states
 * it may lead to. `transition()` (./transition.ts) is the only code that changes `cases.status`,
 * and it refuses anything this table does not allow with a 409 naming the state and the
 * actions allowed there.
 *
 *   triage ──dispatch──▶ dispatched ──respond──▶ handling ──reply──▶ replied ──evaluate──▶ closed
 *     ▲                    │  ▲                    │                  │   (unsatisfied: reopen
 *     └──────send_back─────┘  └──escalate/redispatch┘                  │    → handling, or past
 *   reject → rejected; merge → merged                                  │    the limit →
 *                                                                       ▼    supervisor_review)
 */
import { CASE_STATUSES, type CaseStatus } from "../../db/schema.js";
// The cases permissions the rules name (their `declare module`), also where only this file is read.
import type {} from "./permissions.js";
import {
  allowedActions as allowedOf,
  defineWorkflow,
  targetState,
  type ActionRule,
} from "../../core/workflow/workflow.js";

export const CASE_ACTIONS = [
  "intake",
  "answer_on_spot",
  "triage",
  "dispatch",
  "redispatch",
  "reject",
  "respond",
  "send_back",
  "escalate",
  "whistle",
  "report",
  "request_extension",
  "decide_extension",
  "reply",
  "verify",
  "evaluate",
  "evaluate_merged",
  "supervisor_decide",
  "close",
  "merge",
  "transfer_to_mediation",
  "urge",
  "deadline_warning",
  "deadline_overdue",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The open states: a case in one of these is somebody's work. */
export const OPEN_STATUSES = ["triage", "dispatched", "handling", "replied", "supervisor_review"] as const;

const WORKING: CaseStatus[] = ["dispatched", "handling"];
const OPEN: CaseStatus[] = [...OPEN_STATUSES];

/**
 * Each action: the states it starts from, the states it leads to, and the permission a person
 * needs to take it (system moves — intake, deadline marks, evaluate_merged by the reporter — have
 * none). The server's action routes enforce the permission in scope; the client is sent the
 * actions it may take so it hides the buttons the server would refuse.
 */
export const STATE_TABLE: Record<CaseAction, ActionRule<CaseStatus>> = {
  /** A new case starts in triage or, when routing found its unit, dispatched. */
  intake: { from: "none", to: ["triage", "dispatched"] },
  /**
   * 当场办结: an operator or talk-station worker answers the caller there and then; the case is
   * filed and closed in the intake transaction with the answer as its reply (responded and replied
   * at intake, so on time in the response and on-time rates; closed without an evaluation, so
   * outside the resolution and satisfaction rates, which count residents' evaluations only).
   * Part of the intake form, never offered as a button.
   */
  answer_on_spot: {
    from: ["triage", "dispatched"],
    to: ["closed"],
    permission: "cases.intake",
    offered: false,
  },
  /** 分拨前研判: category and place fixed before dispatch; its own form, so not offered as an action. */
  triage: { from: ["triage"], to: "same", permission: "cases.dispatch", offered: false },
  dispatch: { from: ["triage"], to: ["dispatched"], permission: "cases.dispatch" },
  redispatch: { from: WORKING, to: ["dispatched"], permission: "cases.dispatch" },
  /** Not accepted: in court, a matter for 110, a duplicate, outside the platform's remit. */
  reject: { from: ["triage", "dispatched"], to: ["rejected"], permission: "cases.dispatch" },
  /** Contact the resident (a contact log); the first respond stops the response clock. */
  respond: { from: WORKING, to: ["handling"], permission: "cases.handle" },
  /** 退单: the unit returns a wrongly dispatched case to the dispatcher, with a reason. */
  send_back: { from: WORKING, to: ["triage"], permission: "cases.handle" },
  escalate: { from: WORKING, to: ["dispatched"], permission: "cases.handle" },
  /** 吹哨: invite departments to joint handling; each must report (报到). */
  whistle: { from: ["handling"], to: "same", permission: "cases.handle" },
  report: { from: ["handling", "replied"], to: "same", permission: "cases.handle" },
  request_extension: { from: WORKING, to: "same", permission: "cases.handle" },
  decide_extension: { from: [...WORKING, "replied"], to: "same", permission: "cases.supervise" },
  reply: { from: ["handling"], to: ["replied"], permission: "cases.handle" },
  /** 核查: the grid worker checks the reply on the spot; a failed check sends it back to work. */
  verify: { from: ["replied"], to: ["replied", "handling"], permission: "cases.verify" },
  /** Resolved and not unsatisfied closes; otherwise reopen (重办), or a supervisor past the limit. */
  evaluate: {
    from: ["replied"],
    to: ["closed", "handling", "supervisor_review"],
    permission: "cases.follow_up",
  },
  /**
   * The reporter of a merged duplicate rates the primary's result on their own case: recorded
   * there (the rates count the primary only, so it is feedback for the unit, not a figure), the merged case stays merged and the primary is not reopened.
   */
  evaluate_merged: { from: ["merged"], to: "same" },
  supervisor_decide: {
    from: ["supervisor_review"],
    to: ["handling", "closed"],
    permission: "cases.supervise",
  },
  /** Close without the resident's evaluation, e.g. no answer after follow-up calls. */
  close: { from: ["replied"], to: ["closed"], permission: "cases.follow_up" },
  merge: { from: ["triage", "dispatched", "handling"], to: ["merged"], permission: "cases.dispatch" },
  /**
   * 转人民调解: the appeal is a dispute and continues as one (src/modules/mediation). The case ends
   * as `rejected` (not taken up as an appeal), the state the three rates already leave out of the
   * response rate and that is never evaluated, so a transfer harms no rate; its event says why
   * and names the dispute. Its own route (POST /mediation/disputes/from-case), so not offered.
   */
  transfer_to_mediation: {
    from: ["triage", "dispatched", "handling"],
    to: ["rejected"],
    permission: "mediation.register",
    offered: false,
  },
  /** 催办: a supervisor urges the unit; no state change. */
  urge: { from: OPEN, to: "same", permission: "cases.supervise" },
  deadline_warning: { from: OPEN, to: "same" },
  deadline_overdue: { from: OPEN, to: "same" },
};

/** The case workflow: the first user of the workflow core. */
export const CASE_WORKFLOW = defineWorkflow({
  subjectType: "case",
  noun: "case",
  staleCode: "stale_case",
  states: CASE_STATUSES,
  openStates: OPEN_STATUSES,
  actions: CASE_ACTIONS,
  rules: STATE_TABLE,
});

/** The actions a case in `status` allows (for the 409 message and for the client's buttons). */
export function allowedActions(status: CaseStatus): CaseAction[] {
  return allowedOf(CASE_WORKFLOW, status);
}

/** The status `action` leads to from `status`, or null when the table does not allow it. */
export function targetStatus(action: CaseAction, status: CaseStatus, wanted?: CaseStatus): CaseStatus | null {
  return targetState(CASE_WORKFLOW, action, status, wanted);
}
