import type { Role } from "../../db/schema.js";

/** One role a user holds and where it applies. */
export interface Binding {
  role: Role;
  /** Region path of the scope (for a department: the department's region). */
  scopePath: string;
  scopeRegionCode: string | null;
  scopeDepartmentId: string | null;
}

/** Who is making a request, as the policy sees them. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  organisationId: string | null;
  bindings: Binding[];
}
