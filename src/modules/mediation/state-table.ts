/**
 * The dispute lifecycle (人民调解) as one table on the workflow core:
 *
 *   registered ──accept──▶ accepted ──record_session──▶ in_mediation ──settle──▶ settled_written
 *     ▲   │ decline (reason; back to the committee)        │                      / settled_oral
 *     │   │ assign (a mediator of the committee)           │ refer                     │ record_follow_up
 *     └───┴── escalate (to the township committee) ◀───────┤                           ▼
 *                                                          ▼                       follow_up ──archive──▶ archived
 *                                                     not_settled ──────────archive──────────────────────▲
 *
 * Settled within 30 days of acceptance, extendable once with the parties' consent (`extend`); the
 * deadline scan marks warnings and overdue disputes, reminds the follow-up at one month and the
 * judicial confirmation before its 30 days run out.
 */
import { DISPUTE_STATUSES, type DisputeStatus } from "./schema.js";
import { defineWorkflow, type ActionRule } from "../../core/workflow/workflow.js";

export const DISPUTE_ACTIONS = [
  "register",
  "assign",
  "accept",
  "decline",
  "escalate",
  "record_session",
  "extend",
  "change_risk",
  "settle",
  "refer",
  "record_follow_up",
  "record_judicial_confirmation",
  "archive",
  "deadline_warning",
  "deadline_overdue",
  "follow_up_due",
  "judicial_reminder",
] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

/** The open states: a dispute in one of these is a committee's work until it is settled or referred. */
export const OPEN_DISPUTE_STATUSES = ["registered", "accepted", "in_mediation"] as const;
const MEDIATING: DisputeStatus[] = ["accepted", "in_mediation"];
const SETTLED: DisputeStatus[] = ["settled_written", "settled_oral"];

export const DISPUTE_RULES: Record<DisputeAction, ActionRule<DisputeStatus>> = {
  /** A new dispute waits at the committee of its place; its own route and form. */
  register: { from: "none", to: ["registered"] },
  /** The committee names the mediator (and may name another after a decline). */
  assign: { from: ["registered"], to: "same", permission: "mediation.assign" },
  /** Acceptance starts the 30 days. */
  accept: { from: ["registered"], to: ["accepted"], permission: "mediation.mediate" },
  /** Declined with a reason: the dispute goes back to its committee for another mediator. */
  decline: { from: ["registered"], to: "same", permission: "mediation.mediate" },
  /** 小事不出村、大事不出镇: what the village cannot settle goes to the township committee. */
  escalate: { from: ["registered", ...MEDIATING], to: ["registered"], permission: "mediation.assign" },
  record_session: { from: MEDIATING, to: ["in_mediation"], permission: "mediation.mediate" },
  /** Once, with the parties' consent recorded. */
  extend: { from: MEDIATING, to: "same", permission: "mediation.mediate" },
  /**
   * The risk level re-assessed after registration, with a reason (a dispute can flare up while it
   * is mediated or after an agreement is broken); raising it to major alerts as registering does.
   */
  change_risk: {
    from: ["registered", ...MEDIATING, ...SETTLED, "follow_up", "not_settled"],
    to: "same",
    permission: "mediation.mediate",
  },
  settle: { from: ["in_mediation"], to: SETTLED, permission: "mediation.mediate" },
  /** Not settled: the parties are referred to litigation, arbitration, administration or petition. */
  refer: { from: MEDIATING, to: ["not_settled"], permission: "mediation.mediate" },
  /** 回访: the first follow-up moves a settled dispute to follow-up; later ones keep it there. */
  record_follow_up: { from: [...SETTLED, "follow_up"], to: ["follow_up"], permission: "mediation.mediate" },
  /** 司法确认 of a written agreement: the application, later the court's decision. */
  record_judicial_confirmation: {
    from: ["settled_written", "follow_up", "archived"],
    to: "same",
    permission: "mediation.mediate",
  },
  archive: { from: ["follow_up", "not_settled"], to: ["archived"], permission: "mediation.mediate" },
  deadline_warning: { from: MEDIATING, to: "same" },
  deadline_overdue: { from: MEDIATING, to: "same" },
  follow_up_due: { from: SETTLED, to: "same" },
  judicial_reminder: { from: ["settled_written", "follow_up"], to: "same" },
};

/** The dispute workflow: the second user of the workflow core, after cases. */
export const DISPUTE_WORKFLOW = defineWorkflow({
  subjectType: "dispute",
  noun: "dispute",
  staleCode: "stale_dispute",
  states: DISPUTE_STATUSES,
  openStates: OPEN_DISPUTE_STATUSES,
  actions: DISPUTE_ACTIONS,
  rules: DISPUTE_RULES,
});
