import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import { sha256Hex, type AttachmentRow } from "./create-attachment.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClaimTarget {
  /** The workflow subject that claims them: `case`, … */
  subjectType: string;
  subjectId: string;
  /** The subject's event (e.g. a reply with evidence photos) the attachments belong to. */
  eventId?: number;
}

/**
 * Who is attaching the photos: only their uploader may. A signed-in user claims what they
 * uploaded with their session; an anonymous resident proves each upload with the `uploadToken`
 * its 201 answer gave them.
 */
export interface Claimant {
  userId: string | null;
  uploadTokens?: readonly string[];
}

function uploadedBy(claimant: Claimant): SQL {
  const tokens = [...new Set(claimant.uploadTokens ?? [])].map((t) => sha256Hex(t));
  return (
    or(
      claimant.userId === null ? undefined : eq(attachments.uploadedByUserId, claimant.userId),
      tokens.length === 0 ? undefined : inArray(attachments.uploadTokenHash, tokens),
    ) ?? sql`false`
  );
}

/**
 * Attaches uploaded photos to a workflow subject, e.g. a case (and optionally one of its events).
 * Call it inside the transaction that writes the subject or event, so a refusal here undoes both.
 * Each id must exist and be unclaimed, or already belong to this subject (a retried request
 * claims again harmlessly; a photo already tied to a different event of the subject is refused).
 * One set-based UPDATE decides: two subjects racing for one photo cannot both get it. Only the photo's uploader
 * (`claimant`) may claim it: anyone else's photo id, guessed or seen, "does not exist" for them.
 * Throws 400 naming the first bad id.
 */
export async function claimAttachments(
  tx: Tx,
  ids: string[],
  target: ClaimTarget,
  claimant: Claimant,
): Promise<AttachmentRow[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const malformed = wanted.find((id) => !UUID.test(id));
  if (malformed !== undefined) {
    throw new BadRequestError("attachment_unavailable", `Attachment ${malformed} is not a valid id.`, {
      id: malformed,
    });
  }
  const subject = and(
    eq(attachments.subjectType, target.subjectType),
    eq(attachments.subjectId, target.subjectId),
  );
  const sameSubject =
    target.eventId === undefined
      ? subject
      : and(subject, or(isNull(attachments.eventId), eq(attachments.eventId, target.eventId)));
  const owner = { subjectType: target.subjectType, subjectId: target.subjectId };
  const claimed = await tx
    .update(attachments)
    .set(target.eventId === undefined ? owner : { ...owner, eventId: target.eventId })
    .where(
      and(
        inArray(attachments.id, wanted),
        uploadedBy(claimant),
        or(isNull(attachments.subjectId), sameSubject),
      ),
    )
    .returning();
  if (claimed.length === wanted.length) return claimed;

  const got = new Set(claimed.map((a) => a.id));
  const bad = wanted.find((id) => !got.has(id)) ?? "";
  const [existing] = await tx
    .select({ subjectType: attachments.subjectType, subjectId: attachments.subjectId })
    .from(attachments)
    .where(and(eq(attachments.id, bad), uploadedBy(claimant)));
  const noun = target.subjectType;
  const reason = !existing
    ? "does not exist"
    : existing.subjectType === target.subjectType && existing.subjectId === target.subjectId
      ? `already belongs to another event of this ${noun}`
      : `already belongs to another ${existing.subjectType ?? noun}`;
  throw new BadRequestError("attachment_unavailable", `Attachment ${bad} ${reason}.`, { id: bad });
}
