import { z } from "zod";
import { isoMoment } from "../../shared/contracts/days.js";
import { CaseIdParams } from "../cases/schemas.js";

export const ListAuditQuery = z
  .object({
    entityType: z.string().trim().min(1).max(50).optional(),
    action: z.string().trim().min(1).max(80).optional(),
    since: isoMoment().optional(),
    until: isoMoment().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.since || !q.until || new Date(q.since) <= new Date(q.until), {
    message: "since must not be after until",
    path: ["since"],
  });
export type ListAuditReq = z.infer<typeof ListAuditQuery>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  /** The actor's display name now; null for the system or a deleted account. */
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The entity's name now (an account's name, a unit's, a case's number); null when it is gone. */
  entityLabel: z.string().nullable(),
  /**
   * Its English name where it has one (a category's, a dispute or population type's, words such
   * as "Visit 2026-12-20"); null when its name is data in Chinese only (a place, a unit, a person).
   */
  entityLabelEn: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  scopePath: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// ---- reads of personal data (contact reveals) ----

export const ListPersonalDataReadsQuery = z
  .object({
    /** The case whose reporter's data was read (its id or 12-digit number). */
    case: CaseIdParams.shape.id.optional(),
    /** The person whose data was read, by the phone number they gave (exact). */
    phone: z
      .string()
      .trim()
      .regex(/^\+?\d{5,20}$/, "a phone number is 5 to 20 digits")
      .optional(),
    /** A person of the register whose ID or phone number was read (their id). */
    person: z.uuid("person must be a person's id").optional(),
    /** Who read it (an account id). */
    reader: z.uuid("reader must be an account id").optional(),
    since: isoMoment().optional(),
    until: isoMoment().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.since || !q.until || new Date(q.since) <= new Date(q.until), {
    message: "since must not be after until",
    path: ["since"],
  });
export type ListPersonalDataReadsReq = z.infer<typeof ListPersonalDataReadsQuery>;

const ReaderSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/**
 * One read: who, when, which fields of whose case (a reporter's contact) or of which person of
 * the register (ID or phone number), and why. The data itself is never repeated.
 */
export const PersonalDataReadSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  reader: ReaderSchema,
  case: z
    .object({
      id: z.string(),
      number: z.string(),
      region: z.object({ code: z.string(), name: z.string() }),
    })
    .nullable(),
  person: z
    .object({
      id: z.string(),
      name: z.string(),
      region: z.object({ code: z.string(), name: z.string() }),
    })
    .nullable(),
  /** A dispute whose parties' phones were revealed (mediation). */
  dispute: z
    .object({
      id: z.string(),
      number: z.string(),
      region: z.object({ code: z.string(), name: z.string() }),
    })
    .nullable(),
  fields: z.array(z.string()),
  reason: z.string().nullable(),
});
export type PersonalDataReadView = z.infer<typeof PersonalDataReadSchema>;

export const PersonalDataReadPageSchema = z.object({
  items: z.array(PersonalDataReadSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** A case's reveals in short: how many, and by whom (most recent reader first). */
export const CaseContactReadsSchema = z.object({
  total: z.number().int(),
  readers: z.array(ReaderSchema.extend({ count: z.number().int(), lastAt: z.string() })),
});
export type CaseContactReads = z.infer<typeof CaseContactReadsSchema>;
