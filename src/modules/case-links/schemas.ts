/** The case links API's shapes (the web's types come from here through src/web/shared/contracts.ts). */
import { z } from "zod";
import { PersonSummarySchema } from "../people/schemas.js";
import { HOUSEHOLD_TYPES } from "../people/index.js";
import { CaseIdParams } from "../cases/schemas.js";

/** The case by its id (UUID) or 12-digit number; anything else is a 400 before the database. */
export const CaseLinkParams = CaseIdParams;
export const CaseLinkDeleteParams = CaseLinkParams.extend({ linkId: z.uuid() });
export const PersonCasesParams = z.object({ id: z.uuid() });

/** Link the case to exactly one person or one household. */
export const CreateCaseLinkBody = z
  .object({ personId: z.uuid().optional(), householdId: z.uuid().optional() })
  .refine((b) => (b.personId === undefined) !== (b.householdId === undefined), {
    error: "give exactly one of personId and householdId",
    path: ["personId"],
  });
export type CreateCaseLinkReq = z.infer<typeof CreateCaseLinkBody>;

export const CaseLinkSchema = z.object({
  id: z.uuid(),
  linkedAt: z.string(),
  linkedBy: z.string().nullable(),
  /** The person as the register shows them to you (masked numbers, only the tags you may see). */
  person: PersonSummarySchema.nullable(),
  household: z
    .object({
      id: z.uuid(),
      type: z.enum(HOUSEHOLD_TYPES),
      number: z.string().nullable(),
      region: z.object({ code: z.string(), name: z.string() }),
    })
    .nullable(),
});
export type CaseLinkView = z.infer<typeof CaseLinkSchema>;

export const CaseLinkListSchema = z.object({
  /** The links whose person or household lies in your register scope; the others are absent. */
  items: z.array(CaseLinkSchema),
  /** Whether you may link this case (you handle it and read the register). */
  canLink: z.boolean(),
});

export const CaseRefSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  /** The case status code (a plain string here: this file loads before the cases tables in some import orders). */
  status: z.string(),
  description: z.string(),
  createdAt: z.string(),
});
export type CaseRefView = z.infer<typeof CaseRefSchema>;

export const PersonCasesSchema = z.object({
  /** Cases linked to the person or to their current household, that you may read. */
  linked: z.array(CaseRefSchema),
  /**
   * Cases raised with the person's phone (matched on the server, the number never sent), that you
   * may read; null when your role may not search cases by a reporter's phone.
   */
  raised: z.array(CaseRefSchema).nullable(),
});
export type PersonCasesView = z.infer<typeof PersonCasesSchema>;
