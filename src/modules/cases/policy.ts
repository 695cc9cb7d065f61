/**
 * Which cases an actor may see, as a SQL condition for the query's `where`: a case outside it is
 * "not found". Region bindings see the cases located in their subtree, and the cases placed
 * above it that a unit inside it holds; department bindings see
 * the cases their department is or was part of (assigned, leading, whistled in, or acted on).
 * The reporter of a case sees it apart from these, in the resident's view (see `ownCase`).
 */
import { eq, or, sql, type SQL } from "drizzle-orm";
import { cases } from "../../db/schema.js";
import { regionKeyOf } from "./schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, pathWithin, type Permission } from "../../core/access/policy.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";

/**
 * The region levels whose subtrees have ordered indexes on cases (2 = a county, 3 = a township):
 * `regionKey(d)` is the first d levels of a case's region path as text, null above that level,
 * spelt as the indexes' expression (regionKeyOf in the schema).
 */
export function regionKey(level: 2 | 3): SQL {
  return regionKeyOf(cases.regionPath, level);
}

/**
 * `cases.region_path <@ path`. For a township's path it is written as the equal test on
 * regionKey(3) (the same cases: a path of fewer levels has a null key), which the township's
 * ordered indexes serve; for a county's, the key's test is added to the `<@` (the county's index
 * holds its running cases only); other levels keep the `<@` (cases_region_path_gist).
 */
export function casesWithin(path: string): SQL {
  const level = path.split(".").length;
  if (level === 3) return sql`${regionKey(3)} = ${path}`;
  if (level === 2) return sql`(${cases.regionPath} <@ ${path}::ltree and ${regionKey(2)} = ${path})`;
  return sql`${cases.regionPath} <@ ${path}::ltree`;
}

/** The scope paths of region bindings, without those inside another one (their cases are in it). */
function outermostPaths(bindings: readonly Binding[]): string[] {
  const paths = [...new Set(bindings.map((b) => b.scopePath))];
  return paths.filter((p) => !paths.some((q) => q !== p && pathWithin(p, q)));
}

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
  if (regionBindings.length > 0) parts.push(...regionBranches(regionBindings));
  for (const d of departments) parts.push(departmentClause(d));
  return parts.length === 0 ? sql`false` : (or(...parts) ?? sql`false`);
}

/**
 * The cases visible through region bindings, as conditions that never hold for the same case
 * (their `or` is what casesVisibleThrough says): one per scope (its subtree) and one for the
 * cases placed above the scopes that a unit inside one holds.
 */
function regionBranches(regionBindings: readonly Binding[]): SQL[] {
  const paths = outermostPaths(regionBindings);
  const within = paths.map(casesWithin);
  // A case placed above the scope (a village case without a point) but held by a unit inside
  // it (the grid post it was dispatched to): the unit's people must see the work they hold.
  const above = sql`(${containingScopes(cases.regionPath, regionBindings)}
    and not ${withinScopes(cases.regionPath, regionBindings)} and exists (
      select 1 from organisations o where o.id = ${cases.assignedOrgId}
        and ${withinScopes(sql`o.region_path`, regionBindings)}))`;
  return [...within, above];
}

/**
 * The cases `actor` may see for `permission`, split into conditions that never hold for the
 * same case and whose `or` is visibleCases: a list reads each part through its own ordered index
 * and merges them (listCases). Null when a department binding takes part (its cases are found
 * through the units and events, not a region).
 */
export function visibleCaseParts(actor: Actor, permission: Permission = "cases.read"): SQL[] | null {
  const bindings = bindingsFor(actor, permission);
  if (bindings.length === 0 || bindings.some((b) => b.scopeDepartmentId !== null)) return null;
  return regionBranches(bindings);
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
