/**
 * Linking a case to a person or household of the register: for the roles that both handle cases
 * and read the register (a department keeps no register). The case must be theirs to handle and
 * the person or household within their register scope; see ./link-case.ts.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const CASE_LINKS_PERMISSIONS = {
  /** Link a case one handles to a person or household of one's register scope, and unlink it. */
  "case_links.manage": ["grid_worker", "grid_assistant", "village_staff", "township_dispatcher"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    case_links: typeof CASE_LINKS_PERMISSIONS;
  }
}
