/**
 * Accounts' permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import { STAFF_ROLES, type PermissionDeclarations } from "../../core/access/policy.js";

export const ACCOUNT_PERMISSIONS = {
  /** See the accounts whose roles lie inside the scope. */
  "users.read": STAFF_ROLES,
  /** Create accounts, grant and revoke roles, reset passwords, see personal data unmasked. */
  "users.manage": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    accounts: typeof ACCOUNT_PERMISSIONS;
  }
}
