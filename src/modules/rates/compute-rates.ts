/**
 * The figures of a scope, in one pass over its cases, and the same figures per group for
 * rankings. Both count with the predicates of ./figures.ts.
 */
import { asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, categories, organisations, regions } from "../../db/schema.js";
import { CASE_FIGURES, figurePredicates, type CaseFigure } from "./figures.js";
import type { RateSettings } from "./rate-settings.js";
import type { BreakdownDimension, Figure, Figures } from "./schemas.js";

type CountKey = `${CaseFigure}_n` | `${CaseFigure}_d` | "satisfied" | "basicallySatisfied";
type Counts = Record<CountKey, number>;

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

/** Every figure over the cases matching `where` (a rate scope), judged at `now`. */
export async function computeRates(db: Db, where: SQL, settings: RateSettings, now: Date): Promise<Figures> {
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
 * row equals its figures asked for on their own.
 */
export async function computeBreakdown(
  db: Db,
  where: SQL,
  by: BreakdownDimension,
  settings: RateSettings,
  now: Date,
): Promise<BreakdownRow[]> {
  const columns = countColumns(now);
  let rows: (Counts & { key: string | null; name: string | null })[];
  switch (by) {
    case "county":
    case "township": {
      // The region path is city.county.township.village[.grid]. The position is inlined (a
      // constant, not a parameter) so SELECT and GROUP BY carry the very same expression.
      const level = sql.raw(by === "county" ? "1" : "2");
      const key = sql<
        string | null
      >`case when nlevel(${cases.regionPath}) > ${level} then subpath(${cases.regionPath}, ${level}, 1)::text end`;
      rows = await db
        .select({ key, name: regions.name, ...columns })
        .from(cases)
        .leftJoin(regions, sql`${regions.code} = ${key}`)
        .where(where)
        .groupBy(key, regions.name)
        .orderBy(asc(key));
      break;
    }
    case "category":
      rows = await db
        .select({ key: cases.categoryCode, name: categories.name, ...columns })
        .from(cases)
        .leftJoin(categories, eq(categories.code, cases.categoryCode))
        .where(where)
        .groupBy(cases.categoryCode, categories.name)
        .orderBy(asc(cases.categoryCode));
      break;
    case "department":
      rows = await db
        .select({ key: sql<string>`${organisations.id}::text`, name: organisations.name, ...columns })
        .from(cases)
        .innerJoin(
          organisations,
          sql`${organisations.kind} = 'department'
            and (${organisations.id} = ${cases.assignedOrgId} or ${organisations.id} = ${cases.leadOrgId})`,
        )
        .where(where)
        .groupBy(organisations.id, organisations.name)
        .orderBy(asc(organisations.name));
      break;
  }
  return rows.map(({ key, name, ...counts }) => ({ key, name, figures: assembleFigures(counts, settings) }));
}
