/**
 * A correction request as one table on the workflow core:
 *
 *   (submit, by the resident) ──▶ submitted ──done──▶ done
 *                                     └──decline (reason)──▶ declined
 *
 * The grid worker (or village staff) corrects the register through its own pages, then marks
 * the request done; or declines it with the reason the resident reads.
 */
import { defineWorkflow, type ActionRule } from "../../core/workflow/workflow.js";
import { CORRECTION_STATUSES, type CorrectionStatus } from "./schema.js";

export const CORRECTION_ACTIONS = ["submit", "done", "decline"] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

export const OPEN_CORRECTION_STATUSES = ["submitted"] as const;

export const CORRECTION_RULES: Record<CorrectionAction, ActionRule<CorrectionStatus>> = {
  /** The resident creates it (their own route: the person must be one of their phone's). */
  submit: { from: "none", to: ["submitted"] },
  done: { from: ["submitted"], to: ["done"], permission: "people.manage" },
  decline: { from: ["submitted"], to: ["declined"], permission: "people.manage" },
};

export const CORRECTION_WORKFLOW = defineWorkflow({
  subjectType: "register_correction",
  noun: "correction request",
  staleCode: "stale_correction",
  states: CORRECTION_STATUSES,
  openStates: OPEN_CORRECTION_STATUSES,
  actions: CORRECTION_ACTIONS,
  rules: CORRECTION_RULES,
});
