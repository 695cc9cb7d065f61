/** The audit module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.js";
import { cases } from "../cases/schema.js";

/** Who read which personal data of which case or person, when: reveals and identity searches. */
export const personalDataReads = pgTable(
  "personal_data_reads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    caseId: uuid("case_id").references(() => cases.id),
    /** A person of the register (src/modules/people) whose ID number or phone was read in full. */
    personId: uuid("person_id"),
    /** A dispute (src/modules/mediation) whose parties' phones were read in full. */
    disputeId: uuid("dispute_id"),
    fields: text("fields").notNull(),
    reason: text("reason"),
  },
  (t) => [
    index("personal_data_reads_case_idx").on(t.caseId),
    index("personal_data_reads_person_idx").on(t.personId),
    index("personal_data_reads_dispute_idx").on(t.disputeId),
  ],
);

// ---- catalogue ----
