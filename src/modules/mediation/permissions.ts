/**
 * Mediation's permissions and the roles that carry each (listed in ./manifest.ts; the core
 * composes every module's into the policy at start). The `declare module` adds them to the
 * `Permission` union, so a misspelt permission anywhere is a type error.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const MEDIATION_PERMISSIONS = {
  /**
   * See the disputes, committees and mediators of the scope; parties' phones stay masked. Not
   * departments: a department binding's scope is its whole county, and disputes are not theirs.
   */
  "mediation.read": [
    "operator",
    "grid_worker",
    "grid_assistant",
    "village_staff",
    "township_dispatcher",
    "supervisor",
    "admin",
  ],
  /**
   * Read (only) the disputes your department was alerted about: the county's public-security
   * department (the police liaison) gets the major-risk and repeat-party alerts, and its staff
   * open those from the bell. Not the county's other disputes: mediation is civil and voluntary,
   * and the alert is exactly the system's judgement of what the police need to know.
   */
  "mediation.read_alerted": ["department_handler"],
  /** Register a dispute (walk-in, screening, visit) or convert an appeal into one. */
  "mediation.register": ["operator", "grid_worker", "grid_assistant", "village_staff", "township_dispatcher"],
  /** Assign a committee's dispute to a mediator, escalate it to the township committee. */
  "mediation.assign": ["village_staff", "township_dispatcher", "admin"],
  /**
   * Mediate: accept or decline, record sessions, extend once, settle or refer, follow up,
   * record judicial confirmation, archive. Mediators with an account hold one of these roles.
   */
  "mediation.mediate": ["grid_worker", "village_staff", "township_dispatcher"],
  /**
   * Record the village's monthly screening (排查): none found, or the disputes found. The village
   * committee's work; townships and counties follow it with mediation.read.
   */
  "mediation.screen": ["village_staff"],
  /** Follow the monthly screening of the scope: which villages recorded it, which are overdue. */
  "mediation.read_screening": ["village_staff", "township_dispatcher", "supervisor", "admin"],
  /** Edit the dispute type catalogue and the repeat-party window. */
  "mediation.manage": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    mediation: typeof MEDIATION_PERMISSIONS;
  }
}
