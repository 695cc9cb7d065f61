import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { attachments } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import type { AttachmentRow } from "./create-attachment.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClaimTarget {
  /** The workflow subject that claims them: `case`, … */
  subjectType: string;
  subjectId: string;
  /** The subject's event (e.g. a reply with evidence photos) the attachments belong to. */
  eventId?: number;
}

/**
 * Attaches uploaded photos to a workflow subject, e.g. a case (and optionally one of its events).
 * Call it inside the transaction that writes the subject or event, so a refusal here undoes both.
 * Each id must exist and be unclaimed, or already belong to this subject (a retried request
 * claims again harmlessly; a photo already tied to a different event of the subject is refused).
 * One set-based UPDATE decides: two subjects racing for one photo cannot both get it. Throws 400
 * naming the first bad id.
 */
export async function claimAttachments(tx: Tx, ids: string[], target: ClaimTarget): Promise<AttachmentRow[]> {
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
    .where(and(inArray(attachments.id, wanted), or(isNull(attachments.subjectId), sameSubject)))
    .returning();
  if (claimed.length === wanted.length) return claimed;

  const got = new Set(claimed.map((a) => a.id));
  const bad = wanted.find((id) => !got.has(id)) ?? "";
  const [existing] = await tx
    .select({ subjectType: attachments.subjectType, subjectId: attachments.subjectId })
    .from(attachments)
    .where(eq(attachments.id, bad));
  const noun = target.subjectType;
  const reason = !existing
    ? "does not exist"
    : existing.subjectType === target.subjectType && existing.subjectId === target.subjectId
      ? `already belongs to another event of this ${noun}`
      : `already belongs to another ${existing.subjectType ?? noun}`;
  throw new BadRequestError("attachment_unavailable", `Attachment ${bad} ${reason}.`, { id: bad });
}
