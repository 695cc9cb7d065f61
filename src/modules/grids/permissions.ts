/**
 * Grids' permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import { STAFF_ROLES, type PermissionDeclarations } from "../../core/access/policy.js";

export const GRID_PERMISSIONS = {
  /** See grids (shape, village) inside the scope. */
  "grids.read": STAFF_ROLES,
  /** Import, edit and delete grids inside the scope. */
  "grids.manage": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    grids: typeof GRID_PERMISSIONS;
  }
}
