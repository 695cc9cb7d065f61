/** The visits API's shapes (the web's types come from here through src/web/shared/contracts.ts). */
import { z } from "zod";
import { isoDay, isoMoment } from "../../shared/contracts/days.js";
import { IdempotencyHeaders, LocationSchema } from "../cases/schemas.js";
import { PersonSummarySchema } from "../people/schemas.js";
import { VISIT_METHODS, VISIT_STATUSES } from "./schema.js";
import { DisputeCreatedSchema, PartyInput } from "../mediation/index.js";

export { IdempotencyHeaders };

export const VisitParams = z.object({ id: z.uuid() });

/** The lists' filters: `overdue` is a planned visit past its deadline. */
export const VISIT_LIST_STATES = ["planned", "overdue", "done"] as const;

export const VisitListQuery = z.object({
  state: z.enum(VISIT_LIST_STATES).optional(),
  /** A township, village or grid code: only its visits. */
  region: z.string().trim().min(1).max(20).optional(),
  /** Planned visits due by this day (YYYY-MM-DD, China time), for "this week's visits". */
  dueBy: isoDay().optional(),
  /** The visit an appeal was raised from (the link from the case back to the visit). */
  caseId: z.uuid().optional(),
  /** One person's visits (their file): only the types you may see, as everywhere. */
  personId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type VisitListReq = z.infer<typeof VisitListQuery>;

export const PopulationTypeRef = z.object({
  code: z.string(),
  group: z.enum(["key", "care"]),
  nameZh: z.string(),
  nameEn: z.string(),
});

export const VisitSummarySchema = z.object({
  id: z.uuid(),
  status: z.enum(VISIT_STATUSES),
  version: z.number().int(),
  type: PopulationTypeRef,
  /** The person as the register shows them to you (masked numbers, only the tags you may see); null when they moved out of your scope. */
  person: PersonSummarySchema.nullable(),
  region: z.object({ code: z.string(), name: z.string() }),
  dueAt: z.string(),
  overdue: z.boolean(),
  visitedAt: z.string().nullable(),
  /** Visited by the deadline. */
  onTime: z.boolean().nullable(),
  method: z.enum(VISIT_METHODS).nullable(),
  /** What was found, and who visited (a person's file lists them). */
  findings: z.string().nullable(),
  visitedBy: z.string().nullable(),
  caseNumber: z.string().nullable(),
});
export type VisitSummaryView = z.infer<typeof VisitSummarySchema>;

export const VisitListSchema = z.object({
  items: z.array(VisitSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const VisitDetailSchema = VisitSummarySchema.extend({
  location: LocationSchema.nullable(),
  photoIds: z.array(z.uuid()),
  case: z.object({ id: z.uuid(), number: z.string(), status: z.string() }).nullable(),
  /** The dispute registered for mediation from it, if any. */
  dispute: z.object({ id: z.uuid(), number: z.string(), status: z.string() }).nullable(),
  /** What you may do with it now (the state table's actions you hold). */
  allowedActions: z.array(z.string()),
  events: z.array(
    z.object({
      action: z.string(),
      at: z.string(),
      actor: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export type VisitDetailView = z.infer<typeof VisitDetailSchema>;

const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * How far back a visit may be dated when it is recorded. A phone that was offline, or a worker who
 * writes up yesterday's rounds, needs some slack; a wider window would let an overdue visit be
 * turned into an on-time one by backdating it (the 走访完成率 counts `visitedAt <= dueAt`).
 */
export const VISIT_BACKDATE_DAYS = 7;

export const RecordVisitBody = z.object({
  version: z.number().int().min(0),
  /**
   * When the visit took place (default now): not in the future, not more than
   * `VISIT_BACKDATE_DAYS` days ago, and not before the previous visit of the tag or the tag's start.
   */
  visitedAt: isoMoment().optional(),
  method: z.enum(VISIT_METHODS),
  /** The GPS point where it was recorded (a home visit usually has one). */
  location: LocationSchema.nullish(),
  findings: Text(2000),
  /** Photos uploaded with POST /attachments. */
  attachmentIds: z.array(z.uuid()).max(9).default([]),
});
export type RecordVisitReq = z.infer<typeof RecordVisitBody>;

export const RaiseAppealBody = z.object({
  version: z.number().int().min(0),
  /** What the appeal asks, by default the visit's findings. */
  description: z.string().trim().min(5).max(4000).optional(),
  categoryCode: z.string().trim().min(1).max(64).nullish(),
  urgent: z.boolean().optional(),
});
export type RaiseAppealReq = z.infer<typeof RaiseAppealBody>;

/** A dispute for mediation about what a visit found: the visited person is its first party. */
export const RaiseDisputeBody = z.object({
  version: z.number().int().min(0),
  /** A dispute type of the catalogue (GET /mediation/dispute-types). */
  typeCode: z.string().trim().min(1).max(50),
  /** What the dispute is about (default: the visit's findings). */
  facts: z.string().trim().min(1).max(4000).nullish(),
  /** The visited person's role in it (default applicant). */
  role: z.enum(["applicant", "respondent", "other"]).default("applicant"),
  /** The other parties, as far as known on the spot. */
  otherParties: z.array(PartyInput).max(19).default([]),
});
export type RaiseDisputeReq = z.input<typeof RaiseDisputeBody>;

export const VisitDisputeResultSchema = z.object({
  id: z.uuid(),
  status: z.enum(VISIT_STATUSES),
  version: z.number().int(),
  dispute: DisputeCreatedSchema,
});
export type VisitDisputeResult = z.infer<typeof VisitDisputeResultSchema>;

export const VisitActionResultSchema = z.object({
  id: z.uuid(),
  status: z.enum(VISIT_STATUSES),
  version: z.number().int(),
  /** After a record: the next visit planned for the same person and type. */
  nextVisit: z.object({ id: z.uuid(), dueAt: z.string() }).nullable(),
  case: z.object({ id: z.uuid(), number: z.string() }).nullable(),
});
export type VisitActionResult = z.infer<typeof VisitActionResultSchema>;

export const VisitRateQuery = z
  .object({
    /** A county, township, village or grid: its visits (default: all of your scope). */
    region: z.string().trim().min(1).max(20).optional(),
    from: isoDay().optional(),
    to: isoDay().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "from must not be after to",
    path: ["from"],
  });
export type VisitRateReq = z.infer<typeof VisitRateQuery>;

export const RateFigure = z.object({
  /** Visited on time ÷ due; null when nothing was due. */
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
});

export const VisitRateSchema = z.object({
  scope: z.object({ region: z.object({ code: z.string(), name: z.string() }).nullable() }),
  from: z.string(),
  to: z.string(),
  completionRate: RateFigure,
  /** The same figure for each region one level down (township → villages → grids). */
  breakdown: z.array(
    z.object({ code: z.string(), name: z.string(), level: z.string(), completionRate: RateFigure }),
  ),
  definition: z.object({ "zh-CN": z.string(), en: z.string() }),
});
export type VisitRateView = z.infer<typeof VisitRateSchema>;

export const VISIT_RATE_PARTS = ["numerator", "denominator", "missed"] as const;

export const VisitRateVisitsQuery = z
  .object({
    region: z.string().trim().min(1).max(20).optional(),
    from: isoDay().optional(),
    to: isoDay().optional(),
    /** numerator: visited on time; denominator: every visit due; missed: due and not on time. */
    part: z.enum(VISIT_RATE_PARTS).default("denominator"),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "from must not be after to",
    path: ["from"],
  });
export type VisitRateVisitsReq = z.infer<typeof VisitRateVisitsQuery>;
