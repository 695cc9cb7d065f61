/**
 * The demo county's visits: for every current key/care population tag of the demo register, a
 * year of recorded visits at the type's frequency (most on time, some late, recorded by the demo
 * grid worker when that account exists, at the person's building), then the planned next one —
 * some already past their deadline, so the work list, the overdue marks and the completion rate
 * show something true. Deterministic; runs once (a county that has visits is left alone).
 */
import { and, count, eq, isNull, like, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users, workflowEvents } from "../../db/schema.js";
import { seededRandom } from "../grids/index.js";
import { personPopulationTags, persons, populationTypes } from "../people/index.js";
import { visits, type VisitMethod } from "./schema.js";
import { VISIT_WORKFLOW } from "./state-table.js";

const DEMO_COUNTY = "131002";
const DAY = 86_400_000;
const FINDINGS = [
  "本人在家，身体状况良好，生活正常。",
  "家中整洁，近期无异常，已告知网格员联系电话。",
  "反映楼道灯坏了，夜间出行不便。",
  "近期血压偏高，已提醒按时服药并联系社区医生。",
  "情绪稳定，按时服药，监护人在家。",
  "电话联系，本人称一切正常，下次入户。",
  "反映低保年审材料不清楚，已当场解释。",
  "家中燃气灶老化，已提醒更换并告知安全注意事项。",
];

export async function loadDemoVisits(db: Db, now = new Date()): Promise<string[]> {
  const [existing] = await db.select({ n: count() }).from(visits).where(like(visits.countyCode, DEMO_COUNTY));
  if ((existing?.n ?? 0) > 0) return [];
  const tags = await db
    .select({
      id: personPopulationTags.id,
      personId: personPopulationTags.personId,
      typeCode: personPopulationTags.typeCode,
      since: personPopulationTags.since,
      interval: populationTypes.visitIntervalDays,
      regionCode: persons.regionCode,
      regionPath: persons.regionPath,
      countyCode: persons.countyCode,
      gridCode: persons.gridCode,
      lon: sql<
        number | null
      >`(select b.lon from household_members m join households h on h.id = m.household_id
        join dwellings d on d.id = h.dwelling_id join buildings b on b.id = d.building_id
        where m.person_id = ${persons.id} and m.left_on is null limit 1)`,
      lat: sql<
        number | null
      >`(select b.lat from household_members m join households h on h.id = m.household_id
        join dwellings d on d.id = h.dwelling_id join buildings b on b.id = d.building_id
        where m.person_id = ${persons.id} and m.left_on is null limit 1)`,
    })
    .from(personPopulationTags)
    .innerJoin(populationTypes, eq(populationTypes.code, personPopulationTags.typeCode))
    .innerJoin(persons, eq(persons.id, personPopulationTags.personId))
    .where(
      and(
        isNull(personPopulationTags.until),
        eq(populationTypes.active, true),
        eq(persons.countyCode, DEMO_COUNTY),
      ),
    )
    .orderBy(personPopulationTags.id);
  if (tags.length === 0) return [];
  const [worker] = await db.select({ id: users.id }).from(users).where(eq(users.username, "grid_worker"));
  const random = seededRandom(2612);
  const rows: (typeof visits.$inferInsert)[] = [];
  const yearAgo = now.getTime() - 365 * DAY;
  for (const t of tags) {
    const step = t.interval * DAY;
    let base = Math.max(Date.parse(`${t.since}T00:00:00+08:00`), yearAgo);
    const place = {
      personId: t.personId,
      tagId: t.id,
      typeCode: t.typeCode,
      regionCode: t.regionCode,
      regionPath: t.regionPath,
      countyCode: t.countyCode,
      gridCode: t.gridCode,
    };
    for (;;) {
      const due = base + step;
      const r = random();
      // 88% on time (a few days early), 12% late by one to ten days.
      const visitedAt =
        r < 0.88
          ? due - Math.floor(random() * Math.max(1, t.interval / 3)) * DAY - 3 * 3_600_000
          : due + (1 + Math.floor(random() * 10)) * DAY;
      if (visitedAt > now.getTime() - 3_600_000) {
        // The next visit, still to do (past its deadline if the last one was long ago).
        rows.push({
          ...place,
          status: "planned",
          dueAt: new Date(due),
          createdAt: new Date(base),
          updatedAt: new Date(base),
        });
        break;
      }
      const method: VisitMethod = random() < 0.8 ? "home" : random() < 0.8 ? "phone" : "other";
      const jitter = () => (random() - 0.5) * 0.0004;
      rows.push({
        ...place,
        status: "done",
        version: 1,
        dueAt: new Date(due),
        visitedAt: new Date(visitedAt),
        overdueAt: visitedAt > due ? new Date(due) : null,
        method,
        lon: method === "home" && t.lon !== null && t.lat !== null ? t.lon + jitter() : null,
        lat: method === "home" && t.lon !== null && t.lat !== null ? t.lat + jitter() : null,
        findings: FINDINGS[Math.floor(random() * FINDINGS.length)] ?? FINDINGS[0],
        visitedByUserId: worker?.id ?? null,
        createdAt: new Date(base),
        updatedAt: new Date(visitedAt),
      });
      base = visitedAt;
    }
  }
  let done = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insert(visits)
        .values(rows.slice(i, i + 500))
        .returning({
          id: visits.id,
          status: visits.status,
          visitedAt: visits.visitedAt,
          countyCode: visits.countyCode,
          createdAt: visits.createdAt,
        });
      // The timeline of each: planned, and recorded (by the demo grid worker).
      await tx.insert(workflowEvents).values(
        inserted.flatMap((v) => [
          {
            subjectType: VISIT_WORKFLOW.subjectType,
            subjectId: v.id,
            countyCode: v.countyCode,
            action: "plan",
            fromStatus: null,
            toStatus: "planned",
            actorLabel: "system",
            at: v.createdAt,
          },
          ...(v.status === "done" && v.visitedAt
            ? [
                {
                  subjectType: VISIT_WORKFLOW.subjectType,
                  subjectId: v.id,
                  countyCode: v.countyCode,
                  action: "record",
                  fromStatus: "planned",
                  toStatus: "done",
                  actorUserId: worker?.id ?? null,
                  actorLabel: worker ? null : "system",
                  at: v.visitedAt,
                },
              ]
            : []),
        ]),
      );
      done += inserted.filter((v) => v.status === "done").length;
    }
  });
  return [`demo visits: ${done} recorded over the past year, ${rows.length - done} planned`];
}
