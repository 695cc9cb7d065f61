/**
 * The monthly screening task (矛盾纠纷排查) as one table on the workflow core, and its store:
 *
 *   (plan, by the scheduler) ──▶ pending ──record (none found / found)──▶ done
 *                                   │ overdue (the month ended unrecorded: a mark; the month is closed)
 *                                 done(found) ──link_dispute (a further finding, within the month)──▶ done
 *
 * Both moves of the village have forms of their own (`offered: false`): recording, and
 * registering a dispute found in the screening, which links it to the task.
 */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import type { SubjectStore } from "../../core/workflow/transition.js";
import { defineWorkflow, type ActionRule } from "../../core/workflow/workflow.js";
import { regions } from "../../db/schema.js";
import { SCREENING_STATUSES, screeningTasks, type ScreeningStatus } from "./schema.js";

export const SCREENING_ACTIONS = ["plan", "record", "link_dispute", "overdue"] as const;
export type ScreeningAction = (typeof SCREENING_ACTIONS)[number];

export const SCREENING_RULES: Record<ScreeningAction, ActionRule<ScreeningStatus>> = {
  plan: { from: "none", to: ["pending"] },
  record: { from: ["pending"], to: ["done"], permission: "mediation.screen", offered: false },
  link_dispute: { from: ["done"], to: "same", permission: "mediation.screen", offered: false },
  overdue: { from: ["pending"], to: "same" },
};

export const SCREENING_WORKFLOW = defineWorkflow({
  subjectType: "screening_task",
  noun: "screening task",
  staleCode: "stale_screening",
  states: SCREENING_STATUSES,
  openStates: ["pending"],
  actions: SCREENING_ACTIONS,
  rules: SCREENING_RULES,
});

export type ScreeningRow = typeof screeningTasks.$inferSelect;
export type ScreeningSet = Partial<Omit<ScreeningRow, "id" | "status" | "version">>;

export const SCREENING_STORE: SubjectStore<ScreeningStatus, ScreeningRow, ScreeningSet> = {
  async lock(tx: Tx, id) {
    const [row] = await tx.select().from(screeningTasks).where(eq(screeningTasks.id, id)).for("update");
    return row ?? null;
  },
  async move(tx, id, status, set) {
    const [row] = await tx
      .update(screeningTasks)
      .set({ ...set, status, version: sql`${screeningTasks.version} + 1`, updatedAt: sql`now()` })
      .where(eq(screeningTasks.id, id))
      .returning();
    return row ?? null;
  },
  label: (row) => row.month,
  countyCode: (row) => row.countyCode,
};

/** 排查 2026-12 某某村: the inbox names a screening task by its month and village. */
export const SCREENING_LABELS = columnLabeller(
  screeningTasks,
  screeningTasks.id,
  sql<string>`'排查 ' || ${screeningTasks.month} || ' ' || coalesce((select ${regions.name} from ${regions} where ${regions.code} = ${screeningTasks.regionCode}), '')`,
  sql<string>`'Screening ' || ${screeningTasks.month} || ' ' || coalesce((select ${regions.name} from ${regions} where ${regions.code} = ${screeningTasks.regionCode}), '')`,
);

const CHINA_MS = 8 * 3_600_000;

/** The month (YYYY-MM, China time) that `at` falls in. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + CHINA_MS).toISOString().slice(0, 7);
}

/** The first instant of the month after `month` (YYYY-MM), China time: the screening's deadline. */
export function monthEnd(month: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1) - CHINA_MS);
}

/** The month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}
