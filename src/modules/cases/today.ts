/**
 * "Today" on a person's home page: the counts of what waits for them, each from the list it opens.
 * A count the person's roles have nothing to do with is null (the page leaves it out).
 *
 * - toDispatch / sentBack (cases.dispatch): their centre's dispatch queue (GET /cases?queue=mine),
 *   and those of it a unit sent back (退单);
 * - dueToday / overdue (a unit's work): their units' cases being worked (the work list) whose
 *   running deadline — response until someone responded, then handling — falls before midnight
 *   China time / has passed;
 * - awaitingEvaluation: replied cases waiting for the resident's evaluation — the follow-up list
 *   (cases.follow_up), else the replies of their own units;
 * - overdueInScope (cases.supervise): the supervision board's overdue cases in their scope.
 */
import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor } from "../../core/access/policy.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { dispatchQueueOf } from "./find-cases.js";
import { casesVisibleThrough } from "./policy.js";
import type { Today } from "./schemas.js";
import { chinaMidnightAfter, runningDue } from "./work-lists.js";

export { chinaMidnightAfter };

async function countWhere(db: Db, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases).where(where);
  return row?.n ?? 0;
}

export async function findToday(db: Db, actor: Actor, now = new Date()): Promise<Today> {
  const today: Today = {
    toDispatch: null,
    sentBack: null,
    dueToday: null,
    overdue: null,
    awaitingEvaluation: null,
    overdueInScope: null,
  };
  const at = sql`${now.toISOString()}::timestamptz`;

  if (bindingsFor(actor, "cases.dispatch").length > 0) {
    const queue = await dispatchQueueOf(db, actor);
    today.toDispatch = await countWhere(db, queue);
    today.sentBack = await countWhere(
      db,
      and(
        queue,
        sql`exists (select 1 from case_events e where e.case_id = ${cases.id} and e.action = 'send_back')`,
      ),
    );
  }

  const units = bindingsFor(actor, "cases.unit_work").length > 0 ? await actorUnits(db, actor) : [];
  const unitIds = units.map((u) => u.id);
  const worked =
    unitIds.length > 0
      ? and(inArray(cases.status, ["dispatched", "handling"]), inArray(cases.assignedOrgId, unitIds))
      : undefined;
  if (worked) {
    today.overdue = await countWhere(db, and(worked, sql`${runningDue} < ${at}`));
    today.dueToday = await countWhere(
      db,
      and(
        worked,
        sql`${runningDue} >= ${at}`,
        sql`${runningDue} < ${chinaMidnightAfter(now).toISOString()}::timestamptz`,
      ),
    );
  }

  const followUp = bindingsFor(actor, "cases.follow_up");
  if (followUp.length > 0) {
    today.awaitingEvaluation = await countWhere(
      db,
      and(eq(cases.status, "replied"), casesVisibleThrough(followUp)),
    );
  } else if (unitIds.length > 0) {
    today.awaitingEvaluation = await countWhere(
      db,
      and(eq(cases.status, "replied"), inArray(cases.assignedOrgId, unitIds)),
    );
  }

  const supervise = bindingsFor(actor, "cases.supervise");
  if (supervise.length > 0) {
    today.overdueInScope = await countWhere(
      db,
      and(
        inArray(cases.status, ["triage", "dispatched", "handling"]),
        casesVisibleThrough(supervise),
        sql`${runningDue} < ${at}`,
      ),
    );
  }
  return today;
}
