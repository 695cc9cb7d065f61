/**
 * Organisations' permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import { STAFF_ROLES, type PermissionDeclarations } from "../../core/access/policy.js";

export const ORGANISATION_PERMISSIONS = {
  /** See organisations relevant to the scope (see ./policy.ts). */
  "organisations.read": STAFF_ROLES,
  "organisations.manage": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    organisations: typeof ORGANISATION_PERMISSIONS;
  }
}
