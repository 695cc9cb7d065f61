/**
 * The grid worker's two actions on a visit, each through the core's `runAction` (permission →
 * transaction → the visit loaded and locked in the scope of that permission and visible by its
 * type, 404 otherwise → 409 stale or illegal) and `transition()`:
 *
 * - record: time (not in the future, nor backdated), GPS point (inside the city), method, findings and photos (claimed for the
 *   visit's event); the next visit of the same tag is planned in the same transaction;
 * - raise an appeal about what was found: a patrol-channel case at the visit's place (or its GPS
 *   point), entered by the grid worker, linked both ways (`visits.case_id`, and the case's id on
 *   the visit's event); once per visit.
 */
import { and, eq, max } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import { personHome, personPopulationTags } from "../people/index.js";
import type { Actor } from "../../core/access/actor.js";
import { runAction } from "../../core/workflow/run-action.js";
import { checkMove, transition } from "../../core/workflow/transition.js";
import { BadRequestError, ConflictError } from "../../shared/errors.js";
import { claimAttachments } from "../attachments/index.js";
import { gridOfCityPoint, planIntake, writeIntake, type IntakePlan } from "../cases/index.js";
import { linkRaisedCase } from "../case-links/index.js";
import { planVisits } from "./plan-visits.js";
import { findVisibleVisit, visitBindings } from "./policy.js";
import { visits } from "./schema.js";
import {
  VISIT_BACKDATE_DAYS,
  type RaiseAppealReq,
  type RecordVisitReq,
  type VisitActionResult,
} from "./schemas.js";
import { offeredVisitActions, VISIT_WORKFLOW, type VisitAction } from "./state-table.js";
import { VISIT_STORE, type VisitRow } from "./store.js";

/** Clock skew a phone may have: a visit "in the future" by less than this is taken as now. */
const SKEW_MS = 5 * 60_000;

function frame<T>(
  db: Db,
  actor: Actor | null,
  id: string,
  action: VisitAction,
  version: number,
  act: (f: { tx: Tx; actor: Actor; visit: VisitRow }) => Promise<T>,
): Promise<T> {
  return runAction(
    db,
    actor,
    {
      workflow: VISIT_WORKFLOW,
      action,
      version,
      load: (tx, bindings) =>
        findVisibleVisit(
          tx,
          id,
          bindings.filter((b) => b.scopeDepartmentId === null),
          { lock: true },
        ),
      label: (row) => VISIT_STORE.label(row),
      offered: (row: VisitRow) => offeredVisitActions(row),
    },
    ({ tx, actor: who, subject }) => act({ tx, actor: who, visit: subject }),
  );
}

export async function recordVisit(
  db: Db,
  actor: Actor | null,
  id: string,
  body: RecordVisitReq,
  now = new Date(),
): Promise<VisitActionResult> {
  const visitedAt = body.visitedAt ? new Date(body.visitedAt) : now;
  if (visitedAt.getTime() > now.getTime() + SKEW_MS) {
    throw badVisitedAt("A visit cannot be recorded in the future.", "must not be in the future");
  }
  if (visitedAt.getTime() < now.getTime() - VISIT_BACKDATE_DAYS * 86_400_000) {
    throw badVisitedAt(
      `A visit can be dated at most ${VISIT_BACKDATE_DAYS} days back.`,
      `must not be more than ${VISIT_BACKDATE_DAYS} days ago`,
    );
  }
  // The appeal raised from a visit is placed at its point: one outside the city could never be raised.
  if (body.location) await gridOfCityPoint(db, body.location, "location");
  return frame(db, actor, id, "record", body.version, async ({ tx, actor: who, visit }) => {
    const earliest = await earliestVisitTime(tx, visit.tagId);
    if (earliest && visitedAt.getTime() < earliest.getTime()) {
      throw badVisitedAt(
        "A visit cannot be dated before the previous visit of the same tag or before the tag's start.",
        `must not be before ${earliest.toISOString()}`,
      );
    }
    const moved = await transition(tx, VISIT_WORKFLOW, VISIT_STORE, {
      subjectId: visit.id,
      action: "record",
      actor: { userId: who.userId, orgId: who.organisationId },
      expectedVersion: body.version,
      set: {
        visitedAt,
        method: body.method,
        lon: body.location?.lon ?? null,
        lat: body.location?.lat ?? null,
        findings: body.findings,
        visitedByUserId: who.userId,
      },
      data: { method: body.method, onTime: visitedAt.getTime() <= visit.dueAt.getTime() },
    });
    await claimAttachments(
      tx,
      body.attachmentIds,
      { subjectType: VISIT_WORKFLOW.subjectType, subjectId: visit.id, eventId: moved.event.id },
      { userId: who.userId },
    );
    await planVisits(tx, now, { tagIds: [visit.tagId] });
    const [next] = await tx
      .select({ id: visits.id, dueAt: visits.dueAt })
      .from(visits)
      .where(and(eq(visits.tagId, visit.tagId), eq(visits.status, "planned")));
    return {
      id: moved.subject.id,
      status: moved.subject.status,
      version: moved.subject.version,
      nextVisit: next ? { id: next.id, dueAt: next.dueAt.toISOString() } : null,
      case: null,
    };
  });
}

