/** The names of the mediation codes, as console keys: a code is never shown to a person. */
import type { Committee, DisputeDetail } from "../../../shared/contracts.js";
import type { ConsoleKey } from "../../i18n/index.js";

type D = DisputeDetail;

export const STATUS_KEYS = {
  registered: "mediation.status.registered",
  accepted: "mediation.status.accepted",
  in_mediation: "mediation.status.in_mediation",
  settled_written: "mediation.status.settled_written",
  settled_oral: "mediation.status.settled_oral",
  not_settled: "mediation.status.not_settled",
  follow_up: "mediation.status.follow_up",
  archived: "mediation.status.archived",
} as const satisfies Record<D["status"], ConsoleKey>;

export const RISK_KEYS = {
  general: "mediation.risk.general",
  significant: "mediation.risk.significant",
  major: "mediation.risk.major",
} as const satisfies Record<D["riskLevel"], ConsoleKey>;

export const SOURCE_KEYS = {
  walk_in: "mediation.source.walk_in",
  appeal: "mediation.source.appeal",
  screening: "mediation.source.screening",
  visit: "mediation.source.visit",
} as const satisfies Record<D["source"], ConsoleKey>;

export const ROLE_KEYS = {
  applicant: "mediation.role.applicant",
  respondent: "mediation.role.respondent",
  other: "mediation.role.other",
} as const satisfies Record<D["parties"][number]["role"], ConsoleKey>;

export const PERFORMED_KEYS = {
  yes: "mediation.performed.yes",
  partly: "mediation.performed.partly",
  no: "mediation.performed.no",
} as const satisfies Record<D["followUps"][number]["performed"], ConsoleKey>;

const ACTION_KEYS: Record<string, ConsoleKey> = {
  register: "mediation.action.register",
  assign: "mediation.action.assign",
  accept: "mediation.action.accept",
  decline: "mediation.action.decline",
  escalate: "mediation.action.escalate",
  record_session: "mediation.action.record_session",
  extend: "mediation.action.extend",
  change_risk: "mediation.action.change_risk",
  settle: "mediation.action.settle",
  refer: "mediation.action.refer",
  record_follow_up: "mediation.action.record_follow_up",
  record_judicial_confirmation: "mediation.action.record_judicial_confirmation",
  archive: "mediation.action.archive",
  deadline_warning: "mediation.action.deadline_warning",
  deadline_overdue: "mediation.action.deadline_overdue",
  follow_up_due: "mediation.action.follow_up_due",
  judicial_reminder: "mediation.action.judicial_reminder",
};

/** The key of a timeline step; an unknown one (a newer server) reads as the generic notice word. */
export function actionKey(action: string): ConsoleKey {
  return ACTION_KEYS[action] ?? "centre.kind.other";
}

/** A dispute type's name in the language shown, from the catalogue. */
export function typeNameOf(
  types: { code: string; nameZh: string; nameEn: string }[] | undefined,
  code: string,
  lang: string,
): string {
  const found = types?.find((x) => x.code === code);
  if (!found) return code;
  return lang === "en" ? found.nameEn : found.nameZh;
}

export { chinaTime } from "../../../shared/time.js";

export const CHANNEL_KEYS = {
  litigation: "mediation.channel.litigation",
  arbitration: "mediation.channel.arbitration",
  administrative: "mediation.channel.administrative",
  petition: "mediation.channel.petition",
} as const satisfies Record<NonNullable<D["referral"]>["channel"], ConsoleKey>;

export const DECISION_KEYS = {
  confirmed: "mediation.decision.confirmed",
  rejected: "mediation.decision.rejected",
} as const satisfies Record<NonNullable<NonNullable<D["judicialConfirmation"]>["decision"]>, ConsoleKey>;

export const LEVEL_KEYS = {
  village: "mediation.level.village",
  township: "mediation.level.township",
  county: "mediation.level.county",
} as const satisfies Record<Committee["level"], ConsoleKey>;

export const KIND_KEYS = {
  general: "mediation.kind.general",
  property: "mediation.kind.property",
  medical: "mediation.kind.medical",
  traffic: "mediation.kind.traffic",
  labour: "mediation.kind.labour",
} as const satisfies Record<Committee["kind"], ConsoleKey>;
