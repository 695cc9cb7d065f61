/**
 * The demo step of the monthly screening (排查): the demo county's villages' tasks for the three
 * months before this one and this one, planned by the scan's own planner at each month's start.
 * Past months: every village recorded none found on a day of its month, but one, which let its
 * month end unrecorded and is marked overdue by the real scan. This month: the demo village
 * (account `village_staff`) recorded the disputes of the mediation demo found in screening, about
 * half of the others recorded none found on a day before today, and the rest are still to do —
 * the second demo village (`village_staff2`) among them, so its two buttons show. Does nothing
 * when the county has screening tasks.
 */
import { and, asc, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { recordEvents } from "../../core/workflow/events.js";
import { transition } from "../../core/workflow/transition.js";
import { loadActor } from "../accounts/index.js";
import { users } from "../../db/schema.js";
import { disputes, screeningTasks } from "./schema.js";
import { planScreeningTasks, runScreeningScan } from "./screening-scan.js";
import {
  SCREENING_STORE,
  SCREENING_WORKFLOW,
  monthEnd,
  monthOf,
  previousMonth,
} from "./screening-workflow.js";

const DEMO_COUNTY = "131002";
const DAY_MS = 86_400_000;

async function actorNamed(db: Db, username: string): Promise<Actor | null> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u ? loadActor(db, u.id) : null;
}

/** Records `ids` as none found, on a day of their month before `before`, with their events. */
async function recordNoneFound(
  db: Db,
  tasks: { id: string; regionCode: string; countyCode: string | null }[],
  monthStart: Date,
  before: Date,
): Promise<number> {
  if (tasks.length === 0) return 0;
  const committees = await db
    .select({ id: organisations.id, regionCode: organisations.regionCode })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, "village_committee"),
        inArray(
          organisations.regionCode,
          tasks.map((t) => t.regionCode),
        ),
      ),
    );
  const unitOf = new Map(committees.map((c) => [c.regionCode, c.id]));
  const span = Math.max(DAY_MS, before.getTime() - monthStart.getTime() - DAY_MS);
  // Spread over the month, never after `before`; one statement for the tasks, one for their events.
  const at = tasks.map(
    (_, i) => new Date(monthStart.getTime() + DAY_MS + Math.floor((((i * 7919) % 97) / 97) * span)),
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update screening_tasks s
      set status = 'done', result = 'none_found', recorded_at = v.at, updated_at = v.at, version = s.version + 1
      from (values ${sql.join(
        tasks.map((t, i) => sql`(${t.id}::uuid, ${(at[i] ?? before).toISOString()}::timestamptz)`),
        sql`, `,
      )}) as v(id, at)
      where s.id = v.id`);
    await recordEvents(
      tx,
      tasks.map((t, i) => ({
        subjectType: SCREENING_WORKFLOW.subjectType,
        subjectId: t.id,
        countyCode: t.countyCode,
        action: "record",
        fromStatus: "pending",
        toStatus: "done",
        actor: { userId: null, orgId: unitOf.get(t.regionCode) ?? null },
        data: { result: "none_found" },
        at: at[i] ?? before,
      })),
    );
  });
  return tasks.length;
}

export async function loadDemoScreening(db: Db, now = new Date()): Promise<string[]> {
  const [existing] = await db
    .select({ n: count() })
    .from(screeningTasks)
    .where(eq(screeningTasks.countyCode, DEMO_COUNTY));
  if (existing && existing.n > 0) return [];
  const staff = await actorNamed(db, "village_staff");
  const staff2 = await actorNamed(db, "village_staff2");
  const demoVillage = staff?.bindings[0]?.scopeRegionCode ?? null;
  const otherDemoVillage = staff2?.bindings[0]?.scopeRegionCode ?? null;
  const current = monthOf(now);
  const months = [
    previousMonth(previousMonth(previousMonth(current))),
    previousMonth(previousMonth(current)),
    previousMonth(current),
    current,
  ];
  let recorded = 0;
  let late = "";
  for (const month of months) {
    const start = monthEnd(previousMonth(month));
    await db.transaction((tx) => planScreeningTasks(tx, month, new Date(start.getTime() + 3_600_000)));
    const tasks = await db
      .select({
        id: screeningTasks.id,
        regionCode: screeningTasks.regionCode,
        countyCode: screeningTasks.countyCode,
      })
      .from(screeningTasks)
      .where(and(eq(screeningTasks.month, month), eq(screeningTasks.countyCode, DEMO_COUNTY)))
      .orderBy(asc(screeningTasks.regionCode));
    if (month !== current) {
      // The month before this one: one village (not a demo account's) let it end unrecorded.
      const lateTask =
        month === previousMonth(current)
          ? tasks.find(
              (t) =>
                t.regionCode !== demoVillage && t.regionCode !== otherDemoVillage && tasks.indexOf(t) >= 2,
            )
          : undefined;
      late = lateTask?.regionCode ?? late;
      recorded += await recordNoneFound(
        db,
        tasks.filter((t) => t !== lateTask),
        start,
        monthEnd(month),
      );
    } else {
      const others = tasks.filter(
        (t, i) => t.regionCode !== demoVillage && t.regionCode !== otherDemoVillage && i % 2 === 0,
      );
      if (now.getTime() - start.getTime() > DAY_MS) recorded += await recordNoneFound(db, others, start, now);
    }
  }
  // This month's findings of the demo village: the mediation demo's disputes found in screening.
  let linked = 0;
  const task = demoVillage
    ? (
        await db
          .select()
          .from(screeningTasks)
          .where(and(eq(screeningTasks.regionCode, demoVillage), eq(screeningTasks.month, current)))
      )[0]
    : undefined;
  if (staff && task) {
    const found = await db
      .select({ id: disputes.id, number: disputes.number })
      .from(disputes)
      .where(
        and(
          eq(disputes.source, "screening"),
          isNull(disputes.screeningTaskId),
          sql`${disputes.regionPath} <@ ${task.regionPath}::ltree`,
          gte(disputes.createdAt, monthEnd(previousMonth(current))),
        ),
      );
    if (found.length > 0) {
      await db.transaction(async (tx) => {
        await tx
          .update(disputes)
          .set({ screeningTaskId: task.id })
          .where(
            inArray(
              disputes.id,
              found.map((d) => d.id),
            ),
          );
        await transition(tx, SCREENING_WORKFLOW, SCREENING_STORE, {
          subjectId: task.id,
          action: "record",
          actor: { userId: staff.userId, orgId: staff.organisationId },
          set: { result: "found", recordedAt: now, recordedByUserId: staff.userId },
          data: { result: "found", disputes: found.map((d) => d.number) },
        });
      });
      linked = found.length;
    }
  }
  // The month that ended unrecorded gets its overdue mark (and notices) from the real scan.
  // Marked as the scheduler would have at the month's end (just after it).
  const scan = await runScreeningScan(db, {
    now: new Date(monthEnd(previousMonth(current)).getTime() + 60_000),
  });
  return [
    `mediation screening: ${months.length} months of tasks, ${recorded} recorded none found, ${linked} disputes found this month, ${scan.overdue} overdue${late ? ` (${late})` : ""}`,
  ];
}
