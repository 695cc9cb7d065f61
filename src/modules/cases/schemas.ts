/** Zod schemas of the cases API: intake, lists, the staff view, the public tracking view. */
import { z } from "zod";
import { isoMoment } from "../../shared/contracts/days.js";
import {
  CANNED_REPLY_ACTIONS,
  CASE_CHANNELS,
  CASE_STATUSES,
  HANDLING_LEVELS,
  SATISFACTIONS,
} from "../../db/schema.js";
import { CASE_ACTIONS } from "./state-table.js";
import { isChinesePhone } from "../../shared/contracts/phone.js";

/** A Chinese phone number (see `isChinesePhone`). */
export const PhoneSchema = z.string().trim().refine(isChinesePhone, {
  message: "must be a Chinese mobile (e.g. 13812345678) or landline with area code (e.g. 0316-1234567)",
});

/**
 * Any phone number, loosely: what intake accepts from every channel (an Open311 client may be
 * anywhere; the spec's own example is `111111111`). The native form checks for a Chinese number.
 */
export const AnyPhoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+()\s.x-]{3,50}$/i, "must be a phone number (digits, +, spaces, hyphens)");

/** Reporter contact as intake stores it, from any channel. */
export const ReporterFieldsSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(50, "must be at most 50 characters").nullish(),
  phone: AnyPhoneSchema.nullish(),
  email: z.email("must be an email address").max(200).nullish(),
});

/** Reporter contact on the native form: the phone must be a Chinese one, to catch typos. */
export const ReporterSchema = ReporterFieldsSchema.extend({ phone: PhoneSchema.nullish() });

export const LocationSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

/** The channels a client names on POST /cases (Open311 has its own door). */
export const INTAKE_CHANNELS = [
  "web",
  "app",
  "hotline",
  "talk_station",
  "talk_site",
  "talk_box",
  "patrol",
] as const;

/** The fields of an appeal, whatever the door; `intakeCase` checks them again for direct callers. */
export const IntakeFieldsSchema = z.object({
  categoryCode: z.string().trim().min(1).max(64).nullish(),
  description: z
    .string({ error: "description is required" })
    .trim()
    .min(5, "description must be at least 5 characters")
    // Open311 allows 4,000; one limit for every channel.
    .max(4000, "description must be at most 4000 characters"),
  address: z.string().trim().max(300, "address must be at most 300 characters").nullish(),
  location: LocationSchema.nullish(),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/, "regionCode is the code of a county, township or village")
    .nullish(),
  urgent: z.boolean().optional(),
  reporter: ReporterFieldsSchema.nullish(),
  attachmentIds: z.array(z.uuid("each attachment id is a UUID")).max(9, "at most 9 photos").optional(),
  /** Anonymous reporters: the `uploadToken` of each photo they uploaded (the proof it is theirs). */
  attachmentTokens: z
    .array(z.string().max(100))
    .max(9, "at most 9 photos")
    .optional()
    .describe(
      "Anonymous reporters: the uploadToken of each photo in attachmentIds (only the uploader may attach a photo)",
    ),
});

/** The channels on which staff may answer an appeal on the spot (当场办结): a call, a visit. */
export const ON_THE_SPOT_CHANNELS = ["hotline", "talk_station", "talk_site"] as const;

export const CreateCaseBody = IntakeFieldsSchema.extend({
  channel: z.enum(INTAKE_CHANNELS).default("web"),
  reporter: ReporterSchema.nullish(),
  /**
   * 当场办结: staff answered the caller there and then (hotline, talk station or site only). The
   * case is filed and closed in one step with `answer` as its reply.
   */
  answeredOnSpot: z
    .object({
      answer: z
        .string({ error: "answer is required" })
        .trim()
        .min(2, "answer must be at least 2 characters")
        .max(2000, "answer must be at most 2000 characters"),
    })
    .optional(),
});
export type CreateCaseReq = z.infer<typeof CreateCaseBody>;

const UnitRef = z.object({ id: z.string(), name: z.string() });

/** Other headers pass through untouched (cookies, CSRF). */
export const IdempotencyHeaders = z.looseObject({
  "idempotency-key": z.string().max(200, "Idempotency-Key must be at most 200 characters").optional(),
});

export const CaseCreatedSchema = z.object({
  id: z.string(),
  number: z.string(),
  /** Only for an anonymous reporter, shown this once: keep it to follow and rate the appeal. */
  trackingCode: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  /** The status in a resident's words (zh-CN and English), as the tracking page says it. */
  statusText: z.string(),
  statusTextEn: z.string(),
  assignedUnit: UnitRef.nullable(),
  responseDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
});
export type CaseCreated = z.infer<typeof CaseCreatedSchema>;

