import { z } from "zod";
import { SUPERVISION_LEVELS } from "./words.js";

export const SupervisionNoticeQuery = z.object({
  /** Which centre issues it; default: the highest level whose centre the caller supervises. */
  level: z.enum(SUPERVISION_LEVELS).optional(),
  /** Working days the unit has to answer in writing. */
  answerDays: z.coerce.number().int().min(1).max(30).default(3),
});
export type SupervisionNoticeReq = z.infer<typeof SupervisionNoticeQuery>;

/** The OpenAPI description of a PDF answer (the bytes are sent as they are, never serialized). */
export const PdfResponse = {
  description: "An A4 PDF (Chinese text in an embedded subset of Noto Sans Hans)",
  content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } },
};
