/**
 * 批量催办: urge many cases at once. Which of the named cases the supervisor may urge is asked
 * once, as a set (those outside their scope are "not found" without being touched); each of the
 * others is then urged in its own transaction through `urgeCase`, so one stale or closed case is
 * refused with its own 409 while the rest are urged.
 */
import { and, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { cases } from "../../../db/schema.js";
import { AppError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { actorWith, bindingsFor } from "../../../core/access/policy.js";
import { casesVisibleThrough } from "../policy.js";
import type { BulkUrgeReq, BulkUrgeResult } from "./schemas.js";
import { urgeCase } from "./supervise-case.js";

export async function urgeCases(db: Db, actor: Actor | null, input: BulkUrgeReq): Promise<BulkUrgeResult> {
  const supervisor = actorWith(actor, "cases.supervise");
  const ids = [...new Set(input.items.map((i) => i.caseId.toLowerCase()))];
  const visible = await db
    .select({ id: cases.id, number: cases.number })
    .from(cases)
    .where(and(inArray(cases.id, ids), casesVisibleThrough(bindingsFor(supervisor, "cases.supervise"))));
  const numbers = new Map(visible.map((v) => [v.id, v.number]));
  const results: BulkUrgeResult["results"] = [];
  for (const item of input.items) {
    const caseId = item.caseId.toLowerCase();
    const number = numbers.get(caseId);
    if (number === undefined) {
      results.push({
        caseId,
        number: null,
        ok: false,
        error: { code: "not_found", message: "Case not found." },
      });
      continue;
    }
    try {
      const done = await urgeCase(db, supervisor, caseId, { note: input.note, version: item.version });
      results.push({ caseId, number, ok: true, version: done.case.version });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ caseId, number, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return { urged: results.filter((r) => r.ok).length, results };
}
