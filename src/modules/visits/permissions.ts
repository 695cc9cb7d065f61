/**
 * The visits' permissions and the roles that carry each (listed in ./manifest.ts; the core
 * composes every module's into the policy at start). A visit is seen only where its person is in
 * the reader's scope AND the visit's population type names the reader's role (`visible_to`), the
 * register's rule for tags: a visit of a type one may not see is absent, in lists and counts.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const VISITS_PERMISSIONS = {
  /** The planned and done visits of the scope, and the visit completion rate. */
  "visits.read": [
    "grid_worker",
    "grid_assistant",
    "village_staff",
    "township_dispatcher",
    "supervisor",
    "admin",
  ],
  /** Record a visit (time, point, method, findings, photos) and raise an appeal from it. */
  "visits.record": ["grid_worker", "grid_assistant", "village_staff"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    visits: typeof VISITS_PERMISSIONS;
  }
}
