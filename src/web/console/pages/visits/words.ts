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

/** A time in China time, minutes precision. */
export function chinaTime(at: string | null): string {
  if (at === null) return "—";
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** A share as a percentage with one decimal, or — when nothing was due. */
export function percent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}
