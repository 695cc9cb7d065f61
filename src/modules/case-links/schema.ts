/**
 * Cases linked to a person or a household of the register (issue 13: "a case can be linked to a
 * household or person by the handler"): one row per link, exactly one of the two set. The
 * person's file lists the appeals linked to them; the case page lists the linked persons, masked.
 */
import { sql } from "drizzle-orm";
import { check, index, pgTable, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases } from "../cases/schema.js";
import { users } from "../accounts/schema.js";
import { households, persons } from "../people/schema.js";

export const caseLinks = pgTable(
  "case_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => persons.id),
    householdId: uuid("household_id").references(() => households.id),
    linkedByUserId: uuid("linked_by_user_id").references(() => users.id),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("case_links_one_subject", sql`(${t.personId} is null) <> (${t.householdId} is null)`),
    uniqueIndex("case_links_person_uq")
      .on(t.caseId, t.personId)
      .where(sql`${t.personId} is not null`),
    uniqueIndex("case_links_household_uq")
      .on(t.caseId, t.householdId)
      .where(sql`${t.householdId} is not null`),
    index("case_links_person_idx").on(t.personId),
    index("case_links_household_idx").on(t.householdId),
  ],
);
