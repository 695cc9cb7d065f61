/** Correction requests as the workflow core reads and moves them, and how the inbox names one. */
import { eq, sql } from "drizzle-orm";
import type { SubjectStore } from "../../core/workflow/transition.js";
import { columnLabeller, type SubjectLabeller } from "../../core/notifications/subject-labels.js";
import { registerCorrections, type CorrectionStatus } from "./schema.js";

export type CorrectionRow = typeof registerCorrections.$inferSelect;
export type CorrectionSet = Partial<Omit<CorrectionRow, "id" | "status" | "version">>;

const day = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export const CORRECTION_STORE: SubjectStore<CorrectionStatus, CorrectionRow, CorrectionSet> = {
  async lock(tx, id) {
    const [row] = await tx
      .select()
      .from(registerCorrections)
      .where(eq(registerCorrections.id, id))
      .for("update");
    return row ?? null;
  },
  async move(tx, id, status, set) {
    const [row] = await tx
      .update(registerCorrections)
      .set({ ...set, status, version: sql`${registerCorrections.version} + 1`, updatedAt: sql`now()` })
      .where(eq(registerCorrections.id, id))
      .returning();
    return row ?? null;
  },
  label: (row) => `更正申请 ${day(row.createdAt)}`,
  countyCode: (row) => row.countyCode,
};

/** Named for the inbox by the day it was made only: never the person nor what is wrong. */
export const CORRECTION_LABELS: SubjectLabeller = columnLabeller(
  registerCorrections,
  registerCorrections.id,
  sql<string>`'更正申请 ' || to_char(${registerCorrections.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
);
