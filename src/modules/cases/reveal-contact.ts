import { and } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, personalDataReads } from "../../db/schema.js";
import { ForbiddenError, NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { caseKey, getVisibleCase } from "./find-cases.js";
import { visibleCases } from "./policy.js";

export interface RevealedContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * A reporter's contact in full, for someone who must call them back. Needs cases.reveal_contact
 * on that case; every reveal writes a personal_data_reads row in the same transaction, so there
 * is no unlogged read. A case the actor can see but not reveal is 403; one they cannot see, 404.
 */
export async function revealCaseContact(
  db: Db,
  actor: Actor,
  idOrNumber: string,
  reason: string | undefined,
): Promise<RevealedContact> {
  requirePermission(actor, "cases.reveal_contact");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(caseKey(idOrNumber), visibleCases(actor, "cases.reveal_contact")));
    if (!row) {
      if (await getVisibleCase(tx, actor, idOrNumber)) {
        throw new ForbiddenError("Your role may not see this reporter's contact.");
      }
      throw new NotFoundError("Case", idOrNumber);
    }
    const fields = (
      [
        ["name", row.reporterName],
        ["phone", row.reporterPhone],
        ["email", row.reporterEmail],
      ] as const
    ).flatMap(([f, v]) => (v === null ? [] : [f]));
    await tx.insert(personalDataReads).values({
      userId: actor.userId,
      caseId: row.id,
      fields: fields.join(",") || "none",
      reason: reason ?? null,
    });
    return { name: row.reporterName, phone: row.reporterPhone, email: row.reporterEmail };
  });
}
