/** The catalogue module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "../../db/columns.js";
import { HANDLING_LEVELS } from "../cases/schema.js";

export const DEADLINE_KINDS = ["calendar", "working"] as const;
/** Calendar hours run round the clock; working hours only inside the working calendar's windows. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const HOLIDAY_KINDS = ["holiday", "workday"] as const;
/** `holiday`: a day off (放假); `workday`: a weekend day worked instead (调休上班). */
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/**
 * The dispatch catalogue (派单目录): what an appeal is about, which level handles it first
 * (小事不出村、大事不出镇) and its deadlines. Hierarchical through `parent_code`; only the leaves of
 * the active tree receive cases. `code` is a stable id that cases keep, so moving a category
 * under another parent never renames it.
 */
export const categories = pgTable(
  "categories",
  {
    code: text("code").primaryKey(),
    parentCode: text("parent_code").references((): AnyPgColumn => categories.code),
    /** zh-CN name. */
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    handlingLevel: text("handling_level", { enum: HANDLING_LEVELS }).notNull(),
    /** For the department level: the department type that handles it (organisations/department-types). */
    departmentType: text("department_type"),
    responseHours: doublePrecision("response_hours").notNull(),
    handleHours: doublePrecision("handle_hours").notNull(),
    deadlineKind: text("deadline_kind", { enum: DEADLINE_KINDS }).notNull(),
    /** Open311 GeoReport `service_code` of a leaf offered through Open311. */
    open311ServiceCode: text("open311_service_code"),
    /** Open311 `keywords`: comma-separated tags. */
    open311Keywords: text("open311_keywords"),
    /** A short icon name for the mobile pages, e.g. `trash`. */
    icon: text("icon"),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("categories_parent_idx").on(t.parentCode),
    uniqueIndex("categories_open311_service_code_uq").on(t.open311ServiceCode),
    check(
      "categories_department_type_ck",
      sql`(${t.handlingLevel} = 'department') = (${t.departmentType} is not null)`,
    ),
    check("categories_hours_ck", sql`${t.responseHours} > 0 and ${t.handleHours} >= ${t.responseHours}`),
    check("categories_not_own_parent_ck", sql`${t.parentCode} <> ${t.code}`),
  ],
);

/**
 * Exceptions to the Monday–Friday working week: weekdays off and the weekend days worked in
 * exchange (调休), as the State Council announces them each year.
 */
export const holidays = pgTable("holidays", {
  date: date("date", { mode: "string" }).primaryKey(),
  kind: text("kind", { enum: HOLIDAY_KINDS }).notNull(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

// ---- attachments ----
