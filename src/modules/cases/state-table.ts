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
import type { CaseStatus } from "../../db/schema.js";

export const CASE_ACTIONS = [
  "intake",
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
  "urge",
  "deadline_warning",
  "deadline_overdue",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The open states: a case in one of these is somebody's work. */
export const OPEN_STATUSES = ["triage", "dispatched", "handling", "replied", "supervisor_review"] as const;

const WORKING: CaseStatus[] = ["dispatched", "handling"];
const OPEN: CaseStatus[] = [...OPEN_STATUSES];

interface Rule {
  from: readonly CaseStatus[] | "none";
  /** Allowed targets; "same" keeps the status (an event without a state change). */
  to: readonly CaseStatus[] | "same";
}

export const STATE_TABLE: Record<CaseAction, Rule> = {
  /** A new case starts in triage or, when routing found its unit, dispatched. */
  intake: { from: "none", to: ["triage", "dispatched"] },
  dispatch: { from: ["triage"], to: ["dispatched"] },
  redispatch: { from: WORKING, to: ["dispatched"] },
  /** Not accepted: in court, a matter for 110, a duplicate, outside the platform's remit. */
  reject: { from: ["triage", "dispatched"], to: ["rejected"] },
  /** Contact the resident (a contact log); the first respond stops the response clock. */
  respond: { from: WORKING, to: ["handling"] },
  /** 退单: the unit returns a wrongly dispatched case to the dispatcher, with a reason. */
  send_back: { from: WORKING, to: ["triage"] },
  escalate: { from: WORKING, to: ["dispatched"] },
  /** 吹哨: invite departments to joint handling; each must report (报到). */
  whistle: { from: ["handling"], to: "same" },
  report: { from: ["handling", "replied"], to: "same" },
  request_extension: { from: WORKING, to: "same" },
  decide_extension: { from: [...WORKING, "replied"], to: "same" },
  reply: { from: ["handling"], to: ["replied"] },
  /** 核查: the grid worker checks the reply on the spot; a failed check sends it back to work. */
  verify: { from: ["replied"], to: ["replied", "handling"] },
  /** Resolved and not unsatisfied closes; otherwise reopen (重办), or a supervisor past the limit. */
  evaluate: { from: ["replied"], to: ["closed", "handling", "supervisor_review"] },
  /**
   * The reporter of a merged duplicate rates the primary's result on their own case: recorded
   * there (the rates count the primary only, so it is feedback for the unit, not a figure), the merged case stays merged and the primary is not reopened.
   */
  evaluate_merged: { from: ["merged"], to: "same" },
  supervisor_decide: { from: ["supervisor_review"], to: ["handling", "closed"] },
  /** Close without the resident's evaluation, e.g. no answer after follow-up calls. */
  close: { from: ["replied"], to: ["closed"] },
  merge: { from: ["triage", "dispatched", "handling"], to: ["merged"] },
  /** 催办: a supervisor urges the unit; no state change. */
  urge: { from: OPEN, to: "same" },
  deadline_warning: { from: OPEN, to: "same" },
  deadline_overdue: { from: OPEN, to: "same" },
};

/** The actions a case in `status` allows (for the 409 message and for the client's buttons). */
export function allowedActions(status: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((a) => {
    const from = STATE_TABLE[a].from;
    return from !== "none" && from.includes(status);
  });
}

/** The status `action` leads to from `status`, or null when the table does not allow it. */
export function targetStatus(action: CaseAction, status: CaseStatus, wanted?: CaseStatus): CaseStatus | null {
  const rule = STATE_TABLE[action];
  if (rule.from === "none" || !rule.from.includes(status)) return null;
  if (rule.to === "same") return wanted === undefined || wanted === status ? status : null;
  const target = wanted ?? rule.to[0];
  return target !== undefined && rule.to.includes(target) ? target : null;
}
