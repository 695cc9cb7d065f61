/** The attachments module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../../db/columns.js";
import { users } from "../accounts/schema.js";

export const ATTACHMENT_MIMES = ["image/jpeg", "image/png", "image/webp"] as const;
export type AttachmentMime = (typeof ATTACHMENT_MIMES)[number];

/**
 * Photos attached to appeals and replies. The files live under UPLOAD_DIR, named by the SHA-256
 * of the stored (re-encoded, metadata-free) bytes; two rows may share one file. A row is
 * unclaimed until a case or case event takes it (`claimAttachments`); unclaimed rows are swept
 * by `deleteUnclaimedAttachments`.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sha256: text("sha256").notNull(),
    mime: text("mime", { enum: ATTACHMENT_MIMES }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** Relative to UPLOAD_DIR, so the directory can move. */
    storagePath: text("storage_path").notNull(),
    thumbPath: text("thumb_path").notNull(),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** HMAC-SHA-256 of the uploader's IP under a per-installation salt: traceable abuse, no IPs kept. */
    uploaderIpHash: text("uploader_ip_hash"),
    /** SHA-256 of the short-lived token an anonymous uploader reads the unclaimed file with. */
    uploadTokenHash: text("upload_token_hash"),
    /** The workflow subject (`case`, …) that claimed it; both null while unclaimed. */
    subjectType: text("subject_type"),
    subjectId: uuid("subject_id"),
    /** The event (workflow_events.id) it illustrates, e.g. a reply's photos. */
    eventId: bigint("event_id", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_subject_idx").on(t.subjectType, t.subjectId),
    index("attachments_sha256_idx").on(t.sha256),
    // The cleanup job scans only unclaimed rows by age.
    index("attachments_unclaimed_created_idx")
      .on(t.createdAt)
      .where(sql`${t.subjectId} is null`),
    check("attachments_event_needs_subject_ck", sql`${t.eventId} is null or ${t.subjectId} is not null`),
    check("attachments_subject_pair_ck", sql`(${t.subjectType} is null) = (${t.subjectId} is null)`),
  ],
);
