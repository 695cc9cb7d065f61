/**
 * After mediation: follow-ups on performance (回访), judicial confirmation of a written
 * agreement (司法确认), and archiving.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { ConflictError } from "../../shared/errors.js";
import { disputeFollowUps, judicialConfirmations, mediationAgreements } from "./schema.js";
import { presentActionResult, runDisputeAction } from "./run-dispute-action.js";
import type { ArchiveReq, DisputeActionResult, FollowUpReq, JudicialReq } from "./schemas.js";

export async function recordFollowUp(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: FollowUpReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(
    db,
    actor,
    ref,
    "record_follow_up",
    body.version,
    async ({ tx, actor: who, dispute, move }) => {
      const moved = await move({
        note: body.notes || null,
        data: { performed: body.performed, followedOn: body.followedOn },
      });
      await tx.insert(disputeFollowUps).values({
        disputeId: dispute.id,
        followedOn: body.followedOn,
        performed: body.performed,
        notes: body.notes,
        recordedByUserId: who.userId,
      });
      return presentActionResult(moved.dispute);
    },
  );
}

/** The parties' application to a court and, when known, its decision; only for a written agreement. */
export async function recordJudicialConfirmation(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: JudicialReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(
    db,
    actor,
    ref,
    "record_judicial_confirmation",
    body.version,
    async ({ tx, dispute, move }) => {
      const [agreement] = await tx
        .select()
        .from(mediationAgreements)
        .where(eq(mediationAgreements.disputeId, dispute.id));
      if (agreement?.form !== "written") {
        throw new ConflictError(
          "illegal_transition",
          `Dispute ${dispute.number} has no written agreement to confirm.`,
          {
            status: dispute.status,
            version: dispute.version,
          },
        );
      }
      const moved = await move({ data: { court: body.court, decision: body.decision ?? null } });
      const values = {
        appliedOn: body.appliedOn,
        court: body.court,
        decision: body.decision ?? null,
        decidedOn: body.decidedOn ?? null,
      };
      await tx
        .insert(judicialConfirmations)
        .values({ disputeId: dispute.id, ...values })
        .onConflictDoUpdate({ target: judicialConfirmations.disputeId, set: values });
      return presentActionResult(moved.dispute);
    },
  );
}

export async function archiveDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: ArchiveReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "archive", body.version, async ({ move }) => {
    const moved = await move({ set: { archivedAt: new Date() }, note: body.note });
    return presentActionResult(moved.dispute);
  });
}
