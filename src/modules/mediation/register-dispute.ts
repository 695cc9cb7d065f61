/**
 * Registering a dispute: from a walk-in at a talk station, a screening or a visit (`registerDispute`),
 * or converted from an appeal (`disputeFromCase`, which ends the case as transferred). The dispute
 * goes to the committee of its place (小事不出村), with its parties; the repeat-party rule
 * (民转刑 prevention) raises its risk and alerts the township centre when the same parties come back.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import {
  enqueueNotifications,
  type NotificationInput,
} from "../../core/notifications/enqueue-notifications.js";
import { recordEvent } from "../../core/workflow/events.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../shared/errors.js";
import { lockCaseForTransfer, transferCaseToMediation } from "../cases/index.js";
import { inRegisterScope, persons } from "../people/index.js";
import {
  committeeOfPlace,
  committeeUnitId,
  findMediator,
  policeLiaisonOf,
  townshipCentreOver,
  type CommitteeRow,
} from "./committees.js";
import {
  disputeParties,
  disputes,
  disputeTypes,
  RISK_LEVELS,
  type DisputeSource,
  type RiskLevel,
} from "./schema.js";
import type { DisputeCreated, DisputeFromCaseReq, PartyReq, RegisterDisputeReq } from "./schemas.js";
import { readableDisputeIds } from "./policy.js";
import { readRepeatWindowDays } from "./settings.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { partyPhoneIndexes, sealPartyPhone } from "./party-phones.js";
import { linkFoundDispute } from "./screening-task.js";
import { allocateDisputeNumber, type DisputeRow } from "./store.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";

interface Place {
  regionCode: string;
  regionPath: string;
  countyCode: string | null;
}

interface NewDispute {
  source: DisputeSource;
  caseId: string | null;
  place: Place;
  typeCode: string;
  facts: string;
  amountInDispute?: number | null | undefined;
  riskLevel: RiskLevel;
  parties: PartyReq[];
  mediatorId?: string | null | undefined;
}

const higher = (a: RiskLevel, b: RiskLevel): RiskLevel =>
  RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b;

/**
 * 民转刑 prevention: the other disputes within the window that share a party's phone. One such
 * dispute makes the risk at least significant, two or more major.
 */
async function repeatedDisputes(
  tx: Tx,
  keys: PersonalDataKeys,
  parties: PartyReq[],
  at: Date,
): Promise<{ id: string; number: string }[]> {
  // Compared by blind index: the phones themselves are never in the table in clear.
  const phones = [
    ...new Set(
      parties
        .map((p) => p.phone)
        .filter((p): p is string => !!p)
        // Under every index key: a rotation may not have reached an earlier party's row yet.
        .flatMap((p) => partyPhoneIndexes(keys, p)),
    ),
  ];
  if (phones.length === 0) return [];
  const days = await readRepeatWindowDays(tx);
  return tx
    .selectDistinct({ id: disputes.id, number: disputes.number })
    .from(disputeParties)
    .innerJoin(disputes, eq(disputes.id, disputeParties.disputeId))
    .where(
      and(
        inArray(disputeParties.phoneIndex, phones),
        sql`${disputes.createdAt} > ${at.toISOString()}::timestamptz - make_interval(days => ${days})`,
      ),
    );
}

/**
 * A party named as a person of the register must be one the registering actor reads there: a
 * reveal of the parties' phones is filed under that person's reads, so an unchecked id would let
 * anyone write into a stranger's "who read my data". Out of scope or unknown alike: 404.
 */
async function checkRegisterParties(tx: Tx, actor: Actor, parties: PartyReq[]): Promise<void> {
  const ids = [...new Set(parties.map((p) => p.personId).filter((id): id is string => !!id))];
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(and(inArray(persons.id, ids), inRegisterScope(persons.regionPath, actor, "people.read")));
  const missing = ids.find((id) => !found.some((f) => f.id === id));
  if (missing !== undefined) throw new NotFoundError("Person", missing);
}

