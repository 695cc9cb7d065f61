/**
 * Disputes as the workflow core reads and moves them, and their numbers: read aloud like case
 * numbers (YYMMDD in China time + 6 digits of `dispute_number_seq`).
 */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import type { SubjectStore } from "../../core/workflow/transition.js";
import { allocateSubjectNumber } from "../../core/workflow/subject-number.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { disputes, type DisputeStatus } from "./schema.js";

export type DisputeRow = typeof disputes.$inferSelect;
export type DisputeSet = Partial<Omit<DisputeRow, "id" | "status" | "version" | "number">>;

export const DISPUTE_STORE: SubjectStore<DisputeStatus, DisputeRow, DisputeSet> = {
  async lock(tx, id) {
    const [row] = await tx.select().from(disputes).where(eq(disputes.id, id)).for("update");
    return row ?? null;
  },
  async move(tx, id, status, set) {
    const [row] = await tx
      .update(disputes)
      .set({ ...set, status, version: sql`${disputes.version} + 1`, updatedAt: sql`now()` })
      .where(eq(disputes.id, id))
      .returning();
    return row ?? null;
  },
  label: (row) => row.number,
  countyCode: (row) => row.countyCode,
};

/** The number of a dispute registered at `at`. */
export async function allocateDisputeNumber(tx: Tx, at: Date): Promise<string> {
  return allocateSubjectNumber(tx, "dispute_number_seq", at);
}

/** Disputes' numbers by id, as the inbox names a notification's dispute (registered in ./manifest.ts). */
export const DISPUTE_LABELS = columnLabeller(disputes, disputes.id, disputes.number);
