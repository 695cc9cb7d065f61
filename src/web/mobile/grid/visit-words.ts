/** The words of the visit pages' codes, each map over the server's own union. */
import type { PersonFile, VisitListItem } from "../../shared/contracts.js";
import type { MobileKey } from "../i18n/index.js";

type Household = NonNullable<PersonFile["household"]>;

export const VISIT_METHOD_WORDS = {
  home: "grid.visits.method.home",
  phone: "grid.visits.method.phone",
  other: "grid.visits.method.other",
} as const satisfies Record<NonNullable<VisitListItem["method"]>, MobileKey>;

export const VISIT_LIST_WORDS = {
  planned: "grid.visits.state.planned",
  overdue: "grid.visits.state.overdue",
  done: "grid.visits.state.done",
} as const satisfies Record<string, MobileKey>;

export const SEX_WORDS = {
  male: "grid.visits.sex.male",
  female: "grid.visits.sex.female",
} as const satisfies Record<NonNullable<PersonFile["sex"]>, MobileKey>;

export const HOUSEHOLD_TYPE_WORDS = {
  registered: "grid.visits.householdType.registered",
  floating: "grid.visits.householdType.floating",
  other: "grid.visits.householdType.other",
} as const satisfies Record<Household["type"], MobileKey>;

export const RELATION_WORDS = {
  head: "grid.visits.relation.head",
  spouse: "grid.visits.relation.spouse",
  child: "grid.visits.relation.child",
  parent: "grid.visits.relation.parent",
  grandparent: "grid.visits.relation.grandparent",
  grandchild: "grid.visits.relation.grandchild",
  sibling: "grid.visits.relation.sibling",
  child_in_law: "grid.visits.relation.child_in_law",
  other: "grid.visits.relation.other",
} as const satisfies Record<Household["relation"], MobileKey>;

/** The population type's name in the language shown. */
export function typeName(type: { nameZh: string; nameEn: string }, lang: string): string {
  return lang === "en" ? type.nameEn : type.nameZh;
}

/** Whole years, or whole months under a year (a baby is "5 个月", not "0 岁"). */
export function ageOf(
  birthDate: string | null,
  now = new Date(),
): { years: number } | { months: number } | null {
  if (!birthDate) return null;
  const born = new Date(birthDate);
  let months = (now.getFullYear() - born.getFullYear()) * 12 + now.getMonth() - born.getMonth();
  if (now.getDate() < born.getDate()) months -= 1;
  if (months < 0) return null;
  return months < 12 ? { months } : { years: Math.floor(months / 12) };
}
