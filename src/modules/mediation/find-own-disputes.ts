/**
 * A resident's own disputes (issue 14, mobile): those where one party's phone is the phone the
 * resident proved with a one-time code, matched on the blind index under every index key held.
 * A party sees the dispute's progress — type, state in plain words, committee, dates, sessions'
 * date and place, the agreement's existence and follow-up, the referral — and their own row; the
 * other parties only by role: no names, no phones, nothing said in the sessions.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requireActor } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { provenPhoneOf } from "../accounts/index.js";
import { partyPhoneIndexes } from "./party-phones.js";
import {
  PARTY_ROLE_WORDS,
  REFERRAL_WORDS,
  disputeStatusSentence,
  stepSentence,
  type ResidentStep,
} from "./resident-wording.js";
import {
  disputeFollowUps,
  disputeParties,
  disputeReferrals,
  disputes,
  disputeTypes,
  mediationAgreements,
  mediationCommittees,
  mediationSessions,
  partyOrder,
} from "./schema.js";
import type { z } from "zod";
import type { OwnDisputeItemSchema, OwnDisputeSchema } from "./schemas.js";

type OwnDisputeItem = z.infer<typeof OwnDisputeItemSchema>;
type OwnDispute = z.infer<typeof OwnDisputeSchema>;

/** The blind indexes of the actor's proven phone; 403 for an account that proved none (staff). */
async function ownIndexes(db: Db, actor: Actor | null, keys: PersonalDataKeys): Promise<string[]> {
  const { userId } = requireActor(actor);
  const phone = await provenPhoneOf(db, userId);
  if (!phone) {
    throw new ForbiddenError("Only a resident signed in with their phone sees their own disputes.");
  }
  return partyPhoneIndexes(keys, phone);
}

const HEAD = {
  d: disputes,
  typeZh: disputeTypes.nameZh,
  typeEn: disputeTypes.nameEn,
  committeeName: mediationCommittees.name,
};
type Head = { d: typeof disputes.$inferSelect; typeZh: string; typeEn: string; committeeName: string };

const headOf = (db: Db) =>
  db
    .select(HEAD)
    .from(disputes)
    .innerJoin(disputeTypes, eq(disputeTypes.code, disputes.typeCode))
    .innerJoin(mediationCommittees, eq(mediationCommittees.id, disputes.committeeId));

/** The disputes with a party under one of `indexes`. */
const partyOf = (db: Db, indexes: string[]) =>
  db
    .select({ id: disputeParties.disputeId })
    .from(disputeParties)
    .where(inArray(disputeParties.phoneIndex, indexes));

function item({ d, typeZh, typeEn, committeeName }: Head): OwnDisputeItem {
  return {
    number: d.number,
    type: { zh: typeZh, en: typeEn },
    status: d.status,
    statusText: disputeStatusSentence(d.status, committeeName),
    committeeName,
    registeredAt: d.createdAt.toISOString(),
    dueAt: d.dueAt?.toISOString() ?? null,
    settledAt: d.settledAt?.toISOString() ?? null,
  };
}

/** The resident's disputes, newest first. */
export async function findOwnDisputes(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
): Promise<{ items: OwnDisputeItem[] }> {
  const indexes = await ownIndexes(db, actor, keys);
  const rows = await headOf(db)
    .where(inArray(disputes.id, partyOf(db, indexes)))
    .orderBy(desc(disputes.createdAt))
    .limit(100);
  return { items: rows.map(item) };
}

/**
 * One of the resident's disputes by number; a dispute they are no party to is 404, as one that
 * does not exist. Each read is written to the audit log.
 */
export async function getOwnDispute(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
  number: string,
  requestId?: string,
): Promise<OwnDispute> {
  const indexes = await ownIndexes(db, actor, keys);
  const [head] = await headOf(db).where(
    and(eq(disputes.number, number), inArray(disputes.id, partyOf(db, indexes))),
  );
  if (!head) throw new NotFoundError("Dispute", number);
  const d = head.d;
  const [parties, sessions, agreements, referrals, followUps] = await Promise.all([
    db
      .select({ role: disputeParties.role, name: disputeParties.name, phoneIndex: disputeParties.phoneIndex })
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, d.id))
      .orderBy(...partyOrder),
    db
      .select({ heldAt: mediationSessions.heldAt, place: mediationSessions.place })
      .from(mediationSessions)
      .where(eq(mediationSessions.disputeId, d.id))
      .orderBy(asc(mediationSessions.heldAt)),
    db.select().from(mediationAgreements).where(eq(mediationAgreements.disputeId, d.id)),
    db.select().from(disputeReferrals).where(eq(disputeReferrals.disputeId, d.id)),
    db
      .select({
        followedOn: disputeFollowUps.followedOn,
        performed: disputeFollowUps.performed,
        createdAt: disputeFollowUps.createdAt,
      })
      .from(disputeFollowUps)
      .where(eq(disputeFollowUps.disputeId, d.id))
      .orderBy(asc(disputeFollowUps.followedOn)),
  ]);
  const agreement = agreements[0];
  const referral = referrals[0];
  const steps: { at: Date; step: ResidentStep }[] = [{ at: d.createdAt, step: { kind: "registered" } }];
  if (d.acceptedAt) steps.push({ at: d.acceptedAt, step: { kind: "accepted" } });
  for (const s of sessions) steps.push({ at: s.heldAt, step: { kind: "session", place: s.place } });
  if (d.extendedAt) steps.push({ at: d.extendedAt, step: { kind: "extended" } });
  if (agreement) {
    steps.push({ at: agreement.agreedAt, step: { kind: "settled", written: agreement.form === "written" } });
  }
  if (referral) {
    steps.push({
      at: new Date(`${referral.referredOn}T12:00:00+08:00`),
      step: { kind: "referred", channel: referral.channel, receivingBody: referral.receivingBody },
    });
  }
  for (const f of followUps) {
    steps.push({
      at: new Date(`${f.followedOn}T12:00:00+08:00`),
      step: { kind: "follow_up", performed: f.performed },
    });
  }
  if (d.archivedAt) steps.push({ at: d.archivedAt, step: { kind: "archived" } });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());

  await recordAudit(db, {
    actor,
    action: "dispute.resident_view",
    entityType: "dispute",
    entityId: d.id,
    after: { number: d.number },
    scopePath: d.regionPath,
    requestId,
  });
  return {
    ...item(head),
    acceptedAt: d.acceptedAt?.toISOString() ?? null,
    parties: parties.map((p) => {
      const mine = p.phoneIndex !== null && indexes.includes(p.phoneIndex);
      return { mine, role: PARTY_ROLE_WORDS[p.role], name: mine ? p.name : null };
    }),
    sessions: sessions.map((s) => ({ heldAt: s.heldAt.toISOString(), place: s.place })),
    agreement: agreement
      ? {
          written: agreement.form === "written",
          agreedAt: agreement.agreedAt.toISOString(),
          performanceDueOn: agreement.performanceDueOn,
        }
      : null,
    followUpDueAt: d.followUpDueAt?.toISOString() ?? null,
    referral: referral
      ? {
          channel: REFERRAL_WORDS[referral.channel],
          receivingBody: referral.receivingBody,
          referredOn: referral.referredOn,
        }
      : null,
    timeline: steps.map(({ at, step }) => ({
      at: at.toISOString(),
      text: stepSentence(step, head.committeeName),
    })),
  };
}
