/**
 * Residents' rights (issue 13): a resident's request to correct what the register holds about a
 * person linked to their phone (更正申请). One row per request, a small workflow on the core:
 * submitted → done | declined (with the reason). The row carries the person's place (copied when
 * submitted), so the register's scope rule is one ltree test, and the grid post of that place is
 * the unit that receives it.
 *
 * Not re-exported from src/db/schema.ts (like visits'): the module reads and writes its table
 * with the query builder; drizzle-kit reads this file through drizzle.config.ts.
 */
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ltree, regions, users } from "../../db/schema.js";
import { persons } from "../people/schema.js";

export const CORRECTION_STATUSES = ["submitted", "done", "declined"] as const;
/** 待处理 → 已更正 | 不予更正. */
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export const CORRECTION_FIELDS = [
  "name",
  "sex",
  "birthDate",
  "phone",
  "address",
  "registeredResidence",
  "other",
] as const;
/** What the resident says is wrong: 姓名 / 性别 / 出生日期 / 联系电话 / 居住地址 / 户籍地 / 其他. */
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export const registerCorrections = pgTable(
  "register_corrections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: text("status", { enum: CORRECTION_STATUSES }).notNull().default("submitted"),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    /** The resident account that asked (its phone is the person's). */
    requesterUserId: uuid("requester_user_id")
      .notNull()
      .references(() => users.id),
    field: text("field", { enum: CORRECTION_FIELDS }).notNull(),
    /** What the resident says is right (plain text, shown as text). */
    proposed: text("proposed").notNull(),
    note: text("note"),
    /** Why the register was not changed (declined). */
    declineReason: text("decline_reason"),
    handledByUserId: uuid("handled_by_user_id").references(() => users.id),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    /** The person's place when the request was made: its grid post handles it. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code").notNull(),
    gridCode: text("grid_code"),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("register_corrections_region_path_gist").using("gist", t.regionPath),
    index("register_corrections_requester_idx").on(t.requesterUserId, t.createdAt),
    index("register_corrections_status_idx").on(t.status, t.createdAt),
    check(
      "register_corrections_declined_reason",
      sql`${t.status} <> 'declined' or ${t.declineReason} is not null`,
    ),
  ],
);
