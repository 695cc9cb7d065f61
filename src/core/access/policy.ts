/**
 * Who may do what, as data. Every permission lists the roles that carry it; a role carries it
 * only inside the scope of the binding that grants the role. Queries turn an actor's scopes into
 * a `where` clause (see ./scope.ts), so a row outside them is simply not found.
 */
import { ROLES, type Role } from "../../db/schema.js";
import { ForbiddenError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor, Binding } from "./actor.js";

const STAFF: readonly Role[] = [
  "operator",
  "grid_worker",
  "grid_assistant",
  "village_staff",
  "township_dispatcher",
  "department_handler",
  "supervisor",
  "admin",
];

export const PERMISSIONS = {
  /** See grids (shape, village) inside the scope. */
  "grids.read": STAFF,
  /** Import, edit and delete grids inside the scope. */
  "grids.manage": ["admin"],
  /** See organisations relevant to the scope (see organisations/policy). */
  "organisations.read": STAFF,
  "organisations.manage": ["admin"],
  /** See the accounts whose roles lie inside the scope. */
  "users.read": STAFF,
  /** Create accounts, grant and revoke roles, reset passwords, see personal data unmasked. */
  "users.manage": ["admin"],
  /** Edit the dispatch catalogue and the holiday calendar (city-wide: only a city-scope binding). */
  "catalogue.manage": ["admin"],
  /** Read the administrative audit log of the scope. */
  "audit.read": ["admin", "supervisor"],
  /** See cases in the scope (department bindings: cases their department is or was part of). */
  "cases.read": STAFF,
  /** Enter an appeal on a resident's behalf (hotline, talk station/site/box) or a patrol finding. */
  "cases.intake": ["operator", "grid_worker", "grid_assistant", "village_staff", "township_dispatcher"],
  /** Triage queue: dispatch, redispatch, reject, merge, decide send-backs. */
  "cases.dispatch": ["township_dispatcher", "supervisor", "admin"],
  /** Work a case assigned to one's unit: respond, reply, send back, escalate, whistle, extension. */
  "cases.handle": [
    "grid_worker",
    "grid_assistant",
    "village_staff",
    "township_dispatcher",
    "department_handler",
  ],
  /** Verify a reply on the spot (核查). */
  "cases.verify": ["grid_worker", "grid_assistant", "village_staff"],
  /** Urge, decide extensions and reopen-limit reviews, read the overdue board. */
  "cases.supervise": ["supervisor", "township_dispatcher", "admin"],
  /** Record a resident's evaluation taken on a follow-up call; close after failed follow-ups. */
  "cases.follow_up": ["operator", "township_dispatcher"],
  /** See a reporter's name, phone and email unmasked; every reveal is logged. */
  "cases.reveal_contact": [
    "operator",
    "grid_worker",
    "village_staff",
    "township_dispatcher",
    "department_handler",
  ],
  /**
   * Work the cases of a unit: a binding of one of these roles makes its holder a member of the
   * unit at the binding's scope (and of the unit named on their account), so they read its work
   * list and its notifications. Residents and partners are bound to the city only to place them:
   * they belong to no unit, and read only what is addressed to them personally.
   */
  "cases.unit_work": STAFF,
  /**
   * Read who revealed personal data (`personal_data_reads`) of the cases in the scope: the admin
   * page of reads and each case's count of reveals. Admins only: the log names the staff who
   * called residents back, which is for oversight, not for the people being overseen.
   */
  "personal_data.audit": ["admin"],
  /** Read the three rates and their case lists for the scope. */
  "rates.read": STAFF,
  /**
   * The register of people and places in the scope (addresses, buildings, dwellings, households,
   * persons): ID and phone numbers masked; key/care population tags only of the types whose
   * `visible_to` names the role. Departments keep no register: their bindings see none of it.
   */
  "people.read": [
    "grid_worker",
    "grid_assistant",
    "village_staff",
    "township_dispatcher",
    "supervisor",
    "admin",
  ],
  /** Enter and correct the register of the scope; tag persons with the population types they see. */
  "people.manage": ["grid_worker", "grid_assistant", "village_staff", "admin"],
  /** Read a person's ID and phone number in full, with a reason; every reveal is logged. */
  "people.reveal": ["grid_worker", "village_staff", "township_dispatcher", "admin"],
  /** Edit the catalogue of key and care population types (who sees each, visit frequency, measures). */
  "population_types.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
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
