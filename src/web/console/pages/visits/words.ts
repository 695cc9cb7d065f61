import type { ConsoleKey } from "../../i18n/index.js";
import type { VisitListItem } from "../../../shared/contracts.js";

export const METHOD_KEYS = {
  home: "visits.method.home",
  phone: "visits.method.phone",
  other: "visits.method.other",
} as const satisfies Record<NonNullable<VisitListItem["method"]>, ConsoleKey>;

export const STATUS_KEYS = {
  planned: "visits.status.planned",
  done: "visits.status.done",
} as const satisfies Record<VisitListItem["status"], ConsoleKey>;

const ACTION_KEYS: Record<string, ConsoleKey> = {
  plan: "visits.action.plan",
  record: "visits.action.record",
  raise_appeal: "visits.action.raise_appeal",
  raise_dispute: "visits.action.raise_dispute",
  overdue: "visits.action.overdue",
};

/** The key of a timeline step; an unknown one (a newer server) reads as the generic notice word. */
export function actionKey(action: string): ConsoleKey {
  return ACTION_KEYS[action] ?? "centre.kind.other";
}

/** The population type's name in the language shown. */
export function typeName(type: { nameZh: string; nameEn: string }, lang: string): string {
  return lang === "en" ? type.nameEn : type.nameZh;
}

export { chinaTime } from "../../../shared/time.js";

export { percent } from "../cockpit/period.js";
