/**
 * The actions a person is offered on a case: the state table's actions for its status that one of
 * their roles carries in scope, narrowed to what fits the unit they act for (#9 item 11). A
 * township dispatcher who may see a grid post's case is not offered the grid post's handling
 * actions; respond goes once the resident has been contacted; report only appears for a
 * department whistled in that has not reported; nobody verifies their own reply.
 */
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, pathWithin, type Permission } from "../../core/access/policy.js";
import { offeredActions as offeredOf } from "../../core/workflow/offered-actions.js";
import { actionPermissions } from "../../core/workflow/workflow.js";
import { CASE_WORKFLOW, type CaseAction } from "./state-table.js";
import type { CaseRow } from "./transition.js";

/** Which permission each staff action needs, from the state table (the matrix test reads it). */
export const ACTION_PERMISSIONS = actionPermissions(CASE_WORKFLOW);

/** True when one of the actor's bindings for `permission` covers the case (as policy.ts does in SQL). */
export function holdsOnCase(
  actor: Actor,
  permission: Permission,
  row: Pick<CaseRow, "regionPath" | "assignedOrgId" | "leadOrgId">,
  ctx: {
    whistles: readonly { unitId: string }[];
    timeline: readonly { unitId: string | null }[];
    /** The region path of the unit holding the case (a case placed above a scope is seen through it). */
    assignedUnitPath?: string | null;
  },
): boolean {
  const held = ctx.assignedUnitPath ?? null;
  return bindingsFor(actor, permission).some((b) => {
    if (b.scopeDepartmentId === null) {
      return (
        pathWithin(row.regionPath, b.scopePath) ||
        (held !== null && pathWithin(b.scopePath, row.regionPath) && pathWithin(held, b.scopePath))
      );
    }
    const d = b.scopeDepartmentId;
    return (
      row.assignedOrgId === d ||
      row.leadOrgId === d ||
      ctx.whistles.some((w) => w.unitId === d) ||
      ctx.timeline.some((e) => e.unitId === d)
    );
  });
}

/** Actions only the unit holding the case takes (the server answers 403 not_assigned_unit otherwise). */
const ASSIGNED_UNIT_ACTIONS: ReadonlySet<CaseAction> = new Set([
  "respond",
  "reply",
  "send_back",
  "escalate",
  "whistle",
  "request_extension",
]);

export interface OfferFacts {
  /** The ids of the units the actor handles cases for (`actorUnits(…, "cases.handle")`). */
  handleUnitIds: readonly string[];
  whistles: readonly { unitId: string; reportedAt: Date | string | null }[];
  /** The case's events so far, oldest first (only `action` and `actorId` are read). */
  timeline: readonly { action: string; actorId: string | null; unitId: string | null }[];
  assignedUnitPath?: string | null;
}

/** The user who wrote the reply that is awaiting verification now, or null. */
export function lastReplyAuthor(timeline: OfferFacts["timeline"]): string | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    if (timeline[i]?.action === "reply") return timeline[i]?.actorId ?? null;
  }
  return null;
}

/** The actions of the state table open to this actor on this case now, fitted to their unit. */
export function offeredActions(
  actor: Actor,
  row: Pick<CaseRow, "status" | "regionPath" | "assignedOrgId" | "leadOrgId" | "respondedAt">,
  facts: OfferFacts,
): CaseAction[] {
  const holdsAssigned = row.assignedOrgId !== null && facts.handleUnitIds.includes(row.assignedOrgId);
  return offeredOf(CASE_WORKFLOW, row.status, {
    holds: (permission) => holdsOnCase(actor, permission, row, facts),
    fits: (a) => {
      if (ASSIGNED_UNIT_ACTIONS.has(a) && !holdsAssigned) return false;
      switch (a) {
        case "respond":
          return row.respondedAt === null;
        case "report":
          return facts.whistles.some((w) => w.reportedAt === null && facts.handleUnitIds.includes(w.unitId));
        case "verify":
          return lastReplyAuthor(facts.timeline) !== actor.userId;
        default:
          return true;
      }
    },
  });
}