function badVisitedAt(message: string, fieldMessage: string): BadRequestError {
  return new BadRequestError("validation_failed", message, [{ field: "visitedAt", message: fieldMessage }]);
}

/**
 * When this visit became due-able: the later of the tag's previous recorded visit and the tag's
 * start (its `since` day, China time). A visit dated earlier belongs to neither period.
 */
async function earliestVisitTime(tx: Tx, tagId: string): Promise<Date | null> {
  const [tag] = await tx
    .select({ since: personPopulationTags.since })
    .from(personPopulationTags)
    .where(eq(personPopulationTags.id, tagId));
  const [prev] = await tx
    .select({ at: max(visits.visitedAt) })
    .from(visits)
    .where(and(eq(visits.tagId, tagId), eq(visits.status, "done")));
  const times = [tag ? new Date(`${tag.since}T00:00:00+08:00`) : null, prev?.at ?? null].filter(
    (d): d is Date => d !== null,
  );
  return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}

/** What the appeal needs, read before its transaction: the checks a retry would repeat, and the intake plan. */
export interface AppealPlan {
  intake: IntakePlan;
}

/**
 * Checks the visit (404 outside scope or hidden, 409 stale / not recorded yet / already raised)
 * and plans the appeal (`planIntake`: validation, routing, deadlines) outside any transaction.
 */
export async function prepareAppeal(
  db: Db,
  actor: Actor | null,
  id: string,
  body: RaiseAppealReq,
): Promise<AppealPlan> {
  const bindings = visitBindings(actor, "visits.record");
  const who = actor as Actor;
  const visit = await findVisibleVisit(db, id, bindings);
  checkMove(
    VISIT_WORKFLOW,
    visit,
    VISIT_STORE.label(visit),
    "raise_appeal",
    body.version,
    undefined,
    offeredVisitActions(visit),
  );
  if (visit.caseId !== null) throw alreadyRaised();
  // The appeal is about the visited person's home: it is placed at the visit's GPS point only when
  // that point lies in the person's own grid or village (a visit by phone, or a form filled in
  // later elsewhere, would send it to another township); else at the household's building when
  // the register has its point there (the problem is at that household and its grid worker is
  // responsible for it, so it lands in that grid); otherwise in the person's village.
  const [place] = await db
    .select({ level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(eq(regions.code, visit.regionCode));
  const village = place?.level === "grid" ? place.parentCode : visit.regionCode;
  const gps = visit.lon !== null && visit.lat !== null ? { lon: visit.lon, lat: visit.lat } : null;
  const gpsGrid = gps ? await gridOfCityPoint(db, gps, "location") : null;
  const point =
    (gpsGrid && (gpsGrid.code === visit.regionCode || gpsGrid.villageCode === village) ? gps : null) ??
    (await homePoint(db, visit.personId, village));
  const intake = await planIntake(
    db,
    {
      channel: "patrol",
      description: body.description ?? visit.findings ?? "",
      categoryCode: body.categoryCode ?? null,
      urgent: body.urgent ?? false,
      location: point,
      regionCode: point ? null : village,
    },
    { enteredBy: { userId: who.userId, orgId: who.organisationId } },
  );
  return { intake };
}

/**
 * The map point of the person's current home (their household's building), when the register has
 * one that lies in a grid of the building's own grid or of the person's village; else null.
 */
async function homePoint(
  db: Db,
  personId: string,
  village: string | null,
): Promise<{ lon: number; lat: number } | null> {
  const home = await personHome(db, personId);
  if (!home?.point) return null;
  // A building point outside the city (a typo in an import) places nothing: the village stands.
  const grid = await gridOfCityPoint(db, home.point, "location").catch((err: unknown) => {
    if (err instanceof BadRequestError) return null;
    throw err;
  });
  return grid && (grid.code === home.gridCode || grid.villageCode === village) ? home.point : null;
}

function alreadyRaised(): ConflictError {
  return new ConflictError("appeal_already_raised", "An appeal has already been raised from this visit.");
}

/** Writes the prepared appeal and the visit's link in the caller's (idempotent) transaction. */
export async function raiseAppeal(
  tx: Tx,
  actor: Actor | null,
  id: string,
  body: RaiseAppealReq,
  plan: AppealPlan,
): Promise<VisitActionResult> {
  const bindings = visitBindings(actor, "visits.record");
  const who = actor as Actor;
  const visit = await findVisibleVisit(tx, id, bindings, { lock: true });
  checkMove(
    VISIT_WORKFLOW,
    visit,
    VISIT_STORE.label(visit),
    "raise_appeal",
    body.version,
    undefined,
    offeredVisitActions(visit),
  );
  if (visit.caseId !== null) throw alreadyRaised();
  const raised = await writeIntake(tx, plan.intake);
  await linkRaisedCase(tx, who, raised.case.id, visit.personId);
  const moved = await transition(tx, VISIT_WORKFLOW, VISIT_STORE, {
    subjectId: visit.id,
    action: "raise_appeal",
    actor: { userId: who.userId, orgId: who.organisationId },
    expectedVersion: body.version,
    set: { caseId: raised.case.id },
    data: { caseId: raised.case.id, caseNumber: raised.case.number },
  });
  return {
    id: moved.subject.id,
    status: moved.subject.status,
    version: moved.subject.version,
    nextVisit: null,
    case: { id: raised.case.id, number: raised.case.number },
  };
}
