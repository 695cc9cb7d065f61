/**
 * The console's words for each kind of notification (the bell): the shared code
 * (src/web/shared/notification-text.ts) fills them from the notification's facts in the reader's
 * language, or falls back to the stored Chinese text.
 */
import type { NameOf } from "../../shared/i18n/names.js";
import type { Lang } from "../../shared/i18n/setup.js";
import {
  fixed as fixedOf,
  wordNotification,
  type Fill,
  type KindText as Words,
  type NotificationText,
  type Shown,
} from "../../shared/notification-text.js";
import type { ConsoleKey, ConsoleT } from "../i18n/index.js";

type KindText = Words<ConsoleKey>;

const fixed = (key: ConsoleKey, ...needs: string[]): KindText => fixedOf(key, ...needs);

/** Every kind the console names (the registry's `notificationKinds`) has words here; a test checks. */
export const NOTIFICATION_TEXTS: Readonly<Record<string, KindText>> = {
  case_triage: fixed("centre.note.case_triage", "text"),
  case_dispatched: fixed("centre.note.case_dispatched", "text"),
  dispatch: fixed("centre.note.dispatch", "unit"),
  redispatch: fixed("centre.note.redispatch", "unit"),
  send_back: fixed("centre.note.send_back", "unit", "reason"),
  escalate: fixed("centre.note.escalate", "unit", "target", "reason"),
  case_escalated: fixed("centre.note.case_escalated", "due", "hours"),
  whistle: fixed("centre.note.whistle", "unit", "hours"),
  whistle_overdue: fixed("centre.note.whistle_overdue", "due"),
  report: fixed("centre.note.report", "unit"),
  urge: fixed("centre.note.urge"),
  deadline_warning: {
    key: (d) =>
      d.deadline === "response"
        ? "centre.note.deadline_warning.response"
        : d.deadline === "handle"
          ? "centre.note.deadline_warning.handle"
          : null,
    needs: ["due"],
  },
  deadline_overdue: {
    key: (d) =>
      d.deadline === "response"
        ? "centre.note.deadline_overdue.response"
        : d.deadline === "handle"
          ? "centre.note.deadline_overdue.handle"
          : null,
    needs: ["due"],
  },
  warning: fixed("centre.note.warning"),
  overdue: fixed("centre.note.overdue"),
  request_extension: fixed("centre.note.request_extension", "unit", "hours", "reason"),
  decide_extension: {
    key: (d) =>
      d.decision === "approved"
        ? "centre.note.decide_extension.approved"
        : d.decision === "refused"
          ? "centre.note.decide_extension.refused"
          : null,
    needs: ["hours"],
  },
  reply: fixed("centre.note.reply", "unit"),
  reopen: fixed("centre.note.reopen", "count"),
  verify_failed: fixed("centre.note.verify_failed"),
  supervisor_review: fixed("centre.note.supervisor_review", "count"),
  reject: fixed("centre.note.reject", "rejectReason"),
  merge: fixed("centre.note.merge", "primary"),
  evaluate_merged: fixed("centre.note.evaluate_merged", "primary", "duplicate"),
  transfer_to_mediation: fixed("centre.note.transfer_to_mediation", "committee", "dispute"),
  dispute_registered: fixed("centre.note.dispute_registered"),
  dispute_assigned: fixed("centre.note.dispute_assigned"),
  dispute_declined: fixed("centre.note.dispute_declined"),
  dispute_escalated: fixed("centre.note.dispute_escalated"),
  dispute_settled: fixed("centre.note.dispute_settled"),
  dispute_repeat_parties: fixed("centre.note.dispute_repeat_parties"),
  dispute_major_risk: fixed("centre.note.dispute_major_risk"),
  dispute_deadline_warning: fixed("centre.note.dispute_deadline_warning"),
  dispute_deadline_overdue: fixed("centre.note.dispute_deadline_overdue"),
  dispute_follow_up_due: fixed("centre.note.dispute_follow_up_due"),
  dispute_judicial_reminder: fixed("centre.note.dispute_judicial_reminder"),
  screening_overdue: fixed("centre.note.screening_overdue"),
  visit_overdue: fixed("centre.note.visit_overdue", "due"),
  register_correction_requested: fixed("centre.note.register_correction_requested", "field"),
  register_correction_done: fixed("centre.note.register_correction_done", "field"),
  register_correction_declined: fixed("centre.note.register_correction_declined", "field"),
};

/** The notification's text in `lang`: the kind's words filled from its facts, or the stored text. */
export function notificationText(t: ConsoleT, name: NameOf, lang: Lang, n: Shown): NotificationText {
  return wordNotification(NOTIFICATION_TEXTS, t as unknown as Fill<ConsoleKey>, name, lang, n);
}
