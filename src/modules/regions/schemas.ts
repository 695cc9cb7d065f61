import { z } from "zod";
import { REGION_LEVELS } from "../../db/schema.js";

export const RegionCodeParams = z.object({
  code: z.string().regex(/^\d{4,15}$/, "a region code is 4 to 15 digits"),
});

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
  /** Codes from the city down to this region, e.g. `1310.131002`. */
  path: z.string(),
  /** Public children (townships, villages); grids are not counted here. */
  childCount: z.number().int(),
});
export type Region = z.infer<typeof RegionSchema>;

/**
 * One region with where it lies on the map: the box around its mapped grids as
 * [west, south, east, north] (WGS84), null while none are mapped. Maps open on it.
 */
export const RegionDetailSchema = RegionSchema.extend({
  extent: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type RegionDetail = z.infer<typeof RegionDetailSchema>;

export const RegionListSchema = z.object({ items: z.array(RegionSchema) });

export const RegionSearchQuery = z.object({
  /** Part of a region's name (a village, township or county), e.g. "吉祥". */
  q: z.string().trim().min(1).max(40),
  /** Only regions under this one (the picker's scope). */
  within: z
    .string()
    .regex(/^\d{4,15}$/, "a region code is 4 to 15 digits")
    .optional(),
});
export type RegionSearchReq = z.infer<typeof RegionSearchQuery>;

/** A region found by name, with the names of the regions above it (county first) to tell namesakes apart. */
export const RegionFoundSchema = RegionSchema.extend({ above: z.array(z.string()) });
export const RegionSearchSchema = z.object({ items: z.array(RegionFoundSchema) });
export type RegionSearchView = z.infer<typeof RegionSearchSchema>;
