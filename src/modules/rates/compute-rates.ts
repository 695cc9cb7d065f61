/**
 * The figures of a scope, and the same figures per group for rankings. Both count with the
 * predicates of ./figures.ts: from the rate roll-ups when the scope can be said in their terms
 * (./rollup-rates.ts), else by the plain aggregate over `cases` — the two give identical figures.
 */
import { is, SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";
import { CASE_FIGURES, figurePredicates, type CaseFigure, type CountKey, type Counts } from "./figures.js";
import { groupCases } from "./group-cases.js";
import type { RateScope } from "./rate-scope.js";
import type { RateSettings } from "./rate-settings.js";
import { breakdownFromRollups, countsFromRollups } from "./rollup-rates.js";
import type { BreakdownDimension, Figure, Figures } from "./schemas.js";

/** `count(*) filter (where …)` for every numerator and denominator. */
function countColumns(now: Date): Record<CountKey, SQL<number>> {
  const p = figurePredicates(now);
  const count = (where: SQL) => sql<number>`count(*) filter (where ${where})`.mapWith(Number);
  const columns: Partial<Record<CountKey, SQL<number>>> = {
    satisfied: count(p.satisfied),
    basicallySatisfied: count(p.basicallySatisfied),
  };
  for (const f of CASE_FIGURES) {
    const { numerator, denominator } = p.figures[f];
    columns[`${f}_n`] = count(numerator);
    columns[`${f}_d`] = denominator ? count(denominator) : sql<number>`0`.mapWith(Number);
  }
  return columns as Record<CountKey, SQL<number>>;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** Turns the counts into figures: rates with null for an empty denominator, never NaN. */
function assembleFigures(c: Counts, s: RateSettings): Figures {
  const rate = (f: CaseFigure): Figure => ({
    value: ratio(c[`${f}_n`], c[`${f}_d`]),
    numerator: c[`${f}_n`],
    denominator: c[`${f}_d`],
  });
  const count = (f: CaseFigure): Figure => ({
    value: c[`${f}_n`],
    numerator: c[`${f}_n`],
    denominator: null,
  });
  const satisfactionNumerator = c.satisfied + s.basicWeight * c.basicallySatisfied;
  const figures = {
    responseRate: rate("responseRate"),
    resolutionRate: rate("resolutionRate"),
    satisfactionRate: {
      value: ratio(satisfactionNumerator, c.satisfactionRate_d),
      numerator: satisfactionNumerator,
      denominator: c.satisfactionRate_d,
      satisfied: c.satisfied,
      basicallySatisfied: c.basicallySatisfied,
    },
    onTimeRate: rate("onTimeRate"),
    gridVillageShare: rate("gridVillageShare"),
    overdue: count("overdue"),
    received: count("received"),
    closed: count("closed"),
  };
  // A weighted rate without data leaves the composite empty rather than silently reweighted.
  const parts: [number, number | null][] = [
    [s.weights.response, figures.responseRate.value],
    [s.weights.resolution, figures.resolutionRate.value],
    [s.weights.satisfaction, figures.satisfactionRate.value],
  ];
  const missing = parts.some(([w, v]) => w > 0 && v === null);
  const composite = missing ? null : parts.reduce((sum, [w, v]) => sum + w * (v ?? 0), 0);
  return { ...figures, composite: { value: composite, numerator: null, denominator: null } };
}

/**
 * Every figure of a rate scope, judged at `now`: from the roll-ups when the scope allows it.
 * Given a bare condition over `cases` (`scope.where`), the plain aggregate answers.
 */
export async function computeRates(
  db: Db,
  scope: SQL | RateScope,
  settings: RateSettings,
  now: Date,
): Promise<Figures> {
  if (!is(scope, SQL) && scope.rollup) {
    return assembleFigures(await countsFromRollups(db, scope.where, scope.rollup, now), settings);
  }
  return computeRatesPlain(db, is(scope, SQL) ? scope : scope.where, settings, now);
}

/** Every figure over the cases matching `where` (a rate scope), by one aggregate over `cases`. */
export async function computeRatesPlain(
  db: Db,
  where: SQL,
  settings: RateSettings,
  now: Date,
): Promise<Figures> {
  const [row] = await db.select(countColumns(now)).from(cases).where(where);
  if (!row) throw new Error("aggregate returned no row");
  return assembleFigures(row, settings);
}

export interface BreakdownRow {
  key: string | null;
  name: string | null;
  figures: Figures;
}

/**
 * The figures per county, township, department or category. A case counts for every department
 * it is assigned to or led by — the same rule as the `department` filter — so a department's
 * row equals its figures asked for on their own. From the roll-ups when the scope allows it.
 */
export async function computeBreakdown(
  db: Db,
  scope: SQL | RateScope,
  by: BreakdownDimension,
  settings: RateSettings,
  now: Date,
): Promise<BreakdownRow[]> {
  if (!is(scope, SQL) && scope.rollup) {
    const rows = await breakdownFromRollups(db, scope.where, scope.rollup, by, now);
    if (rows)
      return rows.map(({ key, name, counts }) => ({ key, name, figures: assembleFigures(counts, settings) }));
  }
  return computeBreakdownPlain(db, is(scope, SQL) ? scope : scope.where, by, settings, now);
}

/** The breakdown by one aggregate over `cases`. */
export async function computeBreakdownPlain(
  db: Db,
  where: SQL,
  by: BreakdownDimension,
  settings: RateSettings,
  now: Date,
): Promise<BreakdownRow[]> {
  const rows = await groupCases(db, where, by, countColumns(now));
  return rows.map(({ key, name, ...counts }) => ({
    key,
    name,
    figures: assembleFigures(counts as Counts, settings),
  }));
}