async function insertDispute(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  input: NewDispute,
): Promise<DisputeCreated> {
  const [type] = await tx
    .select()
    .from(disputeTypes)
    .where(and(eq(disputeTypes.code, input.typeCode), eq(disputeTypes.active, true)));
  if (!type) throw new BadRequestError("unknown_dispute_type", `There is no dispute type ${input.typeCode}.`);
  const committee = await committeeOfPlace(tx, input.place.regionPath);
  if (!committee) {
    throw new ConflictError(
      "no_committee",
      `No people's mediation committee covers ${input.place.regionCode}.`,
    );
  }
  if (input.mediatorId) await checkMediatorOf(tx, committee, input.mediatorId);
  await checkRegisterParties(tx, actor, input.parties);
  const now = new Date();
  const repeats = await repeatedDisputes(tx, keys, input.parties, now);
  const raised: RiskLevel = repeats.length >= 2 ? "major" : repeats.length === 1 ? "significant" : "general";
  const riskLevel = higher(input.riskLevel, raised);
  const [created] = await tx
    .insert(disputes)
    .values({
      number: await allocateDisputeNumber(tx, now),
      source: input.source,
      caseId: input.caseId,
      typeCode: type.code,
      facts: input.facts,
      amountInDispute: input.amountInDispute == null ? null : input.amountInDispute.toFixed(2),
      riskLevel,
      repeatAlertAt: repeats.length > 0 ? now : null,
      regionCode: input.place.regionCode,
      regionPath: input.place.regionPath,
      countyCode: input.place.countyCode,
      committeeId: committee.id,
      mediatorId: input.mediatorId ?? null,
      enteredByUserId: actor.userId,
      status: "registered",
    })
    .returning();
  if (!created) throw new Error("dispute insert returned nothing");
  await tx.insert(disputeParties).values(
    input.parties.map((p, position) => ({
      disputeId: created.id,
      role: p.role,
      name: p.name,
      ...sealPartyPhone(keys, p.phone),
      personId: p.personId ?? null,
      position,
    })),
  );
  await recordEvent(tx, {
    subjectType: DISPUTE_WORKFLOW.subjectType,
    subjectId: created.id,
    countyCode: created.countyCode,
    action: "register",
    fromStatus: null,
    toStatus: created.status,
    actor: { userId: actor.userId, orgId: actor.organisationId },
    data: {
      source: input.source,
      ...(input.caseId ? { caseId: input.caseId } : {}),
      ...(repeats.length > 0 ? { repeatOf: repeats.map((r) => r.number), raisedRisk: riskLevel } : {}),
    },
  });
  await notifyRegistered(
    tx,
    created,
    committee,
    repeats.map((r) => r.number),
  );
  // The risk, the event and the alerts above count every repeat in the city; the answer names only
  // those the registering actor may open (a number elsewhere would tell of a dispute they may not
  // see). How many others there are is not said either: the raised risk already says "repeated".
  const visible = await readableDisputeIds(
    tx,
    actor,
    repeats.map((r) => r.id),
  );
  return {
    id: created.id,
    number: created.number,
    status: created.status,
    riskLevel: created.riskLevel,
    committeeName: committee.name,
    repeatOf: repeats.filter((r) => visible.has(r.id)).map((r) => r.number),
    version: created.version,
  };
}

/** 409 mediator_elsewhere unless `mediatorId` is an active mediator of `committee`. */
export async function checkMediatorOf(tx: Tx, committee: CommitteeRow, mediatorId: string) {
  const mediator = await findMediator(tx, mediatorId);
  if (!mediator || !mediator.active || mediator.committeeId !== committee.id) {
    throw new ConflictError(
      "mediator_elsewhere",
      `Mediator ${mediatorId} is not a member of ${committee.name}.`,
    );
  }
  return mediator;
}

/** The committee's unit is told of a new dispute; the township centre of repeats and major risks. */
async function notifyRegistered(tx: Tx, d: DisputeRow, committee: CommitteeRow, repeatOf: string[]) {
  const rows: NotificationInput[] = [];
  const subject = { subjectType: DISPUTE_WORKFLOW.subjectType, subjectId: d.id, channel: "in_app" as const };
  const unit = await committeeUnitId(tx, committee);
  if (unit) {
    rows.push({
      ...subject,
      recipientOrgId: unit,
      kind: "dispute_registered",
      title: `新纠纷 ${d.number} 待调解`,
      body: `${committee.name}收到一件新纠纷，请指派调解员。`,
    });
  }
  if (d.mediatorId) {
    const mediator = await findMediator(tx, d.mediatorId);
    if (mediator?.userId) {
      rows.push({
        ...subject,
        recipientUserId: mediator.userId,
        kind: "dispute_assigned",
        title: `纠纷 ${d.number} 指派给您调解`,
        body: "请受理或说明理由退回。",
      });
    }
  }
  rows.push(...(await riskAlerts(tx, d, repeatOf)));
  await enqueueNotifications(tx, rows);
}

