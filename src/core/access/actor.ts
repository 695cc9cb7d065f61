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
  /**
   * Set per request by the session cache: what is worked out from this actor and the unit table
   * (their units by permission, `actorUnits`), shared by the requests of one session and kept
   * under the request's `units_version`, so a unit changed since is read again. Absent: worked
   * out afresh.
   */
  derived?: DerivedMemo;
}

/** Values worked out from an actor, by key, as of the units counter of the request that holds it. */
export interface DerivedMemo {
  unitsVersion: number;
  values: Map<string, Promise<unknown>>;
}
