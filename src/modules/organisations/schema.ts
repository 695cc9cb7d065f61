/** The organisations module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ltree, createdAt, updatedAt } from "../../db/columns.js";
import { regions } from "../regions/schema.js";

export const ORGANISATION_KINDS = [
  "city_centre",
  "county_centre",
  "township_centre",
  "department",
  "village_committee",
  "grid_post",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * The units that handle appeals: governance centres (综治中心), county and city departments
 * (县直部门), village/community committees and grid posts. Each sits at one region.
 */
export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    /** For departments: what they handle (e.g. `urban_management`), used by the dispatch catalogue. */
    departmentType: text("department_type"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("organisations_region_path_gist").using("gist", t.regionPath),
    uniqueIndex("organisations_region_name_uq").on(t.regionCode, t.name),
    // One centre, committee or grid post per region; departments are one per type per region.
    uniqueIndex("organisations_region_unit_uq")
      .on(t.regionCode)
      .where(sql`${t.kind} <> 'department'`),
    uniqueIndex("organisations_region_department_type_uq").on(t.regionCode, t.departmentType),
    check(
      "organisations_department_type_ck",
      sql`(${t.kind} = 'department') = (${t.departmentType} is not null)`,
    ),
  ],
);
