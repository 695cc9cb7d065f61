/** The regions module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ltree, createdAt } from "../../db/columns.js";

export const REGION_LEVELS = ["city", "county", "township", "village", "grid"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/**
 * The administrative tree, city → county → township → village → grid, keyed by the national
 * division code (grids extend their village's 12-digit code). `path` is the chain of codes, so
 * "inside this scope" is `path <@ scope` in any query.
 */
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: REGION_LEVELS }).notNull(),
    parentCode: text("parent_code"),
    path: ltree("path").notNull(),
    /** The county the region lies in (null for a city): the future partition key. */
    countyCode: text("county_code"),
    createdAt: createdAt(),
  },
  (t) => [
    index("regions_path_gist").using("gist", t.path),
    index("regions_parent_idx").on(t.parentCode),
    uniqueIndex("regions_path_uq").on(t.path),
  ],
);
