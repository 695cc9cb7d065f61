/**
 * The visit completion rate (走访完成率) of a region and period: visits visited on time ÷ visits
 * due, where a visit is due in the period when its deadline falls in it and has passed (or it is
 * already done), and on time when it was visited by its deadline. Counted only over the visits
 * the reader may see (their scope and the population types whose `visible_to` names their role),
 * so a count never reveals a type one may not see. One level down (township → villages → grids)
 * is the breakdown; the visits behind a figure are its drill-down.
 */
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { pathWithin } from "../../core/access/policy.js";
import { NotFoundError } from "../../shared/errors.js";
import { endOfChinaDay } from "./find-visits.js";
import { visitBindings, visitsVisibleThrough } from "./policy.js";
import { visits } from "./schema.js";
import type { VisitRateReq, VisitRateView, VisitRateVisitsReq } from "./schemas.js";

export const COMPLETION_RATE_DEFINITION = {
  "zh-CN":
    "走访完成率 = 按期走访数 ÷ 应走访数。应走访：期限在统计期间内且已到期（或已走访）的走访；按期：在期限前登记走访。只统计您有权查看的人群类型。",
  en: "Visit completion rate = visits made on time ÷ visits due. Due: visits whose deadline falls in the period and has passed (or that were made); on time: recorded by the deadline. Only the population types you may see are counted.",
};

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The period: default the twelve months ending today (China time). */
export function ratePeriod(q: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const to = q.to ?? chinaDay(now);
  const [y, m] = to.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - 11, 1)).toISOString().slice(0, 10);
  const from = q.from ?? first;
  return { from, to, start: new Date(Date.parse(`${from}T00:00:00+08:00`)), end: endOfChinaDay(to) };
}

/** The region asked for, if the reader's scope holds it (404 otherwise, as if it did not exist). */
async function resolveRegion(db: Db, bindings: Binding[], code: string | undefined) {
  const candidates =
    code !== undefined
      ? [code]
      : [...new Set(bindings.map((b) => b.scopeRegionCode).filter((c): c is string => c !== null))];
  if (code === undefined && candidates.length !== 1) return null;
  const [row] = await db
    .select({ code: regions.code, name: regions.name, path: regions.path, level: regions.level })
    .from(regions)
    .where(eq(regions.code, candidates[0] as string));
  if (!row || !bindings.some((b) => pathWithin(row.path, b.scopePath))) {
    throw new NotFoundError("Region", code ?? "");
  }
  return row;
}

function dueIn(start: Date, end: Date, now: Date): SQL {
  return sql`${visits.dueAt} >= ${start} and ${visits.dueAt} < ${end} and (${visits.dueAt} <= ${now} or ${visits.status} = 'done')`;
}
const onTime = sql`${visits.status} = 'done' and ${visits.visitedAt} <= ${visits.dueAt}`;

const figure = (numerator: number, denominator: number) => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

export async function computeCompletionRate(
  db: Db,
  actor: Actor | null,
  q: VisitRateReq,
  now = new Date(),
): Promise<VisitRateView> {
  const bindings = visitBindings(actor, "visits.read");
  const region = await resolveRegion(db, bindings, q.region);
  const period = ratePeriod(q, now);
  const where = and(
    visitsVisibleThrough(bindings),
    dueIn(period.start, period.end, now),
    region ? sql`${visits.regionPath} <@ ${region.path}::ltree` : undefined,
  );
  const [total] = await db
    .select({ due: count(), onTime: sql<number>`count(*) filter (where ${onTime})`.mapWith(Number) })
    .from(visits)
    .where(where);
  const breakdown = region
    ? await db
        .select({
          code: regions.code,
          name: regions.name,
          level: regions.level,
          due: sql<number>`count(${visits.id})`.mapWith(Number),
          onTime: sql<number>`count(${visits.id}) filter (where ${onTime})`.mapWith(Number),
        })
        .from(regions)
        .leftJoin(visits, and(sql`${visits.regionPath} <@ ${regions.path}`, where))
        .where(eq(regions.parentCode, region.code))
        .groupBy(regions.code, regions.name, regions.level)
        .orderBy(asc(regions.code))
    : [];
  return {
    scope: { region: region ? { code: region.code, name: region.name } : null },
    from: period.from,
    to: period.to,
    completionRate: figure(total?.onTime ?? 0, total?.due ?? 0),
    breakdown: breakdown.map((b) => ({
      code: b.code,
      name: b.name,
      level: b.level,
      completionRate: figure(b.onTime, b.due),
    })),
    definition: COMPLETION_RATE_DEFINITION,
  };
}

/** The visits behind the figure: due (denominator), on time (numerator) or missed (due and not on time). */
export async function completionRateWhere(
  db: Db,
  actor: Actor | null,
  q: VisitRateVisitsReq,
  now = new Date(),
): Promise<SQL> {
  const bindings = visitBindings(actor, "visits.read");
  const region = await resolveRegion(db, bindings, q.region);
  const period = ratePeriod(q, now);
  const part = q.part === "numerator" ? onTime : q.part === "missed" ? sql`not (${onTime})` : undefined;
  return (
    and(
      visitsVisibleThrough(bindings),
      dueIn(period.start, period.end, now),
      region ? sql`${visits.regionPath} <@ ${region.path}::ltree` : undefined,
      part,
    ) ?? sql`true`
  );
}
