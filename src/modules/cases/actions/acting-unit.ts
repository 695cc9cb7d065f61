/**
 * Which unit an actor acts for. A user whose role works cases (policy `cases.unit_work`) belongs
 * to the unit named on their account (`users.organisation_id`) and to the unit at each of their
 * binding scopes: the grid post of their grid, the village committee of their village, the
 * township centre of their township (the county or city centre likewise), their department. On a
 * case, the unit they act for is the assigned one if it is theirs, else a department of theirs
 * whistled in, else their unit that covers the case's place.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { caseWhistles } from "../../../db/schema.js";
import { AppError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { pathWithin, type Permission } from "../../../core/access/policy.js";
import type { CaseRow } from "../transition.js";
import { actorUnits } from "../../../core/units/actor-units.js";
import type { Unit } from "../../../core/units/units.js";

/** How the acting unit stands to the case. */
export type UnitRelation = "assigned" | "whistled" | "covering";

export interface ActingUnit {
  unit: Unit;
  relation: UnitRelation;
}

/** The unit `actor` acts for on `caseRow` when using `permission`, or null when none of theirs fits. */
export async function actingUnitFor(
  tx: Tx,
  actor: Actor,
  caseRow: CaseRow,
  permission: Permission,
): Promise<ActingUnit | null> {
  const units = await actorUnits(tx, actor, permission);
  const assigned = units.find((u) => u.id === caseRow.assignedOrgId);
  if (assigned) return { unit: assigned, relation: "assigned" };
  const departments = units.filter((u) => u.kind === "department");
  if (departments.length > 0) {
    const [whistle] = await tx
      .select({ orgId: caseWhistles.orgId })
      .from(caseWhistles)
      .where(
        and(
          eq(caseWhistles.caseId, caseRow.id),
          inArray(
            caseWhistles.orgId,
            departments.map((d) => d.id),
          ),
        ),
      )
      .orderBy(sql`${caseWhistles.reportedAt} is not null`)
      .limit(1);
    const whistled = whistle && departments.find((d) => d.id === whistle.orgId);
    if (whistled) return { unit: whistled, relation: "whistled" };
  }
  // The deepest of their units whose region holds the case: e.g. the township centre of a dispatcher.
  const covering = units
    .filter((u) => u.kind !== "department" && pathWithin(caseRow.regionPath, u.regionPath))
    .sort((a, b) => b.regionPath.length - a.regionPath.length)[0];
  return covering ? { unit: covering, relation: "covering" } : null;
}

/**
 * The actor's unit when it is the case's assigned unit; otherwise 403: they may see the case
 * (so nothing leaks) but only the unit holding it works it.
 */
export async function requireAssignedUnit(
  tx: Tx,
  actor: Actor,
  caseRow: CaseRow,
  permission: Permission,
): Promise<Unit> {
  const acting = await actingUnitFor(tx, actor, caseRow, permission);
  if (acting?.relation !== "assigned") {
    throw new AppError(
      403,
      "not_assigned_unit",
      `Case ${caseRow.number} is not assigned to your unit; only the assigned unit works it.`,
    );
  }
  return acting.unit;
}
