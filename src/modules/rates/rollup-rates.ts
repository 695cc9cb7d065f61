/**
 * The figures from the rate roll-ups (`rate_rollups`, kept by triggers on `cases` in the same
 * transaction as every change): sums over a few hundred or thousand rows instead of an aggregate
 * over every case of the scope. Whole months are read from the month rows, the days at either end
 * from the day rows. Two counts depend on the instant of asking (a response or handling deadline
 * that has not passed yet): the roll-ups count such cases as pending, and the few whose deadline
 * is still ahead of `now` are counted live from `cases` (partial indexes) and taken away.
 * The answer equals the plain aggregate (./compute-rates.ts computeRatesPlain) exactly.
 *
 * Contributions a trigger could not add in place (another transaction held the row) wait in
 * `rate_rollup_deltas` until the next fold; every read sums both tables (`ROLLUPS` below), one
 * statement and so one snapshot, in which a fold has either happened entirely or not at all.
 */
import { and, eq, gte, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, categories, organisations, rateRollupDeltas, rateRollups, regions } from "../../db/schema.js";
import { withinScopes } from "../../core/access/scope.js";
import { notYetDuePredicates, type Counts } from "./figures.js";
import { groupCases, regionKey } from "./group-cases.js";
import type { RollupScope } from "./rate-scope.js";
import type { BreakdownDimension } from "./schemas.js";

/**
 * The roll-ups with the contributions not folded in yet, under the roll-up table's own name so
 * that every column reference below (`rateRollups.*`) reads the union. Conditions on the key
 * are pushed into both arms, so each reads its primary key or key index.
 */
const ROLLUPS = sql`(select * from ${rateRollups} union all select * from ${rateRollupDeltas}) as ${rateRollups}`;

const total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** The roll-up sums, named as the counts they become. */
const SUMS = {
  received: total(rateRollups.received),
  closed: total(rateRollups.closed),
  responseDue: total(rateRollups.responseDue),
  responsePending: total(rateRollups.responsePending),
  respondedInTime: total(rateRollups.respondedInTime),
  evaluated: total(rateRollups.evaluated),
  resolved: total(rateRollups.resolved),
  satisfied: total(rateRollups.satisfied),
  basicallySatisfied: total(rateRollups.basicallySatisfied),
  replied: total(rateRollups.replied),
  repliedWithDeadline: total(rateRollups.repliedWithDeadline),
  onTime: total(rateRollups.onTime),
  gridVillage: total(rateRollups.gridVillage),
  overdue: total(rateRollups.overdue),
  overduePending: total(rateRollups.overduePending),
};
type Sums = { [K in keyof typeof SUMS]: number };

/** The live corrections: counted cases whose deadline is still ahead. */
interface NotYetDue {
  response: number;
  handle: number;
}

function liveColumns(now: Date) {
  const p = notYetDuePredicates(now);
  return {
    columns: {
      response: sql<number>`count(*) filter (where ${p.response})`.mapWith(Number),
      handle: sql<number>`count(*) filter (where ${p.handle})`.mapWith(Number),
    },
    any: or(p.response, p.handle) ?? sql`false`,
  };
}

function toCounts(s: Sums, live: NotYetDue): Counts {
  return {
    responseRate_n: s.respondedInTime,
    responseRate_d: s.responseDue + s.responsePending - live.response,
    resolutionRate_n: s.resolved,
    resolutionRate_d: s.evaluated,
    satisfactionRate_n: s.satisfied + s.basicallySatisfied,
    satisfactionRate_d: s.evaluated,
    onTimeRate_n: s.onTime,
    onTimeRate_d: s.repliedWithDeadline,
    gridVillageShare_n: s.gridVillage,
    gridVillageShare_d: s.replied,
    overdue_n: s.overdue + s.overduePending - live.handle,
    overdue_d: 0,
    received_n: s.received,
    received_d: 0,
    closed_n: s.closed,
    closed_d: 0,
    satisfied: s.satisfied,
    basicallySatisfied: s.basicallySatisfied,
  };
}

/** YYYY-MM-DD of the first day of the month after `day`'s. */
function nextMonth(day: string): string {
  const [y, m] = day.split("-").map(Number);
  const d = new Date(Date.UTC(y ?? 0, m ?? 1, 1));
  return d.toISOString().slice(0, 10);
}
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * The period [fromDay, toDay) as whole months (month rows) and the days at either end (day
 * rows); `days` is empty when the period is made of whole months.
 */
export function periodParts(fromDay: string | null, toDay: string | null) {
  const firstMonth = fromDay === null ? null : fromDay.endsWith("-01") ? fromDay : nextMonth(fromDay);
  const endMonth = toDay === null ? null : monthStart(toDay);
  if (
    fromDay !== null &&
    toDay !== null &&
    firstMonth !== null &&
    endMonth !== null &&
    firstMonth >= endMonth
  ) {
    return { months: null, days: [[fromDay, toDay]] as [string, string][] };
  }
  const days: [string, string][] = [];
  if (fromDay !== null && firstMonth !== null && fromDay < firstMonth) days.push([fromDay, firstMonth]);
  if (toDay !== null && endMonth !== null && endMonth < toDay) days.push([endMonth, toDay]);
  return { months: [firstMonth, endMonth] as [string | null, string | null], days };
}

