import { z } from "zod";
import { isoDay } from "../../shared/contracts/days.js";
import { CASE_STATUSES, HANDLING_LEVELS, SATISFACTIONS } from "../../db/schema.js";
import { CASE_FIGURES, FIGURE_PARTS } from "./figures.js";
import { RateWeightsSchema } from "./rate-settings.js";

/** Scope and period shared by every rates endpoint. */
const ScopeFields = {
  /** A region code (county, township, village or grid): its whole subtree. */
  region: z
    .string()
    .regex(/^\d{4,20}$/, "a region code is 4 to 20 digits")
    .optional(),
  /** An organisation id: the cases assigned to it or led by it (首接负责). */
  department: z.uuid("department must be an organisation id").optional(),
  /** First day of the period (China time), included; absent: from the first case. */
  from: isoDay("from must be a date, YYYY-MM-DD").optional(),
  /** Last day of the period (China time), included; absent: up to now. */
  to: isoDay("to must be a date, YYYY-MM-DD").optional(),
};

const periodInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || q.from <= q.to;
const periodMessage = { message: "from must not be after to", path: ["from"] };

export const RatesQuery = z.object(ScopeFields).refine(periodInOrder, periodMessage);
export type RatesReq = z.infer<typeof RatesQuery>;

/** Scope and period only, whichever endpoint they came with. */
export type RateScopeReq = Pick<RatesReq, "region" | "department" | "from" | "to">;

export const RateCasesQuery = z
  .object({
    ...ScopeFields,
    figure: z.enum(CASE_FIGURES),
    part: z.enum(FIGURE_PARTS).default("numerator"),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(periodInOrder, periodMessage);
export type RateCasesReq = z.infer<typeof RateCasesQuery>;

export const BREAKDOWN_DIMENSIONS = ["county", "township", "department", "category"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const RateBreakdownQuery = z
  .object({ ...ScopeFields, by: z.enum(BREAKDOWN_DIMENSIONS) })
  .refine(periodInOrder, periodMessage);
export type RateBreakdownReq = z.infer<typeof RateBreakdownQuery>;

export const FigureSchema = z.object({
  /** A share in [0, 1] for rates, a number of cases for counts; null when nothing to divide by. */
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().int().nullable(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const FiguresSchema = z.object({
  responseRate: FigureSchema,
  resolutionRate: FigureSchema,
  satisfactionRate: FigureSchema.extend({
    satisfied: z.number().int(),
    basicallySatisfied: z.number().int(),
  }),
  composite: FigureSchema,
  onTimeRate: FigureSchema,
  gridVillageShare: FigureSchema,
  overdue: FigureSchema,
  received: FigureSchema,
  closed: FigureSchema,
});
export type Figures = z.infer<typeof FiguresSchema>;

const TextSchema = z.object({ "zh-CN": z.string(), en: z.string() });
const DefinitionSchema = z.object({ name: TextSchema, definition: TextSchema });

const WeightsSchema = z.object({ basicWeight: z.number(), composite: RateWeightsSchema });

export const RatesSchema = z.object({
  scope: z.object({
    region: z.string().nullable(),
    department: z.string().nullable(),
    /** The instants the period covers, [from, to); null: open-ended. */
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** When the figures were computed (deadlines are judged against it). */
    asOf: z.string(),
  }),
  figures: FiguresSchema,
  definitions: z.record(z.string(), DefinitionSchema),
  weights: WeightsSchema,
});
export type RatesView = z.infer<typeof RatesSchema>;

export const RateBreakdownSchema = z.object({
  by: z.enum(BREAKDOWN_DIMENSIONS),
  rows: z.array(
    z.object({
      /** The group's code or id; null for cases without one (e.g. no township, no category). */
      key: z.string().nullable(),
      name: z.string().nullable(),
      /** The group's English name where the catalogue carries one (categories); else null. */
      nameEn: z.string().nullable(),
      figures: FiguresSchema,
    }),
  ),
  definitions: z.record(z.string(), DefinitionSchema),
  weights: WeightsSchema,
});
export type RateBreakdownView = z.infer<typeof RateBreakdownSchema>;

/** A case behind a figure: what the figure looked at, no personal data. */
export const RateCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  categoryCode: z.string().nullable(),
  /** The category's names (the catalogue carries zh-CN and en), for people; null when uncategorised. */
  category: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  regionCode: z.string(),
  /** The region's name (the region tree names places in Chinese only). */
  region: z.object({ code: z.string(), name: z.string() }),
  handlingLevel: z.enum(HANDLING_LEVELS).nullable(),
  solvedLevel: z.enum(HANDLING_LEVELS).nullable(),
  createdAt: z.string(),
  responseDueAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  resolved: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  closedAt: z.string().nullable(),
});
export type RateCaseView = z.infer<typeof RateCaseSchema>;

export const RateCasePageSchema = z.object({
  figure: z.enum(CASE_FIGURES),
  part: z.enum(FIGURE_PARTS),
  items: z.array(RateCaseSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
