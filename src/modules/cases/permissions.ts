/**
 * Cases' permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import { STAFF_ROLES, type PermissionDeclarations } from "../../core/access/policy.js";

export const CASE_PERMISSIONS = {
  /** See cases in the scope (department bindings: cases their department is or was part of). */
  "cases.read": STAFF_ROLES,
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
  "cases.unit_work": STAFF_ROLES,
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    cases: typeof CASE_PERMISSIONS;
  }
}