/**
 * The roll-up rows of a scope's period and dimension: month rows for whole months, day rows for
 * the rest. The dimension goes inside every arm, so each is one range of the primary key.
 */
function periodCondition(r: RollupScope, dimension: SQL): SQL {
  const { months, days } = periodParts(r.fromDay, r.toDay);
  const parts: SQL[] = [];
  if (months) {
    const [a, b] = months;
    parts.push(
      and(
        eq(rateRollups.grain, "month"),
        dimension,
        a === null ? undefined : gte(rateRollups.period, a),
        b === null ? undefined : lt(rateRollups.period, b),
      ) ?? sql`false`,
    );
  }
  for (const [a, b] of days) {
    parts.push(
      and(eq(rateRollups.grain, "day"), dimension, gte(rateRollups.period, a), lt(rateRollups.period, b)) ??
        sql`false`,
    );
  }
  return or(...parts) ?? sql`false`;
}

/** Visibility, region and period; the dimension is the caller's. */
function rollupWhere(r: RollupScope, dimension: SQL): SQL {
  return (
    and(
      periodCondition(r, dimension),
      withinScopes(rateRollups.regionPath, r.visibility),
      r.regionPath === null ? undefined : sql`${rateRollups.regionPath} <@ ${r.regionPath}::ltree`,
    ) ?? sql`false`
  );
}

/** All cases of the scope, or those of the department asked for. */
function caseDimension(r: RollupScope): SQL {
  return r.department === null
    ? (and(eq(rateRollups.dim, "all"), eq(rateRollups.dimKey, "")) ?? sql`false`)
    : (and(eq(rateRollups.dim, "department"), eq(rateRollups.dimKey, r.department)) ?? sql`false`);
}

/**
 * The counts of a scope from the roll-ups. `where` is the same scope over `cases` (for the live
 * corrections).
 */
export async function countsFromRollups(db: Db, where: SQL, r: RollupScope, now: Date): Promise<Counts> {
  const live = liveColumns(now);
  const [sums, corrections] = await Promise.all([
    db
      .select(SUMS)
      .from(ROLLUPS)
      .where(rollupWhere(r, caseDimension(r))),
    db.select(live.columns).from(cases).where(and(where, live.any)),
  ]);
  const [s] = sums;
  const [c] = corrections;
  if (!s || !c) throw new Error("aggregate returned no row");
  return toCounts(s, c);
}

export interface BreakdownCounts {
  key: string | null;
  name: string | null;
  counts: Counts;
}

/**
 * The breakdown from the roll-ups, or null when this breakdown of this scope is not in them: by
 * category (month rows only) when the period has partial months or a department is asked for;
 * by department when a department is asked for (its cases also count for their other
 * department, which the roll-up rows of one department do not say).
 */
export async function breakdownFromRollups(
  db: Db,
  where: SQL,
  r: RollupScope,
  by: BreakdownDimension,
  now: Date,
): Promise<BreakdownCounts[] | null> {
  if ((by === "category" || by === "department") && r.department !== null) return null;
  if (by === "category" && periodParts(r.fromDay, r.toDay).days.length > 0) return null;
  const live = liveColumns(now);
  const [rows, corrections] = await Promise.all([
    groupRollups(db, r, by),
    groupCases(db, and(where, live.any) ?? sql`false`, by, live.columns),
  ]);
  const liveByKey = new Map(corrections.map((c) => [c.key, c]));
  return rows.map(({ key, name, ...sums }) => ({
    key,
    name,
    counts: toCounts(sums, liveByKey.get(key) ?? { response: 0, handle: 0 }),
  }));
}

/** The roll-up sums per group, keyed as ./group-cases.ts keys cases; empty groups left out. */
async function groupRollups(db: Db, r: RollupScope, by: BreakdownDimension) {
  const nonEmpty = sql`sum(${rateRollups.received}) > 0`;
  switch (by) {
    case "county":
    case "township": {
      // The same key as for cases: the roll-up path is the case's path cut to the township.
      const key = regionKey(rateRollups.regionPath, by);
      return db
        .select({ key, name: regions.name, ...SUMS })
        .from(ROLLUPS)
        .leftJoin(regions, sql`${regions.code} = ${key}`)
        .where(rollupWhere(r, caseDimension(r)))
        .groupBy(key, regions.name)
        .having(nonEmpty)
        .orderBy(sql`1`);
    }
    case "category": {
      const key = sql<string | null>`nullif(${rateRollups.dimKey}, '')`;
      return db
        .select({ key, name: categories.name, ...SUMS })
        .from(ROLLUPS)
        .leftJoin(categories, sql`${categories.code} = ${key}`)
        .where(rollupWhere(r, eq(rateRollups.dim, "category")))
        .groupBy(key, categories.name)
        .having(nonEmpty)
        .orderBy(sql`1`);
    }
    case "department":
      return (
        db
          .select({ key: sql<string | null>`${organisations.id}::text`, name: organisations.name, ...SUMS })
          .from(ROLLUPS)
          .innerJoin(organisations, sql`${organisations.id}::text = ${rateRollups.dimKey}`)
          // Department rows exist for organisations of kind `department` only (see the trigger).
          .where(rollupWhere(r, eq(rateRollups.dim, "department")))
          .groupBy(organisations.id, organisations.name)
          .having(nonEmpty)
          .orderBy(organisations.name)
      );
  }
}
