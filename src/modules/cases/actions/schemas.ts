import { z } from "zod";
import { CASE_STATUSES, HANDLING_LEVELS, SATISFACTIONS } from "../../../db/schema.js";
import { CaseIdParams } from "../schemas.js";
import { CASE_ACTIONS } from "../state-table.js";

export const CaseRefParams = CaseIdParams;

const uuid = z.uuid("must be a uuid");
const note = z.string().trim().max(2000, "at most 2000 characters");
const requiredText = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .trim()
    .min(1, `${what} is required`)
    .max(2000, "at most 2000 characters");
/** The version the client saw: a stale one is refused with 409 stale_case. */
const version = z.number().int().positive().optional();
const attachmentIds = z.array(uuid).max(9, "at most 9 photos").optional();

export const DispatchBody = z.object({ orgId: uuid, note: note.optional(), version });
export type DispatchReq = z.infer<typeof DispatchBody>;

export const REJECT_REASONS = ["in_court", "redirect_110", "duplicate", "out_of_scope", "other"] as const;
export const RejectBody = z.object({ reason: z.enum(REJECT_REASONS), note: note.optional(), version });
export type RejectReq = z.infer<typeof RejectBody>;

/** `intoCaseId`: the primary case, by uuid or number. */
export const MergeBody = z.object({
  intoCaseId: CaseIdParams.shape.id,
  note: note.optional(),
  version,
});
export type MergeReq = z.infer<typeof MergeBody>;

export const CONTACT_METHODS = ["phone", "visit", "sms", "other"] as const;
export const RespondBody = z.object({
  contactMethod: z.enum(CONTACT_METHODS),
  note: note.optional(),
  version,
});
export type RespondReq = z.infer<typeof RespondBody>;

export const ReplyBody = z.object({ result: requiredText("result"), attachmentIds, version });
export type ReplyReq = z.infer<typeof ReplyBody>;

export const SendBackBody = z.object({ reason: requiredText("reason"), version });
export type SendBackReq = z.infer<typeof SendBackBody>;

/** 上报 needs a reason: the unit above is told why the case comes to them. */
export const EscalateBody = z.object({ reason: requiredText("reason"), version });
export type EscalateReq = z.infer<typeof EscalateBody>;

export const NoteBody = z.object({ note: note.optional(), version });
export type NoteReq = z.infer<typeof NoteBody>;

export const WhistleBody = z.object({
  orgIds: z.array(uuid).min(1, "name at least one department").max(20),
  note: note.optional(),
  /** Each department must report (报到) within this many hours; default 24. */
  reportWithinHours: z.number().positive().max(720).optional(),
  version,
});
export type WhistleReq = z.infer<typeof WhistleBody>;

export const RequestExtensionBody = z.object({
  extraHours: z.number().positive("extraHours must be more than 0").max(720, "at most 720 hours"),
  reason: requiredText("reason"),
  version,
});
export type RequestExtensionReq = z.infer<typeof RequestExtensionBody>;

export const DecideExtensionBody = z.object({
  extensionId: uuid,
  decision: z.enum(["approved", "denied"]),
  note: note.optional(),
  version,
});
export type DecideExtensionReq = z.infer<typeof DecideExtensionBody>;

export const VerifyBody = z.object({ passed: z.boolean(), note: note.optional(), attachmentIds, version });
export type VerifyReq = z.infer<typeof VerifyBody>;

export const EvaluateBody = z.object({
  resolved: z.boolean(),
  satisfaction: z.enum(SATISFACTIONS),
  comment: z.string().trim().max(2000).optional(),
  version,
});
export type EvaluateReq = z.infer<typeof EvaluateBody>;

export const SupervisorDecideBody = z.object({
  decision: z.enum(["reopen", "close"]),
  note: note.optional(),
  version,
});
export type SupervisorDecideReq = z.infer<typeof SupervisorDecideBody>;

/** The case after an action: state, units, deadlines and what may be done next. No personal data. */
export const ActionCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  version: z.number().int(),
  assignedOrgId: z.string().nullable(),
  leadOrgId: z.string().nullable(),
  handlingLevel: z.enum(HANDLING_LEVELS).nullable(),
  responseDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  solvedLevel: z.enum(HANDLING_LEVELS).nullable(),
  resolved: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  reopenCount: z.number().int(),
  mergedIntoId: z.string().nullable(),
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
});

