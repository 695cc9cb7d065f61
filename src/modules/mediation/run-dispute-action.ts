/**
 * The frame of every staff action on a dispute: the core's `runAction` (permission somewhere →
 * transaction → the dispute loaded in the scope of that permission, 404 outside → 409 stale or
 * illegal before anything else), then the core's `transition()` on the dispute store.
 */
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { enqueueNotifications } from "../../core/notifications/enqueue-notifications.js";
import { runAction } from "../../core/workflow/run-action.js";
import { transition, type MoveNotice } from "../../core/workflow/transition.js";
import { committeeUnitId, findCommittee, findMediator } from "./committees.js";
import { lockVisibleDispute } from "./policy.js";
import type { NotificationData } from "../../db/schema.js";
import type { DisputeStatus } from "./schema.js";
import type { DisputeActionResult } from "./schemas.js";
import { DISPUTE_WORKFLOW, type DisputeAction } from "./state-table.js";
import { DISPUTE_STORE, type DisputeRow, type DisputeSet } from "./store.js";

export interface DisputeFrame {
  tx: Tx;
  actor: Actor;
  dispute: DisputeRow;
  /** Moves the dispute with this action (the core's transition), answering the moved row and its event id. */
  move(opts: {
    to?: DisputeStatus;
    set?: DisputeSet;
    note?: string | null | undefined;
    data?: Record<string, unknown>;
    notify?: readonly MoveNotice[];
  }): Promise<{ dispute: DisputeRow; eventId: number }>;
}

export async function runDisputeAction<T>(
  db: Db,
  actor: Actor | null,
  ref: string,
  action: DisputeAction,
  version: number,
  act: (frame: DisputeFrame) => Promise<T>,
): Promise<T> {
  return runAction(
    db,
    actor,
    {
      workflow: DISPUTE_WORKFLOW,
      action,
      version,
      load: (tx, bindings) => lockVisibleDispute(tx, ref, bindings),
      label: (row) => row.number,
    },
    ({ tx, actor: who, subject }) =>
      act({
        tx,
        actor: who,
        dispute: subject,
        async move(opts) {
          const moved = await transition(tx, DISPUTE_WORKFLOW, DISPUTE_STORE, {
            subjectId: subject.id,
            action,
            actor: { userId: who.userId, orgId: who.organisationId },
            expectedVersion: version,
            to: opts.to,
            set: opts.set,
            note: opts.note ?? null,
            data: opts.data ?? null,
            notify: opts.notify,
          });
          return { dispute: moved.subject, eventId: moved.event.id };
        },
      }),
  );
}

/** The notices of a move to the dispute's mediator (with an account) and its committee's unit. */
export async function noticesFor(
  tx: Tx,
  dispute: DisputeRow,
  notice: { kind: string; title: string; body: string; data?: NotificationData },
  to: { mediator?: boolean; committee?: boolean } = { mediator: true, committee: true },
): Promise<MoveNotice[]> {
  const out: MoveNotice[] = [];
  if (to.mediator && dispute.mediatorId) {
    const mediator = await findMediator(tx, dispute.mediatorId);
    if (mediator?.userId) out.push({ channel: "in_app", recipientUserId: mediator.userId, ...notice });
  }
  if (to.committee) {
    const unit = await committeeUnitId(tx, await findCommittee(tx, dispute.committeeId));
    if (unit) out.push({ channel: "in_app", recipientOrgId: unit, ...notice });
  }
  return out;
}

/** Notices written outside a move (e.g. by the deadline scan), with the dispute as subject. */
export async function enqueueDisputeNotices(
  tx: Tx,
  dispute: DisputeRow,
  notices: readonly MoveNotice[],
  now?: Date,
) {
  await enqueueNotifications(
    tx,
    notices.map((n) => ({ ...n, subjectType: DISPUTE_WORKFLOW.subjectType, subjectId: dispute.id })),
    now ? { now } : {},
  );
}

export function presentActionResult(d: DisputeRow): DisputeActionResult {
  return {
    id: d.id,
    number: d.number,
    status: d.status,
    version: d.version,
    dueAt: d.dueAt?.toISOString() ?? null,
  };
}