/** Id in a URL: the uuid or the 12-digit number. */
export const CaseIdParams = z.object({
  id: z
    .string()
    .regex(
      /^(\d{12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
      "a case is named by its id (UUID) or its 12-digit number",
    ),
});

const isoDate = isoMoment();

export const CaseListQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(",").filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATUSES)))
    .optional(),
  channel: z.enum(CASE_CHANNELS).optional(),
  category: z.string().trim().min(1).max(64).optional(),
  region: z
    .string()
    .regex(/^\d{4,15}$/, "a region code is 4 to 15 digits")
    .optional(),
  assignedOrg: z.uuid("assignedOrg is an organisation id (UUID)").optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** Cases a unit sent back (退单) at some point (true), or never (false). */
  sentBack: z.enum(["true", "false"]).optional(),
  /** Cases with a point on the map (true), or placed by region only (false: 一张图's "not on the map"). */
  located: z.enum(["true", "false"]).optional(),
  /** Urgent cases only (true) or the others (false). */
  urgent: z.enum(["true", "false"]).optional(),
  /** Age: received at least this many hours ago (the queue's "waiting longer than"). */
  olderThanHours: z.coerce
    .number({ error: "olderThanHours must be a number of hours" })
    .positive("olderThanHours must be more than 0")
    .max(8760, "olderThanHours is at most 8760 (a year)")
    .optional(),
  /** The case number, or words of the description or the address. */
  q: z.string().trim().min(1).max(100).optional(),
  /** Words of the address only (standard addresses of the people-and-places module when present). */
  address: z.string().trim().min(1).max(100).optional(),
  /**
   * The reporter's phone, matched exactly (digits; +86 and separators ignored): only for roles
   * that may reach a reporter (see contact-search.ts), and every case it finds is logged as a read.
   */
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+()\s-]{7,30}$/, "a phone number is 7 to 30 digits, spaces, hyphens or +")
    .optional(),
  /**
   * `mine`: the dispatch queue — cases in triage that a centre of the caller (through their
   * cases.dispatch roles) must route, categorised or not.
   */
  queue: z.enum(["mine"]).optional(),
  /** The anonymous reporter's tracking code (as the caller reads it out). */
  trackingCode: z.string().trim().min(4).max(40).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  sort: z.enum(["deadline", "created"]).default("deadline"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CaseListReq = z.infer<typeof CaseListQuery>;

export const MyCasesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** A category as shown: its code and its name in both languages (the catalogue carries both). */
const CategoryRef = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
const RegionRef = z.object({ code: z.string(), name: z.string() });

export const CaseListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CASE_CHANNELS),
  category: CategoryRef.nullable(),
  /** The description's first 80 characters. */
  summary: z.string(),
  region: RegionRef,
  assignedUnit: UnitRef.nullable(),
  urgent: z.boolean(),
  responseDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  /** Open and past its response (not yet responded) or handling deadline. */
  overdue: z.boolean(),
  createdAt: z.string(),
  /**
   * 退单: in triage because a unit sent it back — which unit, when and why (staff lists only;
   * always null in a resident's own list).
   */
  sentBack: z
    .object({ unitName: z.string().nullable(), reason: z.string().nullable(), at: z.string() })
    .nullable(),
});
export type CaseListItem = z.infer<typeof CaseListItemSchema>;

export const CaseListSchema = z.object({
  items: z.array(CaseListItemSchema),
  /** Counted up to 10,000 (LIST_COUNT_CAP): with `totalCapped` it reads "10,000+". */
  total: z.number().int(),
  /** True when more cases match than `total` says (the count stopped at its cap). */
  totalCapped: z.boolean().optional(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ReporterViewSchema = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** True when name, phone and email are shown masked (reveal them with POST …/reveal-contact). */
  masked: z.boolean(),
  /** True when the caller may reveal them (each reveal is logged). */
  canReveal: z.boolean(),
  /** The reporter filed it signed in with an account. */
  hasAccount: z.boolean(),
  anonymous: z.boolean(),
  /** When retention erased the name, phone and email (RETENTION_REPORTER_CONTACT); null: kept. */
  erasedAt: z.string().nullable(),
});

const PersonRef = z.object({ id: z.string(), name: z.string() });

export const TimelineEventSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  fromStatus: z.enum(CASE_STATUSES).nullable(),
  toStatus: z.enum(CASE_STATUSES),
  at: z.string(),
  actor: PersonRef.nullable(),
  unit: UnitRef.nullable(),
  /** "resident", "system", "open311:<key>" when no user acted. */
  label: z.string().nullable(),
  note: z.string().nullable(),
  data: z.unknown().nullable(),
});

