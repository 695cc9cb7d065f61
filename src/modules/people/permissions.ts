/**
 * The register's permissions and the roles that carry each (listed in ./manifest.ts; the core
 * composes every module's into the policy at start). The `declare module` adds them to the
 * `Permission` union, so a misspelt permission anywhere is a type error.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const PEOPLE_PERMISSIONS = {
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
  /**
   * Find a place by its standard address (or, when none matches, a region by its name) in the
   * scope: the intake desk and triage. Places only, no one's data; region bindings only.
   */
  "people.address_search": [
    "operator",
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
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    people: typeof PEOPLE_PERMISSIONS;
  }
}
