/**
 * Who may see and who may manage an account. Seeing is decided inside the query (`visibleUsers`),
 * so an account outside the caller's scope is simply not found; managing is decided on the
 * loaded account's role bindings (`canManageBindings`), because it needs every binding at once.
 */
import { eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { roleBindings, users } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, pathWithin } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";

/** A scope as stored on a role binding. */
export interface BindingScope {
  scopePath: string;
  scopeDepartmentId: string | null;
}

/** A city-level scope (`1310`): the only scope that also covers accounts with no roles at all. */
export const isCityScope = (b: BindingScope): boolean => !b.scopePath.includes(".");

const other = alias(roleBindings, "visible_binding");
const anyBinding = alias(roleBindings, "any_binding");

/**
 * SQL condition on `users`: the rows the actor may see. The actor sees user U when a binding b of
 * theirs that carries `users.read` and a binding c of U match: b region-scoped and
 * `c.scopePath <@ b.scopePath`, or b department-scoped and c is bound to the same department.
 * Everyone sees themselves; accounts without roles are visible to city-level admins only.
 */
export function visibleUsers(actor: Actor): SQL {
  const read = bindingsFor(actor, "users.read");
  const byRegion = read.filter((b) => b.scopeDepartmentId === null);
  const departments = [
    ...new Set(read.flatMap((b) => (b.scopeDepartmentId === null ? [] : [b.scopeDepartmentId]))),
  ];
  const matches: SQL[] = [];
  if (byRegion.length > 0) matches.push(withinScopes(other.scopePath, byRegion));
  if (departments.length > 0) matches.push(inArray(other.scopeDepartmentId, departments));
  const conditions: SQL[] = [eq(users.id, actor.userId)];
  if (matches.length > 0) {
    conditions.push(
      sql`exists (select 1 from ${roleBindings} ${other} where ${other.userId} = ${users.id} and (${or(...matches)}))`,
    );
  }
  if (bindingsFor(actor, "users.manage").some(isCityScope)) {
    conditions.push(
      sql`not exists (select 1 from ${roleBindings} ${anyBinding} where ${anyBinding.userId} = ${users.id})`,
    );
  }
  return or(...conditions) ?? sql`false`;
}

/** True when one manage binding `a` covers scope `c` (a department binding covers its department only). */
function covers(a: Binding, c: BindingScope): boolean {
  if (a.scopeDepartmentId !== null) return c.scopeDepartmentId === a.scopeDepartmentId;
  return pathWithin(c.scopePath, a.scopePath);
}

/**
 * True when the actor may create or change an account holding `target` bindings: every binding
 * lies inside one of the actor's `users.manage` scopes. An account with no roles is managed
 * from the city level only.
 */
export function canManageBindings(actor: Actor, target: readonly BindingScope[]): boolean {
  const manage = bindingsFor(actor, "users.manage");
  if (manage.length === 0) return false;
  if (target.length === 0) return manage.some(isCityScope);
  return target.every((c) => manage.some((a) => covers(a, c)));
}

/** True when the actor may grant a role in `scope` (the scope lies inside a manage scope). */
export function canGrantScope(actor: Actor, scope: BindingScope): boolean {
  return bindingsFor(actor, "users.manage").some((a) => covers(a, scope));
}

/** Shown in place of a phone number to those who may not see it: 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return "****";
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
