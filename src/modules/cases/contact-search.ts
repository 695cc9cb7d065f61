/**
 * Finding cases by the reporter's phone. Typing a number and seeing which appeals it raised
 * links a person to their cases, so it is a read of personal data: only roles whose work is to
 * reach reporters or to supervise (the same people who call a reporter back, plus supervisors
 * and the follow-up desk) may do it, it matches exactly (no prefix probing), and every case a
 * search finds is written to personal_data_reads. The answer itself carries no contact data.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, personalDataReads } from "../../db/schema.js";
import { ForbiddenError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, type Permission } from "../../core/access/policy.js";

/** A phone search needs one of these (a grid assistant, a volunteer, holds none of them). */
export const PHONE_SEARCH_PERMISSIONS: readonly Permission[] = [
  "cases.reveal_contact",
  "cases.supervise",
  "cases.follow_up",
];

/** What personal_data_reads records for a case found by phone. */
export const PHONE_SEARCH_READ = { fields: "phone", reason: "search:phone" } as const;

/** Whether `actor` may search cases by a reporter's phone. */
export function maySearchByPhone(actor: Actor): boolean {
  return PHONE_SEARCH_PERMISSIONS.some((p) => bindingsFor(actor, p).length > 0);
}

/** 403 unless `actor` may search by phone. */
export function requirePhoneSearch(actor: Actor): void {
  if (!maySearchByPhone(actor)) {
    throw new ForbiddenError("Your role may not search cases by a reporter's phone.");
  }
}

/** The digits that name a phone: separators dropped, a +86 / 0086 country prefix removed. */
export function normalisePhone(input: string): string {
  return input
    .replace(/[^0-9+]/g, "")
    .replace(/^(\+86|0086)/, "")
    .replace(/\+/g, "");
}

/**
 * Cases whose reporter left this phone, or whose reporter's account has it. The stored number is
 * normalised in the query the same way (intake keeps what was typed).
 */
export function reporterPhoneIs(phone: string): SQL {
  const digits = normalisePhone(phone);
  const normal = (column: SQL) =>
    sql`regexp_replace(regexp_replace(${column}, '[^0-9+]', '', 'g'), '^(\\+86|0086)', '')`;
  return sql`(${normal(sql`${cases.reporterPhone}`)} = ${digits}
    or ${cases.reporterUserId} in (select u.id from users u where ${normal(sql`u.phone`)} = ${digits}))`;
}

/** Writes one read per case a phone search found (a page of a list, or an export's page). */
export async function logPhoneSearch(db: Db, actor: Actor, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insert(personalDataReads)
    .values(caseIds.map((caseId) => ({ userId: actor.userId, caseId, ...PHONE_SEARCH_READ })));
}
