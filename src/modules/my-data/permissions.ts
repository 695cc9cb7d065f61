/**
 * Residents' rights: the resident's own permission (listed in ./manifest.ts). Staff handle
 * correction requests with the register's permissions: people.read lists them in scope,
 * people.manage (who may correct the register) marks them done or declines them.
 */
import type { PermissionDeclarations } from "../../core/access/policy.js";

export const MY_DATA_PERMISSIONS = {
  /**
   * What the register holds about the persons whose phone is the resident's proven phone (masked),
   * who in the government read them in full, and correction requests about them.
   */
  "my_data.view": ["resident"],
} as const satisfies PermissionDeclarations;

declare module "../../core/access/policy.js" {
  interface DeclaredPermissions {
    my_data: typeof MY_DATA_PERMISSIONS;
  }
}
