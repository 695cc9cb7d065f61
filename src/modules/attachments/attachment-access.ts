/**
 * Who may read an attachment. Unclaimed (just uploaded, not yet part of a case): only its
 * uploader — the signed-in user who sent it, or an anonymous resident holding the upload token
 * from the 201 answer, for UPLOAD_TOKEN_TTL_MS. Claimed: whatever the workflow of its subject
 * decides (`mayRead` of its registration in the module's manifest, e.g. "may read the case");
 * a subject type without one, nobody. A refusal is a 404, like every row outside a caller's scope.
 */
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { workflowOf } from "../../core/modules/manifest.js";
import { MODULES } from "../registry.js";
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

/** Decides whether a claimed attachment may be read. */
export type AttachmentAccessCheck = (request: AttachmentAccessRequest) => Promise<boolean>;

/** The rule of the registry: the `mayRead` of the workflow whose subject the attachment belongs to. */
const registeredCheck: AttachmentAccessCheck = async ({ db, actor, attachment, token }) => {
  if (attachment.subjectType === null || attachment.subjectId === null) return false;
  const mayRead = workflowOf(MODULES, attachment.subjectType)?.mayRead;
  return mayRead ? mayRead({ db, actor, subjectId: attachment.subjectId, token }) : false;
};
let claimedAccessCheck: AttachmentAccessCheck = registeredCheck;

/**
 * Replaces the rule for claimed attachments (a test's stand-in); undefined restores the registry's
 * (each workflow's `mayRead`). Modules do not call it: they register `mayRead` in their manifest.
 */
export function setAttachmentAccessCheck(check: AttachmentAccessCheck | undefined): void {
  claimedAccessCheck = check ?? registeredCheck;
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
        : await claimedAccessCheck({ db, actor: opts.actor, attachment: row, token: opts.token });
    if (allowed) return row;
  }
  throw new NotFoundError("Attachment", opts.id);
}
