/**
 * Rates' permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import { STAFF_ROLES, type PermissionDeclarations } from "../../core/access/policy.js";

export const RATE_PERMISSIONS = {
  /** Read the three rates and their case lists for the scope. */
  "rates.read": STAFF_ROLES,
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    rates: typeof RATE_PERMISSIONS;
  }
}
