/** Visits as the workflow core reads and moves them, and how the inbox names one. */
import { eq, sql } from "drizzle-orm";
import type { SubjectStore } from "../../core/workflow/transition.js";
import { columnLabeller, type SubjectLabeller } from "../../core/notifications/subject-labels.js";
import { visits, type VisitStatus } from "./schema.js";

export type VisitRow = typeof visits.$inferSelect;
export type VisitSet = Partial<Omit<VisitRow, "id" | "status" | "version">>;

const day = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export const VISIT_STORE: SubjectStore<VisitStatus, VisitRow, VisitSet> = {
  async lock(tx, id) {
    const [row] = await tx.select().from(visits).where(eq(visits.id, id)).for("update");
    return row ?? null;
  },
  async move(tx, id, status, set) {
    const [row] = await tx
      .update(visits)
      .set({ ...set, status, version: sql`${visits.version} + 1`, updatedAt: sql`now()` })
      .where(eq(visits.id, id))
      .returning();
    return row ?? null;
  },
  label: (row) => `${day(row.dueAt)}`,
  countyCode: (row) => row.countyCode,
};

/**
 * Visits named for the inbox by their due day only: never the person nor the population type (a
 * notification reaches a whole unit, some of whom may not see the type). 走访 2026-12-20.
 */
export const VISIT_LABELS: SubjectLabeller = columnLabeller(
  visits,
  visits.id,
  sql<string>`'走访 ' || to_char(${visits.dueAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
  sql<string>`'Visit ' || to_char(${visits.dueAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
);
