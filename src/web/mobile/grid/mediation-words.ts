/** The mediator's phone pages' words for the dispute codes: states (the glossary's) and performance. */
import type { DisputeDetail } from "../../shared/contracts.js";
import type { MobileKey } from "../i18n/index.js";

export const DISPUTE_STATUS_WORDS = {
  registered: "grid.mediation.status.registered",
  accepted: "grid.mediation.status.accepted",
  in_mediation: "grid.mediation.status.in_mediation",
  settled_written: "grid.mediation.status.settled_written",
  settled_oral: "grid.mediation.status.settled_oral",
  not_settled: "grid.mediation.status.not_settled",
  follow_up: "grid.mediation.status.follow_up",
  archived: "grid.mediation.status.archived",
} as const satisfies Record<DisputeDetail["status"], MobileKey>;

export const PERFORMED_WORDS = {
  yes: "grid.mediation.performed.yes",
  partly: "grid.mediation.performed.partly",
  no: "grid.mediation.performed.no",
} as const satisfies Record<DisputeDetail["followUps"][number]["performed"], MobileKey>;

/** A dispute's type in the page's language (a copy kept on the phone before English names came has only the Chinese). */
export function typeNameIn(d: { typeName: string; typeNameEn?: string }, lang: string): string {
  return lang === "en" ? (d.typeNameEn ?? d.typeName) : d.typeName;
}

type Status = DisputeDetail["status"];
/** The time limit (30 days from acceptance) runs while the dispute is being mediated, not before or after. */
export const timeLimitRuns = (status: Status): boolean => status === "accepted" || status === "in_mediation";
/** The follow-up is awaited once mediation has ended, until it is recorded. */
export const followUpAwaited = (status: Status): boolean =>
  status === "settled_written" || status === "settled_oral" || status === "not_settled";
