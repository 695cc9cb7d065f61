/**
 * Linking a resident's earlier appeals to their account: once a one-time code has proved a phone,
 * the appeals raised with that phone before — anonymously on the web or the app, or taken by an
 * operator on a call — become the account's own ("我的诉求"), readable and rateable there.
 */
import { and, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";
import { normalisePhone } from "./contact-search.js";

/**
 * Gives `userId` the appeals left with `phone` that belong to no account yet (the number is
 * compared as digits, separators and +86 ignored). Answers how many were linked.
 */
export async function linkAppealsToResident(db: Db, userId: string, phone: string): Promise<number> {
  const digits = normalisePhone(phone);
  if (digits.length < 7) return 0;
  const linked = await db
    .update(cases)
    .set({ reporterUserId: userId, updatedAt: sql`now()` })
    .where(
      and(
        isNull(cases.reporterUserId),
        sql`regexp_replace(regexp_replace(${cases.reporterPhone}, '[^0-9+]', '', 'g'), '^(\\+86|0086)', '') = ${digits}`,
      ),
    )
    .returning({ id: cases.id });
  return linked.length;
}
