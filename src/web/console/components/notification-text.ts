/**
 * A notification's text in the reader's language, from its kind and the facts the server kept
 * (`data`: unit names, a reason, a deadline…). The server also stores a Chinese text (what SMS
 * sends, and all there is for rows written before the facts were kept): a Chinese reader whose
 * notification lacks a fact its words need reads that text; an English reader reads the kind's
 * words whenever they need no missing fact, else that text too (the one case left in Chinese).
 */
import type { Notification } from "../../shared/contracts.js";
import { isCodeOf } from "../../shared/i18n/domain.js";
import type { NameOf } from "../../shared/i18n/names.js";
import type { Lang } from "../../shared/i18n/setup.js";
import { chinaTime } from "../../shared/time.js";
import type { ConsoleKey, ConsoleT } from "../i18n/index.js";

type Data = NonNullable<Notification["data"]>;

/** The words of a kind: their key (by a fact, for kinds with two wordings) and the facts they name. */
interface KindText {
  key: ConsoleKey | ((data: Data) => ConsoleKey | null);
  /** Facts the words put in, besides the subject's `number` (always known). */
  needs: readonly string[];
}

const fixed = (key: ConsoleKey, ...needs: string[]): KindText => ({ key, needs });

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
};

/** The text to show, and a person's own words that came with it (a note, a reply), shown as written. */
export interface NotificationText {
  text: string;
  note: string | null;
}

type Shown = Pick<Notification, "kind" | "body" | "data" | "subjectLabel" | "caseNumber">;

/** The notification's text in `lang`: the kind's words filled from its facts, or the stored text. */
export function notificationText(t: ConsoleT, name: NameOf, lang: Lang, n: Shown): NotificationText {
  const stored = { text: n.body, note: null };
  const spec = Object.hasOwn(NOTIFICATION_TEXTS, n.kind) ? NOTIFICATION_TEXTS[n.kind] : undefined;
  if (!spec) return stored;
  const data: Data = n.data ?? {};
  // Without its facts, a Chinese reader is better served by the stored Chinese text.
  if (n.data === null && lang === "zh-CN") return stored;
  const key = typeof spec.key === "function" ? spec.key(data) : spec.key;
  if (key === null || spec.needs.some((fact) => data[fact] === undefined)) return stored;
  const values: Record<string, string | number> = { ...data, number: n.subjectLabel ?? n.caseNumber ?? "" };
  if (typeof data.due === "string") values.due = chinaTime(data.due);
  const reason = data.rejectReason;
  if (typeof reason === "string" && isCodeOf("rejectReason", reason))
    values.reason = name("rejectReason", reason);
  const note = typeof data.note === "string" && data.note.trim() !== "" ? data.note : null;
  // The values are the facts by name; each kind's words name only facts its `needs` list.
  const fill = t as unknown as (key: ConsoleKey, values: Record<string, string | number>) => string;
  return { text: fill(key, values), note };
}
