/**
 * Who sees what of the register, as SQL for the query's `where`: a record outside the reader's
 * scope is not found (404), a population tag whose type does not name the reader's role is
 * absent. Only region bindings count: departments keep no register.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, requirePermission, type Permission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { ForbiddenError } from "../../shared/errors.js";
import { persons, populationTypes } from "./schema.js";

export type RegisterPermission = Extract<Permission, `people.${string}`>;

/** The actor's region bindings that carry `permission`. */
export function registerBindings(actor: Actor, permission: RegisterPermission): Binding[] {
  return bindingsFor(actor, permission).filter((b) => b.scopeDepartmentId === null);
}

/** 401/403 as `requirePermission`, and 403 for a holder through department bindings only. */
export function requireRegister(actor: Actor | null, permission: RegisterPermission): Binding[] {
  requirePermission(actor, permission);
  const bindings = actor ? registerBindings(actor, permission) : [];
  if (bindings.length === 0) throw new ForbiddenError();
  return bindings;
}

/** `path` lies inside a scope where the actor holds `permission`. */
export function inRegisterScope(path: SQLWrapper, actor: Actor, permission: RegisterPermission): SQL {
  return withinScopes(path, registerBindings(actor, permission));
}

/**
 * A tag of `population_types` on a row of `persons` is visible when some binding of the actor
 * that reads the register both holds the person's place and has a role the type names.
 */
export function tagVisible(actor: Actor): SQL {
  const bindings = registerBindings(actor, "people.read");
  if (bindings.length === 0) return sql`false`;
  return sql`(${sql.join(
    bindings.map(
      (b) =>
        sql`(${persons.regionPath} <@ ${b.scopePath}::ltree and ${populationTypes.visibleTo} @> array[${b.role}]::text[])`,
    ),
    sql` or `,
  )})`;
}

/** A type the actor may see somewhere (the catalogue as they see it). */
export function typeVisibleAnywhere(actor: Actor): SQL {
  const roles = [...new Set(registerBindings(actor, "people.read").map((b) => b.role))];
  if (roles.length === 0) return sql`false`;
  return sql`${populationTypes.visibleTo} && array[${sql.join(
    roles.map((r) => sql`${r}`),
    sql`, `,
  )}]::text[]`;
}
