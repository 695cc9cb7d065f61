/**
 * The intake desk (来电/来访受理) of operators and talk-station staff: the duplicate check while a
 * call is typed, answering an appeal on the spot (当场办结), and the follow-up call list (回访).
 * The caller's earlier appeals are the case list searched by phone (GET /cases?phone=…), which
 * checks who may search by phone and logs every case it finds as a read of personal data.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { caseEvents, cases } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { actorWith, bindingsFor, pathWithin } from "../../core/access/policy.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { levelOfUnit, type Unit } from "../../core/units/units.js";
import { listCases, pageOf } from "./find-cases.js";
import type { IntakeResult } from "./intake.js";
import { casesVisibleThrough } from "./policy.js";
import { presentListItem } from "./present-case.js";
import type { DuplicateCandidates, DuplicateCandidatesReq, FollowUpList } from "./schemas.js";
import { OPEN_STATUSES } from "./state-table.js";
import { transition } from "./transition.js";

/** The unit a desk worker answers for on a case: the deepest of theirs whose region holds it. */
async function deskUnit(tx: Tx, actor: Actor, regionPath: string): Promise<Unit | null> {
  const units = await actorUnits(tx, actor, "cases.intake");
  const covering = units
    .filter((u) => u.kind !== "department" && pathWithin(regionPath, u.regionPath))
    .sort((a, b) => b.regionPath.length - a.regionPath.length)[0];
  return covering ?? units.find((u) => u.id === actor.organisationId) ?? units[0] ?? null;
}

/**
 * 当场办结, inside the intake transaction: the case just written moves to closed with the answer
 * as its reply, held and led by the desk's own unit. Responded and replied at intake (on time);
 * not evaluated (the resident did not rate it), so the resolution and satisfaction rates, which
 * count evaluations, leave it out.
 */
export async function answerOnSpot(
  tx: Tx,
  actor: Actor,
  result: IntakeResult,
  answer: string,
): Promise<IntakeResult> {
  const created = result.case;
  const unit = await deskUnit(tx, actor, created.regionPath);
  const at = created.createdAt;
  const level = unit ? levelOfUnit(unit.kind) : created.handlingLevel;
  const moved = await transition(tx, {
    caseId: created.id,
    action: "answer_on_spot",
    actor: { userId: actor.userId, orgId: unit?.id ?? null },
    to: "closed",
    set: {
      assignedOrgId: unit?.id ?? created.assignedOrgId,
      leadOrgId: unit?.id ?? created.leadOrgId,
      handlingLevel: level,
      solvedLevel: level,
      respondedAt: at,
      repliedAt: at,
      closedAt: at,
    },
    note: answer,
    data: { channel: created.channel },
  });
  return {
    ...result,
    case: moved.case,
    assignedUnit: unit ? { id: unit.id, name: unit.name } : result.assignedUnit,
  };
}

/**
 * Possible duplicates while a call is typed: the open cases of the category located in the
 * chosen region, received lately, that the desk worker may see. Filing stays their decision.
 */
export async function findDuplicateCandidates(
  db: Db,
  actor: Actor | null,
  query: DuplicateCandidatesReq,
): Promise<DuplicateCandidates> {
  const desk = actorWith(actor, "cases.intake");
  const { rows } = await listCases(db, desk, {
    category: query.category,
    region: query.region,
    status: [...OPEN_STATUSES],
    createdFrom: new Date(Date.now() - query.days * 24 * 3_600_000).toISOString(),
    sort: "created",
    page: 1,
    pageSize: 10,
  });
  return { items: rows.map(presentListItem) };
}

/**
 * 回访: the replied cases in the follow-up scope of `actor`, waiting for the resident's
 * evaluation, oldest reply first, each with the unit's reply to read out. The evaluation given on
 * the call is recorded through the evaluate action (as the resident's, by "follow_up").
 */
export async function findFollowUps(
  db: Db,
  actor: Actor | null,
  page: number,
  pageSize: number,
): Promise<FollowUpList> {
  const desk = actorWith(actor, "cases.follow_up");
  const where = and(eq(cases.status, "replied"), casesVisibleThrough(bindingsFor(desk, "cases.follow_up")));
  const { rows, total } = await pageOf(
    db,
    where,
    [sql`${cases.repliedAt} asc nulls last`, asc(cases.id)],
    page,
    pageSize,
  );
  const ids = rows.map((r) => r.id);
  const facts =
    ids.length === 0
      ? []
      : await db
          .select({ id: cases.id, version: cases.version, repliedAt: cases.repliedAt })
          .from(cases)
          .where(inArray(cases.id, ids));
  const replies =
    ids.length === 0
      ? []
      : await db
          .selectDistinctOn([caseEvents.caseId], { caseId: caseEvents.caseId, note: caseEvents.note })
          .from(caseEvents)
          .where(and(inArray(caseEvents.caseId, ids), eq(caseEvents.action, "reply")))
          .orderBy(caseEvents.caseId, desc(caseEvents.id));
  const factOf = new Map(facts.map((f) => [f.id, f]));
  const replyOf = new Map(replies.map((r) => [r.caseId, r.note]));
  return {
    items: rows.map((r) => {
      const f = factOf.get(r.id);
      return {
        ...presentListItem(r),
        version: f?.version ?? 0,
        repliedAt: f?.repliedAt ? f.repliedAt.toISOString() : null,
        reply: replyOf.get(r.id) ?? null,
      };
    }),
    total,
    page,
    pageSize,
  };
}
