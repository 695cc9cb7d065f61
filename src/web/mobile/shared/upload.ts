/** Photo upload for the mobile pages: POST /api/v1/attachments with the one field `file`. */
import { api } from "../../shared/api.js";

/** The server's answer to an upload (src/modules/attachments/schemas.ts AttachmentCreatedSchema). */
export interface UploadedAttachment {
  id: string;
  mime: "image/jpeg" | "image/png" | "image/webp";
  bytes: number;
  width: number;
  height: number;
  /** Path of the photo under this server, e.g. /api/v1/attachments/{id}. */
  url: string;
  /** Path of the WebP thumbnail (320 px wide at most). */
  thumbUrl: string;
  /**
   * Anonymous uploads only: lets the uploader read the photo back (`?token=` or header
   * X-Attachment-Token) until a case claims it; valid 2 hours.
   */
  uploadToken?: string;
}

/** File name sent with the blob; the server reads the type from the content, not the name. */
function fileName(blob: Blob): string {
  if (blob instanceof File && blob.name) return blob.name;
  return blob.type === "image/png" ? "photo.png" : blob.type === "image/webp" ? "photo.webp" : "photo.jpg";
}

/**
 * Uploads one photo (scale it first with `scalePhoto`). Rejects with ApiError: 413
 * `payload_too_large`, 415 `unsupported_media_type`, 429 when rate-limited, status 0 `network`.
 */
export async function uploadPhoto(blob: Blob, signal?: AbortSignal): Promise<UploadedAttachment> {
  const form = new FormData();
  form.append("file", blob, fileName(blob));
  return api<UploadedAttachment>("/attachments", { method: "POST", body: form, signal });
}

/** The URL to show an uploaded photo (or its thumbnail) before a case claims it. */
export function attachmentSrc(attachment: UploadedAttachment, variant: "full" | "thumb" = "thumb"): string {
  const path = variant === "thumb" ? attachment.thumbUrl : attachment.url;
  return attachment.uploadToken ? `${path}?token=${encodeURIComponent(attachment.uploadToken)}` : path;
}