/**
 * 民转刑 prevention: a dispute of parties who came back within the window, or of major risk, is
 * told to the township centre over its place and to the county's police liaison.
 */
export async function riskAlerts(tx: Tx, d: DisputeRow, repeatOf: string[]): Promise<NotificationInput[]> {
  if (repeatOf.length === 0 && d.riskLevel !== "major") return [];
  const repeat = repeatOf.length > 0;
  const text = {
    kind: repeat ? "dispute_repeat_parties" : "dispute_major_risk",
    title: repeat ? `纠纷 ${d.number}：同一当事人再次发生纠纷` : `纠纷 ${d.number} 为重大风险纠纷`,
    body: repeat
      ? `当事人近期另有纠纷 ${repeatOf.join("、")}，风险等级已调为${d.riskLevel === "major" ? "重大" : "较大"}，请关注，防止民转刑。`
      : "请关注并协调调解，防止矛盾激化。",
  };
  const units = [await townshipCentreOver(tx, d.regionPath), await policeLiaisonOf(tx, d.countyCode)];
  return units
    .filter((u): u is string => u !== null)
    .map((recipientOrgId) => ({
      subjectType: DISPUTE_WORKFLOW.subjectType,
      subjectId: d.id,
      channel: "in_app" as const,
      recipientOrgId,
      ...text,
    }));
}

/** Registers a dispute found at a talk station, in a screening or on a visit. */
export async function registerDispute(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  body: RegisterDisputeReq,
): Promise<DisputeCreated> {
  const bindings = requirePermission(actor, "mediation.register");
  const [region] = await tx
    .select({ code: regions.code, path: sql<string>`${regions.path}::text`, countyCode: regions.countyCode })
    .from(regions)
    .where(and(eq(regions.code, body.regionCode), withinScopes(regions.path, bindings)));
  // A place outside your scope is as unknown as one that does not exist.
  if (!region) throw new NotFoundError("Region", body.regionCode);
  const { screeningTaskId, ...fields } = body;
  const created = await insertDispute(tx, actor, keys, {
    ...fields,
    caseId: null,
    place: { regionCode: region.code, regionPath: region.path, countyCode: region.countyCode },
  });
  // Found in the village's monthly screening: the task is recorded as found by it (or takes it).
  if (screeningTaskId) {
    await linkFoundDispute(
      tx,
      actor,
      screeningTaskId,
      { id: created.id, number: created.number, regionPath: region.path },
      new Date(),
    );
  }
  return created;
}

/**
 * Converts an appeal into a dispute: the case (in scope for cases.read and for the transfer) ends
 * as transferred to mediation in the same transaction, and the dispute keeps the link.
 */
export async function disputeFromCase(
  tx: Tx,
  actor: Actor,
  keys: PersonalDataKeys,
  body: DisputeFromCaseReq,
): Promise<DisputeCreated> {
  requirePermission(actor, "mediation.register");
  const bindings = bindingsFor(actor, "mediation.register").filter((b) =>
    bindingsFor(actor, "cases.read").includes(b),
  );
  const caseRow = await lockCaseForTransfer(tx, body.caseRef, bindings, body.caseVersion);
  const [already] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.caseId, caseRow.id), ne(disputes.status, "archived")));
  if (already) throw new ConflictError("illegal_transition", `Case ${caseRow.number} is already a dispute.`);
  const created = await insertDispute(tx, actor, keys, {
    ...body,
    source: "appeal",
    caseId: caseRow.id,
    facts: body.facts ?? caseRow.description,
    place: { regionCode: caseRow.regionCode, regionPath: caseRow.regionPath, countyCode: caseRow.countyCode },
  });
  await transferCaseToMediation(tx, actor, caseRow, { ...created });
  return created;
}
