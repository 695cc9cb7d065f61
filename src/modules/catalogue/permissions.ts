/**
 * The catalogue's permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const CATALOGUE_PERMISSIONS = {
  /** Edit the dispatch catalogue and the holiday calendar (city-wide: only a city-scope binding). */
  "catalogue.manage": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    catalogue: typeof CATALOGUE_PERMISSIONS;
  }
}
