/**
 * The audit log's permissions and the roles that carry each (listed in ./manifest.ts; the core composes
 * every module's into the policy at start). The `declare module` adds them to the `Permission`
 * union, so a misspelt permission anywhere is a type error.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const AUDIT_PERMISSIONS = {
  /** Read the administrative audit log of the scope. */
  "audit.read": ["admin", "supervisor"],
  /**
   * Read who revealed personal data (`personal_data_reads`) of the cases in the scope: the admin
   * page of reads and each case's count of reveals. Admins only: the log names the staff who
   * called residents back, which is for oversight, not for the people being overseen.
   */
  "personal_data.audit": ["admin"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    audit: typeof AUDIT_PERMISSIONS;
  }
}
