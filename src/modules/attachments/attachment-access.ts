/**
 * Who may read an attachment. Unclaimed (just uploaded, not yet part of a case): only its
 * uploader — the signed-in user who sent it, or an anonymous resident holding the upload token
 * from the 201 answer, for UPLOAD_TOKEN_TTL_MS. Claimed: whatever the module of the subject type
 * decides (cases for `case`, mediation for `dispute`) through `setAttachmentAccessCheck`; until
 * it registers a check for its type, nobody. A refusal is a 404, like every row outside a
 * caller's scope.
 */
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { sha256Hex, type AttachmentRow } from "./create-attachment.js";

/** How long an anonymous upload token reads its unclaimed file: long enough to fill in the form. */
export const UPLOAD_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export interface AttachmentAccessRequest {
  db: Db;
  actor: Actor | null;
  /** The claimed attachment asked for (`caseId` is set). */
  attachment: AttachmentRow;
  /** The `token` the client sent (query `?token=` or header `X-Attachment-Token`), if any. */
  token: string | undefined;
}

/** Decides whether a claimed attachment may be read; registered by the module that owns cases. */
export type AttachmentAccessCheck = (request: AttachmentAccessRequest) => Promise<boolean>;

const denyAll: AttachmentAccessCheck = async () => false;
/** One check per subject type: a second workflow's photos are its own module's to decide. */
const claimedAccessChecks = new Map<string, AttachmentAccessCheck>();

/**
 * Registers the rule for claimed attachments of `subjectType` (e.g. "may read the case it
 * belongs to"); the module of that subject calls this once when its routes are registered.
 * Pass undefined to restore the default, deny.
 */
export function setAttachmentAccessCheck(
  check: AttachmentAccessCheck | undefined,
  subjectType = "case",
): void {
  if (check) claimedAccessChecks.set(subjectType, check);
  else claimedAccessChecks.delete(subjectType);
}

function tokenMatches(hash: string | null, token: string | undefined): boolean {
  if (hash === null || token === undefined) return false;
  return timingSafeEqual(Buffer.from(sha256Hex(token)), Buffer.from(hash));
}

/** True when `actor` / `token` may read the unclaimed attachment `row` (see the file comment). */
export function isUploaderOf(
  row: AttachmentRow,
  actor: Actor | null,
  token: string | undefined,
  now = Date.now(),
): boolean {
  if (actor && row.uploadedByUserId === actor.userId) return true;
  return tokenMatches(row.uploadTokenHash, token) && now - row.createdAt.getTime() < UPLOAD_TOKEN_TTL_MS;
}

/** Loads an attachment the caller may read, or throws 404 (absent and forbidden look the same). */
export async function getReadableAttachment(
  db: Db,
  opts: { id: string; actor: Actor | null; token: string | undefined },
): Promise<AttachmentRow> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, opts.id));
  if (row) {
    const allowed =
      row.subjectId === null
        ? isUploaderOf(row, opts.actor, opts.token)
        : await (claimedAccessChecks.get(row.subjectType ?? "") ?? denyAll)({
            db,
            actor: opts.actor,
            attachment: row,
            token: opts.token,
          });
    if (allowed) return row;
  }
  throw new NotFoundError("Attachment", opts.id);
}
