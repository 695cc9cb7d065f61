/**
 * 一张图: the open cases of a centre's area as points on one map, each with where its deadline
 * stands (normal / warning / overdue). Scoped in the query like the case list (a case outside
 * the reader's scope is not there), capped: the points nearest their deadline come first, so an
 * overdue case is never the one cut off. No personal data and no description: a point, a number,
 * a category and a place.
 */
import { and, count, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, categories, regions } from "../../db/schema.js";
import { requireActor, requirePermission } from "../../core/access/policy.js";
import type { Actor } from "../../core/access/actor.js";
import { readSchedulerSettings } from "../../core/scheduler/scheduler-settings.js";
import { visibleCases } from "./policy.js";
import { OPEN_STATUSES } from "./state-table.js";
import { activeDue, activeWarned, deadlineState, type DeadlineState } from "./work-lists.js";
import type { CaseMap, CaseMapReq } from "./schemas.js";

/** The cases in `state`, in SQL: the same test as `deadlineState()` (./work-lists.ts). */
function inDeadlineState(state: DeadlineState, warningFraction: number): SQL {
  const overdue = sql`(${activeDue} is not null and ${activeDue} < now())`;
  const warning = sql`(${activeDue} is not null and ${activeDue} >= now() and (${activeWarned} is not null
    or ${activeDue} - now() <= (${activeDue} - ${cases.createdAt}) * ${1 - warningFraction}::float8))`;
  if (state === "overdue") return overdue;
  if (state === "warning") return warning;
  return sql`not ${overdue} and not ${warning}`;
}

export async function findCaseMap(db: Db, actorOrNull: Actor | null, q: CaseMapReq): Promise<CaseMap> {
  requirePermission(actorOrNull, "cases.read");
  const actor = requireActor(actorOrNull);
  const where: SQL[] = [inArray(cases.status, [...OPEN_STATUSES]), visibleCases(actor)];
  if (q.region) {
    where.push(sql`${cases.regionPath} <@ (select r.path from regions r where r.code = ${q.region})`);
  }
  const { warningFraction } = await readSchedulerSettings(db);
  if (q.state) where.push(inDeadlineState(q.state, warningFraction));
  const located = and(isNotNull(cases.lon), isNotNull(cases.lat));
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: cases.id,
        number: cases.number,
        status: cases.status,
        lon: cases.lon,
        lat: cases.lat,
        urgent: cases.urgent,
        categoryCode: cases.categoryCode,
        categoryName: categories.name,
        categoryNameEn: categories.nameEn,
        regionCode: cases.regionCode,
        regionName: regions.name,
        createdAt: cases.createdAt,
        dueAt: activeDue,
        warnedAt: activeWarned,
      })
      .from(cases)
      .leftJoin(categories, eq(categories.code, cases.categoryCode))
      .innerJoin(regions, eq(regions.code, cases.regionCode))
      .where(and(...where, located))
      .orderBy(sql`${activeDue} asc nulls last`, cases.createdAt)
      .limit(q.limit),
    db
      .select({
        located: sql<number>`count(*) filter (where ${located})`.mapWith(Number),
        unlocated: count(sql`case when ${or(isNull(cases.lon), isNull(cases.lat))} then 1 end`),
      })
      .from(cases)
      .where(and(...where)),
  ]);
  const now = new Date();
  const total = totals[0]?.located ?? 0;
  return {
    items: rows.map(({ createdAt, dueAt, warnedAt, lon, lat, ...rest }) => ({
      ...rest,
      lon: lon ?? 0,
      lat: lat ?? 0,
      deadlineState: deadlineState(dueAt, createdAt, warnedAt, now, warningFraction),
    })),
    total,
    truncated: total > rows.length,
    withoutPoint: totals[0]?.unlocated ?? 0,
  };
}
