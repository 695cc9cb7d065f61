/**
 * The cases around one case, for its page: the duplicates merged into it (their reporters are
 * asked to rate its result too). Only those the viewer may see.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, type CaseStatus } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { getVisibleCase } from "./find-cases.js";
import { visibleCases } from "./policy.js";

export interface MergedCase {
  id: string;
  number: string;
  status: CaseStatus;
  createdAt: string;
}

/** The duplicates merged into case `ref`, oldest first; 404 when the case is not visible. */
export async function mergedIntoCase(db: Db, actor: Actor | null, ref: string): Promise<MergedCase[]> {
  requirePermission(actor, "cases.read");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  const row = await getVisibleCase(db, actor, ref);
  if (!row) throw new NotFoundError("Case", ref);
  const rows = await db
    .select({ id: cases.id, number: cases.number, status: cases.status, createdAt: cases.createdAt })
    .from(cases)
    .where(and(eq(cases.mergedIntoId, row.id), visibleCases(actor, "cases.read")))
    .orderBy(asc(cases.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
