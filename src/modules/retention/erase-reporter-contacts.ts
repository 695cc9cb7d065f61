import { and, inArray, isNull, lt, or, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";

/** Cases erased per statement: short transactions beside live traffic. */
const BATCH = 500;

/** Where an appeal's life ended: closed, rejected or merged into another. */
const ENDED = ["closed", "rejected", "merged"] as const;

/**
 * Erases the reporter's name, phone and email on appeals that ended before `cutoff`
 * (RETENTION_REPORTER_CONTACT, default 3 years) and marks them `reporter_erased_at`; the case,
 * its description, events and figures stay. A closed case ended at `closed_at`; a rejected or
 * merged one at its last change (`updated_at`, which only transitions move). The rate roll-up
 * triggers (migration 0003) see the update and add nothing: no column they count changes. Rows
 * a handler holds locked are skipped and taken next time. Returns how many cases were erased.
 */
export async function eraseReporterContacts(db: Db, cutoff: Date): Promise<number> {
  const due = and(
    inArray(cases.status, [...ENDED]),
    isNull(cases.reporterErasedAt),
    or(isNotNull(cases.reporterName), isNotNull(cases.reporterPhone), isNotNull(cases.reporterEmail)),
    lt(sql`coalesce(${cases.closedAt}, ${cases.updatedAt})`, cutoff),
  );
  let erased = 0;
  for (;;) {
    const batch = db
      .select({ id: cases.id })
      .from(cases)
      .where(due)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const rows = await db
      .update(cases)
      .set({ reporterName: null, reporterPhone: null, reporterEmail: null, reporterErasedAt: sql`now()` })
      .where(inArray(cases.id, batch))
      .returning({ id: cases.id });
    erased += rows.length;
    if (rows.length < BATCH) return erased;
  }
}
