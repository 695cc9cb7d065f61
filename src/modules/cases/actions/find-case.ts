/**
 * Loading the case an action is about, by uuid or case number, inside the caller's scope and
 * locked for the rest of the transaction: checks made on it (assigned unit, status) hold until
 * the transition commits.
 */
import { and, eq, type SQL } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { cases } from "../../../db/schema.js";
import { NotFoundError } from "../../../shared/errors.js";
import { caseKey } from "../find-cases.js";
import { hashTrackingCode, normalizeTrackingCode } from "../tracking-code.js";
import type { CaseRow } from "../transition.js";

/** The case `ref` (uuid or number) among the `visible` ones, locked `for update`; 404 when absent or out of scope. */
export async function lockVisibleCase(tx: Tx, ref: string, visible: SQL): Promise<CaseRow> {
  const [row] = await tx
    .select()
    .from(cases)
    .where(and(caseKey(ref), visible))
    .for("update");
  if (!row) throw new NotFoundError("Case", ref);
  return row;
}

/** The case a tracking code belongs to, locked; 404 for an unknown code or text that cannot be one. */
export async function lockCaseByTrackingCode(tx: Tx, code: string): Promise<CaseRow> {
  const normal = normalizeTrackingCode(code);
  const [row] =
    normal === null
      ? []
      : await tx
          .select()
          .from(cases)
          .where(eq(cases.trackingCodeHash, hashTrackingCode(normal)))
          .for("update");
  if (!row) throw new NotFoundError("Case with this tracking code");
  return row;
}
