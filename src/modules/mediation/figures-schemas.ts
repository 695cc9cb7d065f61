/**
 * The dispute figures' requests and answers (GET /mediation/figures, its drill-down, the monthly
 * screening figures and the monthly statistics table). Kept apart from ./schemas.ts so the figures
 * change without touching the dispute actions' shapes.
 */
import { z } from "zod";
import { inYears, isoDay } from "../../shared/contracts/days.js";

/** Years the figures can hold: earlier or later ones are a client's mistake (400), not a 500 from the database. */
const Day = isoDay("A day as YYYY-MM-DD");
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM")
  .refine(inYears, "A month of the years 1900 to 2999");
const RegionCode = z.string().regex(/^\d{2,15}$/, "A region code");

/** The counted figures: each one drills down to its disputes. */
export const DISPUTE_COUNTS = [
  "found",
  "foundByScreening",
  "accepted",
  "settled",
  "settledWritten",
  "settledOral",
  "notSettled",
  "withinDeadline",
  "settledVillage",
  "settledTownship",
  "settledCounty",
  "repeatAlerts",
] as const;
export type DisputeCount = (typeof DISPUTE_COUNTS)[number];

/** The rates: numerator and denominator are counted figures. */
export const DISPUTE_RATES = [
  "settlementRate",
  "withinDeadlineRate",
  "villageShare",
  "townshipShare",
  "countyShare",
] as const;
export type DisputeRate = (typeof DISPUTE_RATES)[number];

const Scope = {
  /** A region of your scope (any level); your own scope's region when absent and you have one. */
  region: RegionCode.optional(),
  /** A dispute type code: only that type. */
  type: z.string().min(1).max(64).optional(),
  /**
   * "true": only the disputes registered at the region itself, not in a region below it (a
   * village's own disputes, not its grids'). Needs a region (yours when absent).
   */
  own: z.enum(["true", "false"]).optional(),
  /** First day, China time (default: 1 January of `to`'s year). */
  from: Day.optional(),
  /** Last day, China time, inclusive (default: today). */
  to: Day.optional(),
};
const ordered = (q: { from?: string | undefined; to?: string | undefined }) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const ORDER = { message: "from must not be after to", path: ["from"] };

export const DisputeFiguresQuery = z.object(Scope).refine(ordered, ORDER);
export type DisputeFiguresReq = z.infer<typeof DisputeFiguresQuery>;

export const DisputeFigureDisputesQuery = z
  .object({
    ...Scope,
    figure: z.enum(DISPUTE_COUNTS),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .refine(ordered, ORDER);
export type DisputeFigureDisputesReq = z.infer<typeof DisputeFigureDisputesQuery>;

const Rate = z.object({
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
});
export const DisputeFigureValues = z.object({
  counts: z.object(
    Object.fromEntries(DISPUTE_COUNTS.map((c) => [c, z.number().int()])) as Record<DisputeCount, z.ZodNumber>,
  ),
  rates: z.object(
    Object.fromEntries(DISPUTE_RATES.map((r) => [r, Rate])) as Record<DisputeRate, typeof Rate>,
  ),
});
export type DisputeFigureValuesView = z.output<typeof DisputeFigureValues>;

const Words = z.object({ "zh-CN": z.string(), en: z.string() });

export const DisputeFiguresSchema = z.object({
  scope: z.object({ region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable() }),
  type: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  from: z.string(),
  to: z.string(),
  figures: DisputeFigureValues,
  /**
   * One level down from the region (county → townships → villages → grids), after a row for the
   * disputes registered at the region itself (`own`, its code the region's) when there are any:
   * the rows add up to the region's figures.
   */
  byRegion: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      own: z.boolean(),
      figures: DisputeFigureValues,
    }),
  ),
  byType: z.array(
    z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), figures: DisputeFigureValues }),
  ),
  /** Each figure's definition, in both languages. */
  definitions: z.record(z.string(), Words),
});
export type DisputeFiguresView = z.output<typeof DisputeFiguresSchema>;

export const FigureDisputeSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  source: z.string(),
  typeName: z.string(),
  typeNameEn: z.string(),
  status: z.string(),
  regionName: z.string(),
  committeeName: z.string(),
  committeeLevel: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  settledAt: z.string().nullable(),
});
export type FigureDispute = z.output<typeof FigureDisputeSchema>;

export const FigureDisputeListSchema = z.object({
  items: z.array(FigureDisputeSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type FigureDisputeList = z.output<typeof FigureDisputeListSchema>;

export const ScreeningFiguresQuery = z.object({
  region: RegionCode.optional(),
  /** YYYY-MM; this month (China time) when absent. */
  month: Month.optional(),
});
export type ScreeningFiguresReq = z.infer<typeof ScreeningFiguresQuery>;

const ScreeningCounts = z.object({
  /** Villages with a screening task that month. */
  villages: z.number().int(),
  done: z.number().int(),
  /** Not recorded (yet), overdue ones included. */
  notDone: z.number().int(),
  /** Not recorded by the month's end. */
  overdue: z.number().int(),
  /** Disputes registered from the month's screenings. */
  disputesFound: z.number().int(),
});
export const ScreeningFiguresSchema = z.object({
  month: z.string(),
  scope: z.object({ region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable() }),
  figures: ScreeningCounts,
  byRegion: z.array(
    z.object({ code: z.string(), name: z.string(), level: z.string(), figures: ScreeningCounts }),
  ),
});
export type ScreeningFiguresView = z.output<typeof ScreeningFiguresSchema>;

export const MonthlyTableQuery = z.object({
  region: RegionCode.optional(),
  /** YYYY-MM; this month (China time) when absent. */
  month: Month.optional(),
  /** The table's language: Chinese (the default) or English, as the console's other exports. */
  lang: z.enum(["zh", "en"]).default("zh"),
});
export type MonthlyTableReq = z.infer<typeof MonthlyTableQuery>;