export const ActionEventSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  fromStatus: z.enum(CASE_STATUSES).nullable(),
  toStatus: z.enum(CASE_STATUSES),
  actorOrgId: z.string().nullable(),
  note: z.string().nullable(),
  data: z.unknown(),
  at: z.string(),
});

export const ActionResultSchema = z.object({ case: ActionCaseSchema, event: ActionEventSchema });
export type ActionResult = z.infer<typeof ActionResultSchema>;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** The work list, optionally one view of it (the lists the home page's counts open). */
export const WorkListQuery = PageQuery.extend({
  /** dueToday / overdue: cases held by your units whose running deadline falls today / has passed; awaitingEvaluation: their replied cases. */
  view: z.enum(["dueToday", "overdue", "awaitingEvaluation"]).optional(),
});

/** The supervision board's filters: place (county or any region below), unit, category, deadline state. */
export const SupervisionBoardQuery = PageQuery.extend({
  region: z
    .string()
    .regex(/^\d{4,15}$/, "a region code is 4 to 15 digits")
    .optional(),
  assignedOrg: z.uuid("assignedOrg is an organisation id (UUID)").optional(),
  category: z.string().trim().min(1).max(64).optional(),
  /** warning: close to the deadline; overdue: past it; absent: both. */
  state: z.enum(["warning", "overdue"]).optional(),
});
export type SupervisionBoardReq = z.infer<typeof SupervisionBoardQuery>;

/** 批量催办: the cases (with the version the client saw) and one note for all. */
export const BulkUrgeBody = z.object({
  items: z
    .array(z.object({ caseId: uuid, version }))
    .min(1, "name at least one case")
    .max(200, "at most 200 cases at once"),
  note: note.optional(),
});
export type BulkUrgeReq = z.infer<typeof BulkUrgeBody>;

export const BulkUrgeResultSchema = z.object({
  urged: z.number().int(),
  /** One per case, in the order asked: urged (with the case's new version) or why not. */
  results: z.array(
    z.object({
      caseId: z.string(),
      number: z.string().nullable(),
      ok: z.boolean(),
      version: z.number().int().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkUrgeResult = z.infer<typeof BulkUrgeResultSchema>;

export const WorkListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(CASE_STATUSES),
  version: z.number().int(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  categoryNameEn: z.string().nullable(),
  description: z.string(),
  address: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  urgent: z.boolean(),
  assignedOrgId: z.string().nullable(),
  assignedOrgName: z.string().nullable(),
  handlingLevel: z.enum(HANDLING_LEVELS).nullable(),
  reopenCount: z.number().int(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  deadlineKind: z.enum(["response", "handle"]).nullable(),
  deadlineState: z.enum(["ok", "warning", "overdue"]),
  remainingMinutes: z.number().int().nullable(),
  /** What the caller may do on the case now (as on the case page); the server still decides. */
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
});
export const WorkListSchema = z.object({ items: z.array(WorkListItemSchema) });

export const PendingExtensionListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      caseId: z.string(),
      caseNumber: z.string(),
      caseVersion: z.number().int(),
      requestedOrgId: z.string().nullable(),
      requestedOrgName: z.string().nullable(),
      extraHours: z.number(),
      reason: z.string(),
      handleDueAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const NotificationQuerySchema = z.object({
  unreadOnly: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export const NotificationListSchema = z.object({
  unread: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      /** What the notification is about (a workflow's subject type and id), and its name. */
      subjectType: z.string().nullable(),
      subjectId: z.string().nullable(),
      subjectLabel: z.string().nullable(),
      caseId: z.string().nullable(),
      caseNumber: z.string().nullable(),
      title: z.string(),
      body: z.string(),
      /** The facts the text was written from, by name (null for rows older than them). */
      data: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
      to: z.enum(["user", "unit"]),
      createdAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});

export const NotificationIdParams = z.object({ id: z.coerce.number().int().positive() });
export const NotificationReadSchema = z.object({ id: z.number().int(), readAt: z.string() });
export const NotificationsReadSchema = z.object({ marked: z.number().int() });
