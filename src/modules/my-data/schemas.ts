/**
 * The API shapes of residents' rights ("my data"): what the register holds about the persons of
 * the resident's phone (numbers masked, no key/control population type), who in the government
 * read them in full, and correction requests (the web's types come from here through
 * src/web/shared/contracts.ts).
 */
import { z } from "zod";
import { AddMemberBody, CreateHouseholdBody, PersonSummarySchema } from "../people/schemas.js";
import { CORRECTION_FIELDS, CORRECTION_STATUSES } from "./schema.js";

const { sex, idDocumentType } = PersonSummarySchema.shape;
const relation = AddMemberBody.shape.relation;
const householdType = CreateHouseholdBody.shape.type;

const text = (max: number) => z.string().trim().min(1).max(max);

const TermSchema = z.object({ zh: z.string(), en: z.string() });
const NameRef = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });

export const MyPersonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  sex,
  birthDate: z.string().nullable(),
  idDocumentType,
  /** Masked (`1101**********1234`): the phone may be a family's, so no one sees another's in full here. */
  idNumber: z.string().nullable(),
  /** Masked: `138****5678`. */
  phone: z.string().nullable(),
  /** 户籍地. */
  registeredResidence: z.string().nullable(),
  /**
   * Where they live: the village or community (never the grid: a staff-only word) and the
   * dwelling's address.
   */
  region: z.object({ code: z.string(), name: z.string() }),
  address: z.string().nullable(),
  household: z
    .object({
      type: householdType,
      relation,
      /** The other members now: names masked (张*), relation to the head. */
      members: z.array(z.object({ name: z.string(), relation })),
    })
    .nullable(),
  /** Care-population tags (关爱人群) only: key and control types are never shown here. */
  careTags: z.array(z.object({ type: NameRef, since: z.string() })),
});
export type MyPersonView = z.infer<typeof MyPersonSchema>;

export const MyRegisterSchema = z.object({ persons: z.array(MyPersonSchema) });

export const READ_KINDS = ["reveal", "lookup"] as const;

export const MyReadSchema = z.object({
  at: z.string(),
  personId: z.uuid(),
  personName: z.string(),
  /** reveal: the numbers shown in full; lookup: found by the full number. */
  kind: z.enum(READ_KINDS),
  /** The reader's unit (its name, and its kind in both languages), never the staff member's own name. */
  unit: z.object({ name: z.string(), kind: TermSchema }).nullable(),
  /** The reader's roles, named in both languages. */
  roles: z.array(TermSchema),
  reason: z.string().nullable(),
});
export const MyReadsSchema = z.object({ items: z.array(MyReadSchema) });

export const CorrectionBody = z.object({
  personId: z.uuid(),
  field: z.enum(CORRECTION_FIELDS),
  proposed: text(200),
  note: text(500).nullish(),
});
export type CorrectionReq = z.infer<typeof CorrectionBody>;

export const CorrectionSchema = z.object({
  id: z.uuid(),
  status: z.enum(CORRECTION_STATUSES),
  version: z.number().int(),
  person: z.object({ id: z.uuid(), name: z.string() }),
  field: z.enum(CORRECTION_FIELDS),
  proposed: z.string(),
  note: z.string().nullable(),
  declineReason: z.string().nullable(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
  /** For staff: where the person lives (a name). */
  region: z.object({ code: z.string(), name: z.string() }),
  /** The actions offered to the reader. */
  actions: z.array(z.enum(["done", "decline"])),
});
export type CorrectionView = z.infer<typeof CorrectionSchema>;

export const CorrectionListSchema = z.object({ items: z.array(CorrectionSchema), total: z.number().int() });

export const CorrectionListQuery = z.object({
  status: z.enum(CORRECTION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CorrectionListReq = z.infer<typeof CorrectionListQuery>;

export const CorrectionParams = z.object({ id: z.uuid() });
export const DoneBody = z.object({ version: z.number().int().min(0) });
export const DeclineBody = z.object({ version: z.number().int().min(0), reason: text(500) });
