/**
 * Reading disputes: the workbench list (by deadline: the nearest first, then the newest) and one
 * dispute with its parties, sessions, agreement, referral, follow-ups and timeline. Parties'
 * phones are masked for everyone (stored sealed; see ./party-phones.ts), their names for roles that do
 * not mediate.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments, regions, users, workflowEvents } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";
import { maskName } from "../cases/index.js";
import { findMediator, mediatorOfUser } from "./committees.js";
import { offeredDisputeActions } from "./offered-actions.js";
import { disputesVisibleThrough, findReadableDispute } from "./policy.js";
import {
  disputeFollowUps,
  disputeParties,
  disputeReferrals,
  disputes,
  disputeTypes,
  judicialConfirmations,
  mediationAgreements,
  mediationCommittees,
  mediationSessions,
  mediators,
  partyOrder,
} from "./schema.js";
import type { DisputeDetail, DisputeListItem, DisputeListReq } from "./schemas.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";
import type { DisputeRow } from "./store.js";

const LIST_COLUMNS = {
  d: disputes,
  typeName: disputeTypes.nameZh,
  typeNameEn: disputeTypes.nameEn,
  regionName: regions.name,
  committeeName: mediationCommittees.name,
  mediatorName: mediators.name,
};

function listItem(r: {
  d: DisputeRow;
  typeName: string;
  typeNameEn: string;
  regionName: string;
  committeeName: string;
  mediatorName: string | null;
}): DisputeListItem {
  const { d } = r;
  return {
    id: d.id,
    number: d.number,
    source: d.source,
    typeCode: d.typeCode,
    typeName: r.typeName,
    typeNameEn: r.typeNameEn,
    riskLevel: d.riskLevel,
    status: d.status,
    regionCode: d.regionCode,
    regionName: r.regionName,
    committeeId: d.committeeId,
    committeeName: r.committeeName,
    mediatorName: r.mediatorName,
    dueAt: d.dueAt?.toISOString() ?? null,
    overdue: d.overdueAt !== null,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
  };
}

const joined = (db: Db) =>
  db
    .select(LIST_COLUMNS)
    .from(disputes)
    .innerJoin(disputeTypes, eq(disputeTypes.code, disputes.typeCode))
    .innerJoin(regions, eq(regions.code, disputes.regionCode))
    .innerJoin(mediationCommittees, eq(mediationCommittees.id, disputes.committeeId))
    .leftJoin(mediators, eq(mediators.id, disputes.mediatorId));

/** The disputes in the actor's scope, filtered; open ones by deadline first. */
export async function findDisputes(
  db: Db,
  actor: Actor | null,
  q: DisputeListReq,
): Promise<{ items: DisputeListItem[]; total: number; isMediator: boolean }> {
  const bindings = requirePermission(actor, "mediation.read");
  const filters: (SQL | undefined)[] = [disputesVisibleThrough(bindings)];
  if (q.status) filters.push(eq(disputes.status, q.status));
  if (q.committeeId) filters.push(eq(disputes.committeeId, q.committeeId));
  if (q.mine && actor) {
    filters.push(
      inArray(
        disputes.committeeId,
        db
          .select({ id: mediators.committeeId })
          .from(mediators)
          .where(and(eq(mediators.userId, actor.userId), eq(mediators.active, true))),
      ),
    );
  }
  const where = and(...filters);
  const rows = await joined(db)
    .where(where)
    // What waits on someone first: open disputes (a new one with no deadline yet at the top, then
    // by deadline), then those in follow-up, then the finished and archived, newest first.
    .orderBy(
      sql`case when ${disputes.status} = 'registered' then 0
               when ${disputes.status} in ('accepted', 'in_mediation') then 1
               when ${disputes.status} = 'follow_up' then 2
               when ${disputes.status} = 'archived' then 4
               else 3 end`,
      sql`${disputes.dueAt} asc nulls last`,
      desc(disputes.createdAt),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await db.select({ n: count() }).from(disputes).where(where);
  const [serving] = actor
    ? await db
        .select({ id: mediators.id })
        .from(mediators)
        .where(and(eq(mediators.userId, actor.userId), eq(mediators.active, true)))
        .limit(1)
    : [];
  return { items: rows.map(listItem), total: total?.n ?? 0, isMediator: serving !== undefined };
}

/** One dispute in the actor's scope (404 outside), everything on its page. */
export async function getDispute(db: Db, actor: Actor | null, ref: string): Promise<DisputeDetail> {
  // The police liaison reads the disputes it was alerted about, read-only (./policy.ts).
  const { dispute: found } = await findReadableDispute(db, actor, ref);
  if (!actor) throw new Error("findReadableDispute let a missing actor through");
  const [head] = await joined(db).where(eq(disputes.id, found.id));
  if (!head) throw new Error("dispute vanished");
  const d = head.d;
  const [parties, sessions, photos, agreement, referral, followUps, judicial, events] = await Promise.all([
    db
      .select()
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, d.id))
      .orderBy(...partyOrder),
    db
      .select()
      .from(mediationSessions)
      .where(eq(mediationSessions.disputeId, d.id))
      .orderBy(asc(mediationSessions.heldAt)),
    db
      .select({ id: attachments.id, eventId: attachments.eventId })
      .from(attachments)
      .where(and(eq(attachments.subjectType, DISPUTE_WORKFLOW.subjectType), eq(attachments.subjectId, d.id))),
    db.select().from(mediationAgreements).where(eq(mediationAgreements.disputeId, d.id)),
    db.select().from(disputeReferrals).where(eq(disputeReferrals.disputeId, d.id)),
    db
      .select()
      .from(disputeFollowUps)
      .where(eq(disputeFollowUps.disputeId, d.id))
      .orderBy(asc(disputeFollowUps.followedOn)),
    db.select().from(judicialConfirmations).where(eq(judicialConfirmations.disputeId, d.id)),
    db
      .select({ e: workflowEvents, actorName: users.displayName })
      .from(workflowEvents)
      .leftJoin(users, eq(users.id, workflowEvents.actorUserId))
      .where(
        and(eq(workflowEvents.subjectType, DISPUTE_WORKFLOW.subjectType), eq(workflowEvents.subjectId, d.id)),
      )
      .orderBy(asc(workflowEvents.at), asc(workflowEvents.id)),
  ]);
  const mediates = bindingsFor(actor, "mediation.mediate").length > 0;
  const a = agreement[0];
  const own = await mediatorOfUser(db, d.committeeId, actor.userId);
  const named = d.mediatorId === null ? null : await findMediator(db, d.mediatorId);
  const offered = offeredDisputeActions(actor, d, {
    mediatorId: own?.id ?? null,
    namedHasAccount: named?.userId != null,
    agreementForm: a?.form ?? null,
  });
  const r = referral[0];
  const j = judicial[0];
  return {
    ...listItem(head),
    facts: d.facts,
    amountInDispute: d.amountInDispute,
    caseId: d.caseId,
    mediatorId: d.mediatorId,
    acceptedAt: d.acceptedAt?.toISOString() ?? null,
    extendedAt: d.extendedAt?.toISOString() ?? null,
    extensionConsent: d.extensionConsent,
    settledAt: d.settledAt?.toISOString() ?? null,
    followUpDueAt: d.followUpDueAt?.toISOString() ?? null,
    judicialDueAt: d.judicialDueAt?.toISOString() ?? null,
    archivedAt: d.archivedAt?.toISOString() ?? null,
    repeatAlertAt: d.repeatAlertAt?.toISOString() ?? null,
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      name: mediates ? p.name : maskName(p.name),
      phone: p.phoneMasked,
      personId: p.personId,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      heldAt: s.heldAt.toISOString(),
      place: s.place,
      participants: s.participants,
      notes: s.notes,
      photoIds: photos.filter((p) => p.eventId !== null && p.eventId === s.eventId).map((p) => p.id),
    })),
    agreement: a
      ? {
          form: a.form,
          matters: a.matters,
          agreed: a.agreed,
          performanceManner: a.performanceManner,
          performanceDueOn: a.performanceDueOn,
          agreedAt: a.agreedAt.toISOString(),
        }
      : null,
    referral: r ? { channel: r.channel, receivingBody: r.receivingBody, referredOn: r.referredOn } : null,
    followUps: followUps.map((f) => ({ followedOn: f.followedOn, performed: f.performed, notes: f.notes })),
    judicialConfirmation: j
      ? { appliedOn: j.appliedOn, court: j.court, decision: j.decision, decidedOn: j.decidedOn }
      : null,
    timeline: events.map(({ e, actorName }) => ({
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: actorName ?? e.actorLabel,
      note: e.note,
      at: e.at.toISOString(),
    })),
    allowedActions: offered,
  };
}
