/**
 * Who may do what, as data. Every permission lists the roles that carry it; a role carries it
 * only inside the scope of the binding that grants the role. Queries turn an actor's scopes into
 * a `where` clause (see ./scope.ts), so a row outside them is simply not found.
 */
import { ROLES, type Role } from "../../db/schema.js";
import { ForbiddenError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor, Binding } from "./actor.js";

/** Every staff role: the roles that carry a permission "for anyone at work" (see the modules). */
export const STAFF_ROLES: readonly Role[] = [
  "operator",
  "grid_worker",
  "grid_assistant",
  "village_staff",
  "township_dispatcher",
  "department_handler",
  "supervisor",
  "admin",
];

/** A module's permissions: each one's name (`<module>.<verb>`) and the roles that carry it. */
export type PermissionDeclarations = Readonly<Record<string, readonly Role[]>>;

/**
 * The permissions the modules declare, by module, as types: each module adds its own entry by
 * declaration merging in its `permissions.ts`,
 *
 *     declare module "../../core/access/policy.js" {
 *       interface DeclaredPermissions { mediation: typeof MEDIATION_PERMISSIONS }
 *     }
 *
 * so `Permission` stays a closed union (a typo is a type error) while the core names no module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules
export interface DeclaredPermissions {}

/** Every permission some module declares. */
export type Permission = {
  [M in keyof DeclaredPermissions]: keyof DeclaredPermissions[M] & string;
}[keyof DeclaredPermissions];

/**
 * The permissions in force and the roles that carry each: the modules' declarations, composed by
 * `installPermissions` from the module registry when the app (or the CLI, or a test run) starts.
 */
export const PERMISSIONS = {} as Record<Permission, readonly Role[]>;

/**
 * Puts the modules' permission declarations in force (replacing any before). Two modules naming
 * the same permission is a mistake of the code base, and refused.
 */
export function installPermissions(
  declared: readonly { module: string; permissions: PermissionDeclarations }[],
): void {
  const table: Record<string, readonly Role[]> = {};
  const owner = new Map<string, string>();
  for (const { module, permissions } of declared) {
    for (const [name, roles] of Object.entries(permissions)) {
      const other = owner.get(name);
      if (other !== undefined && other !== module) {
        throw new Error(`permission ${name} is declared by both ${other} and ${module}`);
      }
      owner.set(name, module);
      table[name] = roles;
    }
  }
  for (const key of Object.keys(PERMISSIONS)) delete (PERMISSIONS as Record<string, unknown>)[key];
  Object.assign(PERMISSIONS, table);
}

/** The roles of a permission; an unknown one (no module declares it, or none installed) throws. */
function rolesOf(permission: Permission): readonly Role[] {
  const roles = (PERMISSIONS as Record<string, readonly Role[] | undefined>)[permission];
  if (roles === undefined) {
    throw new Error(
      `permission ${permission} is not installed: is the module registry installed (installModules)?`,
    );
  }
  return roles;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return rolesOf(permission).includes(role);
}

/** The bindings through which the actor holds `permission` (empty: not at all). */
export function bindingsFor(actor: Actor, permission: Permission): Binding[] {
  return actor.bindings.filter((b) => roleHas(b.role, permission));
}

/** Throws 401 without an actor, 403 when no role of theirs carries the permission anywhere. */
export function requirePermission(actor: Actor | null, permission: Permission): Binding[] {
  if (!actor) throw new UnauthorizedError();
  const bindings = bindingsFor(actor, permission);
  if (bindings.length === 0) throw new ForbiddenError();
  return bindings;
}

/** The signed-in actor, or 401: for routes open to any signed-in user. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthorizedError();
  return actor;
}

/** `requirePermission` that hands back the (now known) actor: 401/403 otherwise. */
export function actorWith(actor: Actor | null, permission: Permission): Actor {
  requirePermission(actor, permission);
  return requireActor(actor);
}

/** Every permission the actor holds somewhere, for the client to hide what it would refuse. */
export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => bindingsFor(actor, p).length > 0);
}

/** True when `path` lies in the subtree of `scope` (ltree `<@`), computed in JS. */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

export { ROLES };
