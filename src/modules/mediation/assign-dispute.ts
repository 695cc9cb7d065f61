/**
 * The committee's side of a new dispute: assign a mediator, the mediator accepts (the 30 days
 * start) or declines with a reason (back to the committee), and escalation to the township
 * committee when the village cannot settle it (大事不出镇).
 */
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { AppError, ConflictError } from "../../shared/errors.js";
import {
  findCommittee,
  findMediator,
  mediatorOfUser,
  townshipCommitteeAbove,
  type MediatorRow,
} from "./committees.js";
import type { DisputeRow } from "./store.js";
import { checkMediatorOf } from "./register-dispute.js";
import {
  enqueueDisputeNotices,
  noticesFor,
  presentActionResult,
  runDisputeAction,
} from "./run-dispute-action.js";
import type { AcceptReq, AssignReq, DeclineReq, DisputeActionResult, EscalateReq } from "./schemas.js";
import { addDays, MEDIATION_DAYS } from "./settings.js";

export async function assignDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: AssignReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "assign", body.version, async ({ tx, dispute, move }) => {
    const mediator = await checkMediatorOf(tx, await findCommittee(tx, dispute.committeeId), body.mediatorId);
    const notify = mediator.userId
      ? [
          {
            channel: "in_app" as const,
            recipientUserId: mediator.userId,
            kind: "dispute_assigned",
            title: `纠纷 ${dispute.number} 指派给您调解`,
            body: "请受理或说明理由退回。",
          },
        ]
      : [];
    const moved = await move({
      set: { mediatorId: mediator.id },
      note: body.note,
      data: { mediatorId: mediator.id, mediatorName: mediator.name },
      notify,
    });
    return presentActionResult(moved.dispute);
  });
}

/**
 * Accepting or declining is the mediator's answer: only a serving mediator of the dispute's
 * committee gives it, and once a mediator with an account is named, only that one (403
 * not_committee_mediator). A named mediator without an account (a rule-of-law leader) answers
 * through the committee: any of its mediators records it.
 */
async function answeringMediator(tx: Tx, dispute: DisputeRow, userId: string): Promise<MediatorRow> {
  const own = await mediatorOfUser(tx, dispute.committeeId, userId);
  const named = dispute.mediatorId === null ? null : await findMediator(tx, dispute.mediatorId);
  if (!own || (named !== null && named.id !== own.id && named.userId !== null)) {
    throw new AppError(
      403,
      "not_committee_mediator",
      `Only ${named ? "the assigned mediator" : "a mediator of its committee"} answers dispute ${dispute.number}.`,
    );
  }
  return own;
}

/** The mediator accepts: the dispute is theirs and the 30 days start. */
export async function acceptDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: AcceptReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(
    db,
    actor,
    ref,
    "accept",
    body.version,
    async ({ tx, actor: who, dispute, move }) => {
      const own = await answeringMediator(tx, dispute, who.userId);
      const now = new Date();
      const moved = await move({
        set: {
          mediatorId: dispute.mediatorId ?? own.id,
          acceptedAt: now,
          dueAt: addDays(now, MEDIATION_DAYS),
        },
        note: body.note,
      });
      return presentActionResult(moved.dispute);
    },
  );
}

/** Declined with a reason: the committee assigns another mediator. */
export async function declineDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: DeclineReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(
    db,
    actor,
    ref,
    "decline",
    body.version,
    async ({ tx, actor: who, dispute, move }) => {
      await answeringMediator(tx, dispute, who.userId);
      const notify = await noticesFor(
        tx,
        dispute,
        {
          kind: "dispute_declined",
          title: `纠纷 ${dispute.number} 被退回`,
          body: `退回理由：${body.reason}。请重新指派调解员。`,
          // The mediator's own words: the bell shows them as written beside its text in either language.
          data: { note: body.reason },
        },
        { committee: true },
      );
      const moved = await move({
        set: { mediatorId: null },
        note: body.reason,
        data: { reason: body.reason },
        notify,
      });
      return presentActionResult(moved.dispute);
    },
  );
}

/** 大事不出镇: the township committee takes it over; its clock restarts at its own acceptance. */
export async function escalateDispute(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: EscalateReq,
): Promise<DisputeActionResult> {
  return runDisputeAction(db, actor, ref, "escalate", body.version, async ({ tx, dispute, move }) => {
    const from = await findCommittee(tx, dispute.committeeId);
    const to = await townshipCommitteeAbove(tx, from);
    if (!to)
      throw new ConflictError("no_higher_committee", `${from.name} has no township committee above it.`);
    const moved = await move({
      set: {
        committeeId: to.id,
        mediatorId: null,
        acceptedAt: null,
        dueAt: null,
        warnedAt: null,
        overdueAt: null,
        extendedAt: null,
        extensionConsent: null,
      },
      note: body.reason,
      data: { fromCommitteeId: from.id, toCommitteeId: to.id, toCommitteeName: to.name },
    });
    const notify = await noticesFor(
      tx,
      moved.dispute,
      {
        kind: "dispute_escalated",
        title: `纠纷 ${dispute.number} 移交${to.name}`,
        body: `${from.name}：${body.reason}`,
        data: { note: body.reason },
      },
      { committee: true },
    );
    await enqueueDisputeNotices(tx, moved.dispute, notify);
    return presentActionResult(moved.dispute);
  });
}
