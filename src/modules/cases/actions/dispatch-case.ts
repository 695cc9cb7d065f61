import { and, eq, or } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { organisations } from "../../../db/schema.js";
import { BadRequestError, NotFoundError } from "../../../shared/errors.js";
import type { Actor, Binding } from "../../../core/access/actor.js";
import { bindingsFor, pathWithin } from "../../../core/access/policy.js";
import { containingScopes, withinScopes } from "../../../core/access/scope.js";
import { transition } from "../transition.js";
import { actingUnitFor } from "./acting-unit.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, DispatchReq } from "./schemas.js";
import { levelOfUnit, UNIT_COLUMNS, type Unit } from "../../../core/units/units.js";

/**
 * A unit a dispatcher may send work to: one inside their scope, or a department above it (a
 * township centre dispatches to its county's and city's departments). Otherwise 404.
 */
async function findDispatchTarget(tx: Tx, bindings: readonly Binding[], orgId: string): Promise<Unit> {
  const departments = bindings.map((b) => b.scopeDepartmentId).filter((d): d is string => d !== null);
  const regionBindings = bindings.filter((b) => b.scopeDepartmentId === null);
  const [unit] = await tx
    .select(UNIT_COLUMNS)
    .from(organisations)
    .where(
      and(
        eq(organisations.id, orgId),
        or(
          withinScopes(organisations.regionPath, regionBindings),
          and(
            eq(organisations.kind, "department"),
            containingScopes(organisations.regionPath, regionBindings),
          ),
          ...departments.map((d) => eq(organisations.id, d)),
        ),
      ),
    );
  if (!unit) throw new NotFoundError("Organisation", orgId);
  return unit;
}

/**
 * 派单 / 改派: sends a case in triage (dispatch) or already at a unit (redispatch) to a unit.
 * The handling level follows the unit; 首接负责: the first unit that received it stays its lead.
 */
export async function dispatchCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: DispatchReq & { action: "dispatch" | "redispatch" },
): Promise<ActionResult> {
  return runCaseAction(db, actor, ref, "cases.dispatch", input, async ({ tx, actor, caseRow }) => {
    const target = await findDispatchTarget(tx, bindingsFor(actor, "cases.dispatch"), input.orgId);
    const servesPlace =
      pathWithin(caseRow.regionPath, target.regionPath) || pathWithin(target.regionPath, caseRow.regionPath);
    if (!servesPlace) {
      throw new BadRequestError(
        "unit_elsewhere",
        `${target.name} does not serve the place of case ${caseRow.number}.`,
        [{ field: "body.orgId", message: "the unit's region neither contains nor lies inside the case's" }],
      );
    }
    if (target.id === caseRow.assignedOrgId && caseRow.status !== "triage") {
      throw new BadRequestError("already_assigned", `Case ${caseRow.number} is already at ${target.name}.`, [
        { field: "body.orgId", message: "the case is already assigned to this unit" },
      ]);
    }
    const acting = await actingUnitFor(tx, actor, caseRow, "cases.dispatch");
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: input.action,
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      set: {
        assignedOrgId: target.id,
        handlingLevel: levelOfUnit(target.kind),
        leadOrgId: caseRow.leadOrgId ?? target.id,
      },
      note: input.note ?? null,
      data: { orgId: target.id, orgName: target.name, fromOrgId: caseRow.assignedOrgId },
    });
    await notifyUnits(tx, caseRow, [target.id], {
      kind: input.action,
      title: `新派发案件 ${caseRow.number}`,
      body: `案件 ${caseRow.number} 已派至${target.name}，请及时联系群众并办理。${input.note ? `\n${input.note}` : ""}`,
      data: { unit: target.name, ...(input.note ? { note: input.note } : {}) },
    });
    return presentActionResult(result);
  });
}
