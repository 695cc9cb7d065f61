/**
 * Grid visits (走访, issue 13): one row per visit a person's key/care population tag calls for.
 * A visit is planned when the tag's type says one is due (every `visit_interval_days`), then
 * recorded by the grid worker (time, GPS point, method, what was found; photos are the core's
 * attachments keyed by subject `visit`), or marked overdue by the deadline scan. From a recorded
 * visit one appeal may be raised into the case loop: `case_id` links it, and the case is found
 * from the visit and the visit from the case (unique index).
 *
 * Not re-exported from src/db/schema.ts (like mediation's): the module reads and writes its
 * table with the query builder; drizzle-kit reads this file through drizzle.config.ts.
 */
import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { cases, ltree, regions, users } from "../../db/schema.js";
import { personPopulationTags, persons, populationTypes } from "../people/schema.js";
import { disputes } from "../mediation/schema.js";

export const VISIT_STATUSES = ["planned", "done"] as const;
/** planned (on the work list until its deadline, then marked overdue, still to do) → done. */
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_METHODS = ["home", "phone", "other"] as const;
/** 入户 / 电话 / 其他. */
export type VisitMethod = (typeof VISIT_METHODS)[number];

export const visits = pgTable(
  "visits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: text("status", { enum: VISIT_STATUSES }).notNull().default("planned"),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    /** The tag that calls for the visit, and its type (whose `visible_to` decides who sees the visit). */
    tagId: uuid("tag_id")
      .notNull()
      .references(() => personPopulationTags.id),
    typeCode: text("type_code")
      .notNull()
      .references(() => populationTypes.code),
    /** The person's place when the visit was planned: the grid worker of that grid visits. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code").notNull(),
    gridCode: text("grid_code"),
    /** The deadline: visited by then is on time. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** Set once by the deadline scan when a planned visit passes its deadline. */
    overdueAt: timestamp("overdue_at", { withTimezone: true }),
    visitedAt: timestamp("visited_at", { withTimezone: true }),
    method: text("method", { enum: VISIT_METHODS }),
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
    findings: text("findings"),
    visitedByUserId: uuid("visited_by_user_id").references(() => users.id),
    /** The appeal raised from what was found. */
    caseId: uuid("case_id").references(() => cases.id),
    /** The dispute registered for mediation from what the visit found (once). */
    disputeId: uuid("dispute_id").references(() => disputes.id),
    version: integer("version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("visits_region_path_gist").using("gist", t.regionPath),
    index("visits_due_idx").on(t.status, t.dueAt),
    index("visits_person_idx").on(t.personId),
    // The planner reads the last recorded visit of each tag.
    index("visits_tag_idx").on(t.tagId, t.visitedAt),
    // One planned visit per tag at a time: planning is safe to repeat.
    uniqueIndex("visits_planned_tag_uq")
      .on(t.tagId)
      .where(sql`${t.status} = 'planned'`),
    uniqueIndex("visits_case_uq").on(t.caseId),
    uniqueIndex("visits_dispute_uq").on(t.disputeId),
    check(
      "visits_done_recorded",
      sql`${t.status} <> 'done' or (${t.visitedAt} is not null and ${t.method} is not null)`,
    ),
    check("visits_point", sql`(${t.lon} is null) = (${t.lat} is null)`),
  ],
);