export const CaseDetailSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  channel: z.enum(CASE_CHANNELS),
  category: CategoryRef.nullable(),
  description: z.string(),
  address: z.string().nullable(),
  location: LocationSchema.nullable(),
  region: RegionRef.extend({
    path: z.string(),
    /** The place's names from the county down to this region, e.g. 安次区 · 落垡镇 · 东张务村. */
    trail: z.array(z.string()),
  }),
  countyCode: z.string().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  urgent: z.boolean(),
  reporter: ReporterViewSchema,
  enteredBy: PersonRef.nullable(),
  handlingLevel: z.enum(HANDLING_LEVELS).nullable(),
  assignedUnit: UnitRef.nullable(),
  /** 首接负责: the first unit that received the case leads it. */
  leadUnit: UnitRef.nullable(),
  responseDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  overdue: z.boolean(),
  resolved: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  evaluationComment: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(TimelineEventSchema),
  whistles: z.array(
    z.object({
      id: z.string(),
      unit: UnitRef,
      reportDueAt: z.string(),
      reportedAt: z.string().nullable(),
      reportNote: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  extensions: z.array(
    z.object({
      id: z.string(),
      unit: UnitRef.nullable(),
      extraHours: z.number(),
      reason: z.string(),
      decision: z.enum(["approved", "denied"]).nullable(),
      decidedAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.string(),
      mime: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      eventId: z.number().int().nullable(),
    }),
  ),
  /** Open cases of the same category within about 100 m and 7 days: merge candidates. */
  possibleDuplicates: z.array(z.object({ id: z.string(), number: z.string() })),
  /** The lifecycle actions the caller may try now (the server still decides). */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
  /** Where escalate (上报) and send back (退单) would take the case: for its own unit's people, else null. */
  moveTargets: z.object({ escalate: UnitRef.nullable(), sendBack: UnitRef.nullable() }),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** The body is optional: a bare POST reveals without a stated reason. */
export const RevealContactBody = z.object({ reason: z.string().trim().max(200).optional() }).nullish();

export const RevealedContactSchema = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const TrackingParams = z.object({ trackingCode: z.string().min(1).max(40) });

export const TrackingViewSchema = z.object({
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  /** The status in plain words (zh-CN and English). */
  statusText: z.string(),
  statusTextEn: z.string(),
  category: CategoryRef.nullable(),
  /** The village (or township, county) it was placed in; never the address. */
  region: RegionRef,
  createdAt: z.string(),
  responseDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  /** Units, never people: staff are named by their unit only. */
  assignedUnit: z.string().nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      text: z.string(),
      textEn: z.string(),
      /** The unit the sentence names: who received the case in a move, who did the work otherwise. */
      unit: z.string().nullable(),
      /** Only the reply to the resident carries its text. */
      reply: z.string().nullable(),
    }),
  ),
  evaluation: z
    .object({ resolved: z.boolean().nullable(), satisfaction: z.enum(SATISFACTIONS).nullable() })
    .nullable(),
  mergedInto: z.object({ number: z.string(), status: z.enum(CASE_STATUSES) }).nullable(),
});
export type TrackingView = z.infer<typeof TrackingViewSchema>;

/** Triage of a case in the queue: its category (null clears it) and/or its point on the map. */
export const TriageBody = z
  .object({
    categoryCode: z.string().trim().min(1, "pick a category").max(64).nullable().optional(),
    location: LocationSchema.optional(),
    /** The address in words (a standard address found by the address search, or typed); null clears it. */
    address: z.string().trim().max(300, "address must be at most 300 characters").nullable().optional(),
    note: z.string().trim().max(2000, "at most 2000 characters").optional(),
    /** The version the client saw: a stale one is refused with 409 stale_case. */
    version: z.number().int().positive().optional(),
  })
  .refine((b) => b.categoryCode !== undefined || b.location !== undefined || b.address !== undefined, {
    message: "set a category, a location or an address",
    path: ["categoryCode"],
  });
export type TriageReq = z.infer<typeof TriageBody>;

const DispatchUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  regionCode: z.string(),
});

export const DispatchOptionsSchema = z.object({
  suggested: DispatchUnitSchema.extend({ reason: z.string() }).nullable(),
  units: z.array(DispatchUnitSchema),
});

export const MergedCasesSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), number: z.string(), status: z.enum(CASE_STATUSES), createdAt: z.string() }),
  ),
});

/**
 * The intake desk's duplicate check while a call is typed: open cases of `category` located in
 * `region` (its subtree), received in the last `days` days, newest first.
 */
