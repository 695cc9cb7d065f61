import { z } from "zod";
import { FiguresSchema, RateCasesQuery, RatesQuery } from "../rates/schemas.js";

/** Scope and period, exactly as GET /rates takes them (region, department, from, to). */
export const CockpitScopeQuery = RatesQuery;

/** The most months a trend spans: three years, a screen's worth of bars. */
export const MAX_TREND_MONTHS = 36;

export const TrendSchema = z.object({
  months: z.array(
    z.object({
      /** The China-time calendar month, YYYY-MM. */
      month: z.string(),
      /** The first and last day of the month counted (clipped to the period asked for). */
      from: z.string(),
      to: z.string(),
      figures: FiguresSchema,
    }),
  ),
});
export type TrendView = z.infer<typeof TrendSchema>;

const GeometryOut = z.object({
  type: z.enum(["Polygon", "MultiPolygon"]),
  coordinates: z.array(z.array(z.unknown())),
});

export const DensitySchema = z.object({
  /** Cases of the scope and period located in a grid, per grid, most first. */
  grids: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      villageCode: z.string(),
      count: z.number().int(),
      geometry: GeometryOut,
    }),
  ),
  /** Cases of the scope and period without a grid (located only to a village or above). */
  withoutGrid: z.number().int(),
  /** The largest count of one grid (0 when none): the top of the colour scale. */
  max: z.number().int(),
});
export type DensityView = z.infer<typeof DensitySchema>;

/** GET /rates/cases's query, and optionally one category (code; its subcategories included). */
export const CockpitCasesQuery = RateCasesQuery.safeExtend({
  category: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "a category code such as sanitation.garbage")
    .optional(),
});
export type CockpitCasesReq = z.infer<typeof CockpitCasesQuery>;
