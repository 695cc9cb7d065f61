import { z } from "zod";
import { ATTACHMENT_MIMES } from "../../db/schema.js";

export const AttachmentIdParams = z.object({ id: z.uuid("an attachment id is a UUID") });

export const AttachmentReadQuery = z.object({
  /** The anonymous uploader's token (also accepted as header X-Attachment-Token). */
  token: z.string().max(200).optional(),
});

/** One stored photo as clients see it; `url` and `thumbUrl` are paths under this server. */
export const AttachmentSchema = z.object({
  id: z.uuid(),
  mime: z.enum(ATTACHMENT_MIMES),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string(),
  thumbUrl: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentSchema>;

export const AttachmentCreatedSchema = AttachmentSchema.extend({
  uploadToken: z
    .string()
    .optional()
    .describe(
      "Anonymous uploads only: send as ?token= (or header X-Attachment-Token) to read the photo back until a case claims it; valid 2 hours",
    ),
});
