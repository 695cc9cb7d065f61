/**
 * Which organisations an actor may see and manage, as SQL for the `where` of every query, so a
 * unit outside them is simply not found.
 */
import { inArray, or, sql, type SQL } from "drizzle-orm";
import { organisations, regions } from "../../db/schema.js";
import type { Binding } from "../../core/access/actor.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";

/** Region-scoped bindings, and department-scoped ones with their department ids. */
function split(bindings: readonly Binding[]): {
  regional: Binding[];
  departmental: Binding[];
  departmentIds: string[];
} {
  const regional: Binding[] = [];
  const departmental: Binding[] = [];
  const departmentIds: string[] = [];
  for (const b of bindings) {
    if (b.scopeDepartmentId === null) {
      regional.push(b);
    } else {
      departmental.push(b);
      departmentIds.push(b.scopeDepartmentId);
    }
  }
  return { regional, departmental, departmentIds };
}

/**
 * Visible through `organisations.read` bindings. A region scope sees the units inside it and
 * those of its ancestors (a village's staff see their township centre, the county centre and the
 * county's departments, the city's units) — the units a case may be sent up to. A department
 * scope sees the department itself and the units at or above its region: its county's centre and
 * sibling departments, the city's units; never the townships or villages below.
 */
export function visibleOrganisations(bindings: readonly Binding[]): SQL {
  const { regional, departmental, departmentIds } = split(bindings);
  const clauses: SQL[] = [];
  if (regional.length > 0) {
    clauses.push(withinScopes(organisations.regionPath, regional));
    clauses.push(containingScopes(organisations.regionPath, regional));
  }
  if (departmentIds.length > 0) {
    clauses.push(inArray(organisations.id, departmentIds));
    clauses.push(containingScopes(organisations.regionPath, departmental));
  }
  return or(...clauses) ?? sql`false`;
}

/**
 * Manageable through `organisations.manage` bindings: a region scope manages every unit inside
 * it (never its ancestors'); a department scope manages only that department, since its
 * scopePath is the whole county's.
 */
export function manageableOrganisations(bindings: readonly Binding[]): SQL {
  const { regional, departmentIds } = split(bindings);
  const clauses: SQL[] = [];
  if (regional.length > 0) clauses.push(withinScopes(organisations.regionPath, regional));
  if (departmentIds.length > 0) clauses.push(inArray(organisations.id, departmentIds));
  return or(...clauses) ?? sql`false`;
}

/** Regions where the `organisations.manage` bindings may create units. */
export function regionsForNewOrganisations(bindings: readonly Binding[]): SQL {
  return withinScopes(regions.path, split(bindings).regional);
}
