/**
 * Reading the monthly screening: the tasks of a month in the scope of mediation.read (the village
 * sees its own, a township its villages', a county all of its villages'), each with its state —
 * done, not done yet, or overdue (the month ended unrecorded) — and the disputes it found.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { actorWith, bindingsFor } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { NotFoundError } from "../../shared/errors.js";
import { disputes, screeningTasks } from "./schema.js";
import type { ScreeningList, ScreeningTaskItem } from "./schemas.js";
import { monthOf, type ScreeningRow } from "./screening-workflow.js";

const township = alias(regions, "township");

async function present(
  db: Db,
  actor: Actor,
  where: ReturnType<typeof and>,
  now: Date,
): Promise<ScreeningTaskItem[]> {
  const screen = bindingsFor(actor, "mediation.screen");
  const rows = await db
    .select({
      t: screeningTasks,
      regionName: regions.name,
      townshipName: township.name,
      mayScreen: sql<boolean>`${withinScopes(screeningTasks.regionPath, screen)}`,
    })
    .from(screeningTasks)
    .innerJoin(regions, eq(regions.code, screeningTasks.regionCode))
    .leftJoin(township, eq(township.code, regions.parentCode))
    .where(where)
    .orderBy(asc(screeningTasks.regionCode));
  const ids = rows.map((r) => r.t.id);
  const found =
    ids.length === 0
      ? []
      : await db
          .select({
            taskId: disputes.screeningTaskId,
            id: disputes.id,
            number: disputes.number,
            status: disputes.status,
          })
          .from(disputes)
          .where(inArray(disputes.screeningTaskId, ids))
          .orderBy(asc(disputes.number));
  return rows.map(({ t, regionName, townshipName, mayScreen }) =>
    item(t, regionName, townshipName, mayScreen, found, now),
  );
}

function item(
  t: ScreeningRow,
  regionName: string,
  townshipName: string | null,
  mayScreen: boolean,
  found: {
    taskId: string | null;
    id: string;
    number: string;
    status: ScreeningTaskItem["disputes"][number]["status"];
  }[],
  now: Date,
): ScreeningTaskItem {
  const open = now.getTime() < t.dueAt.getTime();
  return {
    id: t.id,
    month: t.month,
    regionCode: t.regionCode,
    regionName,
    townshipName,
    status: t.status,
    result: t.result,
    state: t.status === "done" ? "done" : t.overdueAt !== null || !open ? "overdue" : "pending",
    dueAt: t.dueAt.toISOString(),
    recordedAt: t.recordedAt?.toISOString() ?? null,
    note: t.note,
    disputes: found
      .filter((d) => d.taskId === t.id)
      .map(({ id, number, status }) => ({ id, number, status })),
    version: t.version,
    // Recorded once, while the month lasts; a task found may take further findings until then.
    canRecord: mayScreen === true && open && (t.status === "pending" || t.result === "found"),
  };
}

/** The month's tasks in the actor's scope, with the month's summary. */
export async function findScreeningTasks(
  db: Db,
  actorOrNull: Actor | null,
  query: { month?: string | undefined },
  now = new Date(),
): Promise<ScreeningList> {
  const actor = actorWith(actorOrNull, "mediation.read_screening");
  const bindings = bindingsFor(actor, "mediation.read_screening");
  const month = query.month ?? monthOf(now);
  const items = await present(
    db,
    actor,
    and(eq(screeningTasks.month, month), withinScopes(screeningTasks.regionPath, bindings)),
    now,
  );
  const done = items.filter((i) => i.state === "done");
  return {
    month,
    items,
    summary: {
      total: items.length,
      done: done.length,
      pending: items.filter((i) => i.state === "pending").length,
      overdue: items.filter((i) => i.state === "overdue").length,
      found: done.filter((i) => i.result === "found").length,
      disputesFound: items.reduce((n, i) => n + i.disputes.length, 0),
    },
  };
}

/** One task as the list shows it (after recording), in the actor's mediation.read scope. */
export async function presentScreeningTask(
  db: Db,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<ScreeningTaskItem> {
  const [one] = await present(
    db,
    actor,
    and(
      eq(screeningTasks.id, id),
      withinScopes(screeningTasks.regionPath, bindingsFor(actor, "mediation.read")),
    ),
    now,
  );
  if (!one) throw new NotFoundError("Screening task", id);
  return one;
}