export const DuplicateCandidatesQuery = z.object({
  category: z.string().trim().min(1).max(64),
  region: z.string().regex(/^\d{4,15}$/, "a region code is 4 to 15 digits"),
  days: z.coerce.number().int().min(1).max(90).default(30),
});
export type DuplicateCandidatesReq = z.infer<typeof DuplicateCandidatesQuery>;

export const DuplicateCandidatesSchema = z.object({ items: z.array(CaseListItemSchema) });
export type DuplicateCandidates = z.infer<typeof DuplicateCandidatesSchema>;

/** 回访: replied cases waiting for the resident's evaluation, oldest reply first. */
export const FollowUpQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const FollowUpItemSchema = CaseListItemSchema.extend({
  /** The case's version, to send with the evaluation. */
  version: z.number().int(),
  repliedAt: z.string().nullable(),
  /** The unit's reply, to read to the resident. */
  reply: z.string().nullable(),
});
export type FollowUpItem = z.infer<typeof FollowUpItemSchema>;

export const FollowUpListSchema = z.object({
  items: z.array(FollowUpItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type FollowUpList = z.infer<typeof FollowUpListSchema>;

/**
 * "Today" on a person's home page: what waits for them, counted. Null for a count their roles
 * have nothing to do with (see today.ts for each definition).
 */
export const TodaySchema = z.object({
  toDispatch: z.number().int().nullable(),
  sentBack: z.number().int().nullable(),
  dueToday: z.number().int().nullable(),
  overdue: z.number().int().nullable(),
  awaitingEvaluation: z.number().int().nullable(),
  overdueInScope: z.number().int().nullable(),
});
export type Today = z.infer<typeof TodaySchema>;

/** 一张图: the open cases of your scope with a point, optionally within one region's subtree. */
export const CaseMapQuery = z.object({
  region: z
    .string()
    .regex(/^\d{4,15}$/, "a region code is 4 to 15 digits")
    .optional(),
  /** Only the cases in this deadline state (as `deadlineState` of the points). */
  state: z.enum(["ok", "warning", "overdue"]).optional(),
  /** At most this many points (nearest deadline first); `truncated` says when more are open. */
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export type CaseMapReq = z.infer<typeof CaseMapQuery>;

export const CaseMapSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: z.enum(CASE_STATUSES),
      lon: z.number(),
      lat: z.number(),
      urgent: z.boolean(),
      categoryCode: z.string().nullable(),
      categoryName: z.string().nullable(),
      categoryNameEn: z.string().nullable(),
      regionCode: z.string(),
      regionName: z.string(),
      deadlineState: z.enum(["ok", "warning", "overdue"]),
    }),
  ),
  /** Open cases in scope with a point (the items are the first `limit` of them). */
  total: z.number().int(),
  truncated: z.boolean(),
  /** Open cases in scope placed by region only (no point to draw). */
  withoutPoint: z.number().int(),
});
export type CaseMap = z.infer<typeof CaseMapSchema>;

/** 常用语: the canned replies for a note (respond or reply), for a case's category. */
export const CannedReplyQuery = z.object({
  action: z.enum(CANNED_REPLY_ACTIONS),
  /** The case's category: replies for it, for the categories above it and for any category. */
  category: z.string().trim().min(1).max(64).optional(),
});
export type CannedReplyReq = z.infer<typeof CannedReplyQuery>;

export const CreateCannedReplyBody = z.object({
  /** One of your units (the one whose people use it). */
  orgId: z.uuid("orgId is an organisation id (UUID)"),
  action: z.enum(CANNED_REPLY_ACTIONS),
  /** Null or absent: for any category. */
  categoryCode: z.string().trim().min(1).max(64).nullish(),
  text: z.string().trim().min(1, "text is required").max(500),
});
export type CreateCannedReplyReq = z.infer<typeof CreateCannedReplyBody>;

export const CannedReplySchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  action: z.enum(CANNED_REPLY_ACTIONS),
  categoryCode: z.string().nullable(),
  text: z.string(),
});
export const CannedReplyListSchema = z.object({ items: z.array(CannedReplySchema) });
export type CannedReply = z.infer<typeof CannedReplySchema>;

/** 常用语 kept by your units, for managing them: every note and category, with the units. */
export const KeptCannedRepliesSchema = z.object({
  /** The units you handle cases for: where a canned reply may be kept. */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Their canned replies, by unit, then note, then category (any category first). */
  items: z.array(CannedReplySchema),
});
export type KeptCannedReplies = z.infer<typeof KeptCannedRepliesSchema>;

export const CannedReplyIdParams = z.object({ id: z.uuid("id is a canned reply id (UUID)") });
