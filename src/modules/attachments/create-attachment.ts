import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { AppError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { contentPaths, writeStoredFile } from "./attachment-files.js";
import { detectImageType } from "./detect-image-type.js";
import { processImage } from "./process-image.js";
import { uploaderIpHash } from "./uploader-ip-hash.js";

export type AttachmentRow = typeof attachments.$inferSelect;

export interface CreateAttachmentOptions {
  uploadDir: string;
  /** The uploaded bytes, as received. */
  data: Buffer;
  /** Null for an anonymous resident. */
  actor: Actor | null;
  ip: string;
}

/** SHA-256 in hex: content addresses and token hashes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Stores one uploaded photo: checks its type from the bytes (415 otherwise), re-encodes it
 * without metadata, writes it and its thumbnail under UPLOAD_DIR, then inserts the row. The row
 * comes last, so a crash leaves at most an unreferenced file, never a row without its file.
 * An anonymous uploader gets an `uploadToken` (shown once, stored hashed) to read the file back.
 */
export async function createAttachment(
  db: Db,
  opts: CreateAttachmentOptions,
): Promise<{ attachment: AttachmentRow; uploadToken: string | null }> {
  const mime = detectImageType(opts.data);
  if (!mime) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "Only JPEG, PNG and WebP photos are accepted; the file's content is none of these.",
    );
  }
  const image = await processImage(opts.data, mime);
  const sha256 = sha256Hex(image.data);
  const { storagePath, thumbPath } = contentPaths(sha256, mime);
  await writeStoredFile(opts.uploadDir, storagePath, image.data);
  await writeStoredFile(opts.uploadDir, thumbPath, image.thumb);

  const uploadToken = opts.actor ? null : randomBytes(24).toString("base64url");
  const [attachment] = await db
    .insert(attachments)
    .values({
      sha256,
      mime,
      bytes: image.data.length,
      width: image.width,
      height: image.height,
      storagePath,
      thumbPath,
      uploadedByUserId: opts.actor?.userId ?? null,
      uploaderIpHash: await uploaderIpHash(db, opts.ip),
      uploadTokenHash: uploadToken === null ? null : sha256Hex(uploadToken),
    })
    .returning();
  if (!attachment) throw new Error("attachment insert returned nothing");
  return { attachment, uploadToken };
}
