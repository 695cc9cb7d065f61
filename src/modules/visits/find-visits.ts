/**
 * The visits as people read them: the work list (planned by deadline, overdue first; done, the
 * latest first) and one visit with its findings, photos, the appeal raised from it and its
 * timeline. Every query is filtered by `visitsVisibleThrough` (scope and population type), and a
 * person is shown through the register's own summaries (masked numbers, visible tags only).
 */
import { and, asc, count, desc, eq, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { attachments, cases, regions, users, workflowEvents } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor } from "../../core/access/policy.js";
import { personSummaries } from "../people/index.js";
import { disputes } from "../mediation/index.js";
import { populationTypes } from "../people/index.js";
import { findVisibleVisit, visitBindings, visitsVisibleThrough } from "./policy.js";
import { visits } from "./schema.js";
import type { VisitDetailView, VisitListReq, VisitSummaryView } from "./schemas.js";
import { offeredVisitActions, VISIT_WORKFLOW } from "./state-table.js";
import type { VisitRow } from "./store.js";

/** The end (exclusive) of China-time day `day` as an instant. */
export function endOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
}

/** `path` lies in the region `code` (any level). */
export function inRegion(code: string | undefined): SQL | undefined {
  if (code === undefined) return undefined;
  return sql`${visits.regionPath} <@ (select r.path from regions r where r.code = ${code})`;
}

type Joined = {
  v: VisitRow;
  type: typeof populationTypes.$inferSelect;
  regionName: string;
  caseNumber: string | null;
  visitorName: string | null;
};

async function summaries(db: Db, actor: Actor, rows: Joined[]): Promise<VisitSummaryView[]> {
  const people = await db.transaction((tx) =>
    personSummaries(tx, actor, [...new Set(rows.map((r) => r.v.personId))]),
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map(({ v, type, regionName, caseNumber, visitorName }) => ({
    id: v.id,
    status: v.status,
    version: v.version,
    type: { code: type.code, group: type.group, nameZh: type.nameZh, nameEn: type.nameEn },
    person: byId.get(v.personId) ?? null,
    region: { code: v.regionCode, name: regionName },
    dueAt: v.dueAt.toISOString(),
    overdue: v.status === "planned" && v.dueAt.getTime() <= Date.now(),
    visitedAt: v.visitedAt?.toISOString() ?? null,
    onTime: v.visitedAt ? v.visitedAt.getTime() <= v.dueAt.getTime() : null,
    method: v.method,
    findings: v.findings,
    visitedBy: visitorName,
    caseNumber,
  }));
}

const joinedColumns = {
  v: visits,
  type: populationTypes,
  regionName: regions.name,
  caseNumber: cases.number,
  visitorName: users.displayName,
};

function joined(db: Db) {
  return db
    .select(joinedColumns)
    .from(visits)
    .innerJoin(populationTypes, eq(populationTypes.code, visits.typeCode))
    .innerJoin(regions, eq(regions.code, visits.regionCode))
    .leftJoin(cases, eq(cases.id, visits.caseId))
    .leftJoin(users, eq(users.id, visits.visitedByUserId));
}

/** The visits of the actor's scope that they may see, paged, with the total. */
export async function findVisits(
  db: Db,
  actor: Actor | null,
  q: VisitListReq,
  now = new Date(),
  extra?: SQL,
): Promise<{ items: VisitSummaryView[]; total: number }> {
  const bindings = visitBindings(actor, "visits.read");
  const who = actor as Actor;
  const state =
    q.state === "done"
      ? eq(visits.status, "done")
      : q.state === "overdue"
        ? and(eq(visits.status, "planned"), lte(visits.dueAt, now))
        : q.state === "planned"
          ? eq(visits.status, "planned")
          : undefined;
  const where = and(
    visitsVisibleThrough(bindings),
    state,
    inRegion(q.region),
    q.caseId ? eq(visits.caseId, q.caseId) : undefined,
    q.personId ? eq(visits.personId, q.personId) : undefined,
    extra,
    q.dueBy ? and(eq(visits.status, "planned"), sql`${visits.dueAt} < ${endOfChinaDay(q.dueBy)}`) : undefined,
  );
  const order =
    q.state === "done" ? [desc(visits.visitedAt), asc(visits.id)] : [asc(visits.dueAt), asc(visits.id)];
  const [rows, [total]] = await Promise.all([
    joined(db)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(visits).where(where),
  ]);
  return { items: await summaries(db, who, rows), total: total?.n ?? 0 };
}

/** One visit the actor may see (404 otherwise), with what was found, its photos, appeal and timeline. */
export async function getVisit(db: Db, actor: Actor | null, id: string): Promise<VisitDetailView> {
  const bindings = visitBindings(actor, "visits.read");
  const who = actor as Actor;
  await findVisibleVisit(db, id, bindings);
  const [row] = await joined(db).where(eq(visits.id, id));
  if (!row) throw new Error("visible visit vanished");
  const [summary] = await summaries(db, who, [row]);
  if (!summary) throw new Error("visit summary missing");
  const [photos, events, visitor, raised, registered] = await Promise.all([
    db
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(eq(attachments.subjectType, VISIT_WORKFLOW.subjectType), eq(attachments.subjectId, id)))
      .orderBy(asc(attachments.createdAt)),
    db
      .select({ e: workflowEvents, actor: users.displayName })
      .from(workflowEvents)
      .leftJoin(users, eq(users.id, workflowEvents.actorUserId))
      .where(
        and(eq(workflowEvents.subjectType, VISIT_WORKFLOW.subjectType), eq(workflowEvents.subjectId, id)),
      )
      .orderBy(asc(workflowEvents.at), asc(workflowEvents.id)),
    row.v.visitedByUserId
      ? db.select({ name: users.displayName }).from(users).where(eq(users.id, row.v.visitedByUserId))
      : Promise.resolve([]),
    row.v.caseId
      ? db
          .select({ id: cases.id, number: cases.number, status: cases.status })
          .from(cases)
          .where(eq(cases.id, row.v.caseId))
      : Promise.resolve([]),
    row.v.disputeId
      ? db
          .select({ id: disputes.id, number: disputes.number, status: disputes.status })
          .from(disputes)
          .where(eq(disputes.id, row.v.disputeId))
      : Promise.resolve([]),
  ]);
  // Actions offered: the state table's, for permissions held where the visit lies.
  const recordable = bindingsFor(who, "visits.record").some((b) => row.v.regionPath.startsWith(b.scopePath));
  const offered = recordable ? offeredVisitActions(row.v) : [];
  return {
    ...summary,
    location: row.v.lon !== null && row.v.lat !== null ? { lon: row.v.lon, lat: row.v.lat } : null,
    findings: row.v.findings,
    visitedBy: visitor[0]?.name ?? null,
    photoIds: photos.map((p) => p.id),
    case: raised[0] ?? null,
    dispute: registered[0] ?? null,
    allowedActions: offered,
    events: events.map(({ e, actor: name }) => ({
      action: e.action,
      at: e.at.toISOString(),
      actor: name ?? e.actorLabel,
      note: e.note,
    })),
  };
}
