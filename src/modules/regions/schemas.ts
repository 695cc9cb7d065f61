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

export const RegionListSchema = z.object({ items: z.array(RegionSchema) });
