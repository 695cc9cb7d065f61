/**
 * Which cases an actor may see, as a SQL condition for the query's `where`: a case outside it is
 * "not found". Region bindings see the cases located in their subtree, and the cases placed
 * above it that a unit inside it holds; department bindings see
 * the cases their department is or was part of (assigned, leading, whistled in, or acted on).
 * The reporter of a case sees it apart from these, in the resident's view (see `ownCase`).
 */
import { eq, or, sql, type SQL } from "drizzle-orm";
import { cases } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, type Permission } from "../../core/access/policy.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";

function departmentClause(departmentId: string): SQL {
  return sql`(${cases.assignedOrgId} = ${departmentId} or ${cases.leadOrgId} = ${departmentId}
    or exists (select 1 from case_whistles w where w.case_id = ${cases.id} and w.org_id = ${departmentId})
    or exists (select 1 from case_events e where e.case_id = ${cases.id} and e.actor_org_id = ${departmentId}))`;
}

/** The cases visible through the given bindings (already filtered to one permission). */
export function casesVisibleThrough(bindings: readonly Binding[]): SQL {
  const regionBindings = bindings.filter((b) => b.scopeDepartmentId === null);
  const departments = [
    ...new Set(bindings.map((b) => b.scopeDepartmentId).filter((d): d is string => d !== null)),
  ];
  const parts: SQL[] = [];
  if (regionBindings.length > 0) {
    parts.push(withinScopes(cases.regionPath, regionBindings));
    // A case placed above the scope (a village case without a point) but held by a unit inside
    // it (the grid post it was dispatched to): the unit's people must see the work they hold.
    parts.push(sql`(${containingScopes(cases.regionPath, regionBindings)} and exists (
      select 1 from organisations o where o.id = ${cases.assignedOrgId}
        and ${withinScopes(sql`o.region_path`, regionBindings)}))`);
  }
  for (const d of departments) parts.push(departmentClause(d));
  return parts.length === 0 ? sql`false` : (or(...parts) ?? sql`false`);
}

/**
 * The cases `actor` may see for `permission` in the staff view: through their staff bindings
 * only. A case someone reported themselves is not among them: its reporter, staff or not, reads
 * it as a resident does (GET /my/cases/:id, `ownCase`), without handlers' names or internal
 * notes. Staff who raise an appeal outside their scope must not see its internals through it.
 */
export function visibleCases(actor: Actor, permission: Permission = "cases.read"): SQL {
  return casesVisibleThrough(bindingsFor(actor, permission));
}

/** The cases `actor` reported themselves (the resident's view, their evaluation, their photos). */
export function ownCase(actor: Actor): SQL {
  return eq(cases.reporterUserId, actor.userId);
}
