/**
 * Mediating: sessions (with photos), the one extension with the parties' consent, and the end of
 * mediation — settled by a written or oral agreement, or not settled and referred elsewhere.
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { ConflictError } from "../../shared/errors.js";
import { claimAttachments } from "../attachments/index.js";
import { disputeReferrals, mediationAgreements, mediationSessions } from "./schema.js";
import { noticesFor, presentActionResult, runDisputeAction } from "./run-dispute-action.js";
import type { DisputeActionResult, ExtendReq, ReferReq, SessionReq, SettleReq } from "./schemas.js";
import { addDays, FOLLOW_UP_DAYS, JUDICIAL_DAYS } from "./settings.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";

/** 调解记录: a session, with its photos claimed for the dispute and the session's event. */
export async function recordSession(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: SessionReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(
    db,
    actor,
    ref,
    "record_session",
    body.version,
    async ({ tx, actor: who, dispute, move }) => {
      const moved = await move({ note: body.notes, data: { heldAt: body.heldAt, place: body.place } });
      await tx.insert(mediationSessions).values({
        disputeId: dispute.id,
        eventId: moved.eventId,
        heldAt: new Date(body.heldAt),
        place: body.place,
        participants: body.participants,
        notes: body.notes,
        recordedByUserId: who.userId,
      });
      await claimAttachments(
        tx,
        body.photoIds,
        { subjectType: DISPUTE_WORKFLOW.subjectType, subjectId: dispute.id, eventId: moved.eventId },
        { userId: who.userId },
      );
      return presentActionResult(moved.dispute);
    },
  );
}

/** Once, with the parties' consent recorded: the deadline moves and its marks fire again. */
export async function extendDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: ExtendReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "extend", body.version, async ({ dispute, move }) => {
    if (dispute.extendedAt !== null) {
      throw new ConflictError("extension_used", `Dispute ${dispute.number} was extended already.`, {
        extendedAt: dispute.extendedAt.toISOString(),
      });
    }
    const base = dispute.dueAt ?? new Date();
    const moved = await move({
      set: {
        extendedAt: new Date(),
        extensionConsent: body.consent,
        dueAt: addDays(base, body.days),
        warnedAt: null,
        overdueAt: null,
      },
      note: body.consent,
      data: { days: body.days, previousDueAt: dispute.dueAt?.toISOString() ?? null },
    });
    return presentActionResult(moved.dispute);
  });
}

/** Settled: the agreement (written: the 人民调解协议书, printable; oral: recorded). */
export async function settleDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: SettleReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "settle", body.version, async ({ tx, dispute, move }) => {
    const now = new Date();
    const moved = await move({
      to: body.form === "written" ? "settled_written" : "settled_oral",
      set: {
        settledAt: now,
        followUpDueAt: addDays(now, FOLLOW_UP_DAYS),
        judicialDueAt: body.form === "written" ? addDays(now, JUDICIAL_DAYS) : null,
      },
      data: { form: body.form, onTime: dispute.dueAt === null || now <= dispute.dueAt },
      notify: await noticesFor(
        tx,
        dispute,
        {
          kind: "dispute_settled",
          title: `纠纷 ${dispute.number} 调解成功`,
          body: "请在一个月后回访协议履行情况。",
        },
        { committee: true },
      ),
    });
    await tx.insert(mediationAgreements).values({
      disputeId: dispute.id,
      form: body.form,
      matters: body.matters,
      agreed: body.agreed,
      performanceManner: body.performanceManner,
      performanceDueOn: body.performanceDueOn ?? null,
      agreedAt: now,
    });
    return presentActionResult(moved.dispute);
  });
}

/** Not settled: the parties are referred (诉讼、仲裁、行政处理、信访), with the receiving body and date. */
export async function referDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: ReferReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "refer", body.version, async ({ tx, dispute, move }) => {
    const moved = await move({
      note: body.note,
      data: { channel: body.channel, receivingBody: body.receivingBody },
    });
    await tx.insert(disputeReferrals).values({
      disputeId: dispute.id,
      channel: body.channel,
      receivingBody: body.receivingBody,
      referredOn: body.referredOn,
    });
    return presentActionResult(moved.dispute);
  });
}
