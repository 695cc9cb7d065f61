/** The grids module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { doublePrecision, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { ltree, createdAt, updatedAt } from "../../db/columns.js";
import { regions } from "../regions/schema.js";

/** A grid's shape. The grid itself is a `regions` row of level `grid` with the same code. */
export const grids = pgTable(
  "grids",
  {
    code: text("code")
      .primaryKey()
      .references(() => regions.code, { onDelete: "cascade" }),
    villageCode: text("village_code")
      .notNull()
      .references(() => regions.code),
    countyCode: text("county_code").notNull(),
    path: ltree("path").notNull(),
    /** GeoJSON Polygon or MultiPolygon geometry, WGS 84 longitude/latitude. */
    geometry: jsonb("geometry").notNull(),
    minLon: doublePrecision("min_lon").notNull(),
    minLat: doublePrecision("min_lat").notNull(),
    maxLon: doublePrecision("max_lon").notNull(),
    maxLat: doublePrecision("max_lat").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("grids_path_gist").using("gist", t.path), index("grids_village_idx").on(t.villageCode)],
);
