import type { NotificationKind } from "../../core/notifications/kinds.js";

/**
 * The kinds of notification the appeal loop writes (its actions, intake and deadline scan). The
 * reporter hears of their appeal by SMS when it is received and when it is answered; every other
 * kind is in-app only. The console names each kind (src/web/console/pages/work/routes.tsx).
 */
export const CASE_NOTIFICATION_KINDS: readonly NotificationKind[] = [
  { kind: "received", sms: { templateVar: "SMS_TEMPLATE_RECEIVED", param: "number" } },
  { kind: "reply", sms: { templateVar: "SMS_TEMPLATE_REPLY", param: "number" } },
  ...[
    "case_triage",
    "case_dispatched",
    "dispatch",
    "redispatch",
    "reject",
    "merge",
    "send_back",
    "escalate",
    "case_escalated",
    "whistle",
    "whistle_overdue",
    "report",
    "urge",
    "warning",
    "overdue",
    "deadline_warning",
    "deadline_overdue",
    "request_extension",
    "decide_extension",
    "reopen",
    "verify_failed",
    "supervisor_review",
    "evaluate_merged",
    "transfer_to_mediation",
  ].map((kind) => ({ kind })),
];
