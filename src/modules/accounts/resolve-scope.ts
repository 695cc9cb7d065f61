import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { organisations, regions, type Role } from "../../db/schema.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { canGrantScope } from "./policy.js";

/** The roles that may be bound to a department; a department handler must be. */
const DEPARTMENT_ROLES: readonly Role[] = ["department_handler", "supervisor"];

/** A role grant as a caller states it: exactly one of a region code or a department id. */
export interface RoleSpec {
  role: Role;
  regionCode?: string;
  departmentId?: string;
}

/** A role grant resolved to the columns of a `role_bindings` row. */
export interface ResolvedScope {
  role: Role;
  scopeRegionCode: string | null;
  scopeDepartmentId: string | null;
  scopePath: string;
}

/**
 * Resolves a grant's scope to its region path. An unknown scope, or (with an actor) one outside
 * the actor's `users.manage` scopes, is 404 "not found": the actor learns nothing about it.
 * `actor` null means the platform itself (CLI, demo seed) with no scope limit.
 */
export async function resolveScope(tx: Tx, actor: Actor | null, spec: RoleSpec): Promise<ResolvedScope> {
  if ((spec.regionCode === undefined) === (spec.departmentId === undefined))
    throw new BadRequestError("invalid_scope", "Give exactly one of regionCode or departmentId.", [
      { field: "body.regionCode", message: "give exactly one of regionCode or departmentId" },
    ]);
  // The platform itself (demo seed before organisations exist) may bind a handler to a region.
  if (actor && spec.role === "department_handler" && spec.departmentId === undefined)
    throw new BadRequestError("invalid_scope", "A department handler is bound to a department.", [
      { field: "body.departmentId", message: "required for department_handler" },
    ]);
  if (spec.departmentId !== undefined && !DEPARTMENT_ROLES.includes(spec.role))
    throw new BadRequestError(
      "invalid_scope",
      `The role ${spec.role} is bound to a region, not a department.`,
      [{ field: "body.regionCode", message: `required for ${spec.role}` }],
    );

  let resolved: ResolvedScope;
  if (spec.departmentId !== undefined) {
    const [department] = await tx
      .select({ id: organisations.id, path: sql<string>`${organisations.regionPath}::text` })
      .from(organisations)
      .where(and(eq(organisations.id, spec.departmentId), eq(organisations.kind, "department")));
    if (!department) throw new NotFoundError("Department", spec.departmentId);
    resolved = {
      role: spec.role,
      scopeRegionCode: null,
      scopeDepartmentId: department.id,
      scopePath: department.path,
    };
  } else {
    const code = spec.regionCode ?? "";
    const [region] = await tx
      .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, code));
    if (!region) throw new NotFoundError("Region", code);
    resolved = {
      role: spec.role,
      scopeRegionCode: region.code,
      scopeDepartmentId: null,
      scopePath: region.path,
    };
  }
  if (actor && !canGrantScope(actor, resolved)) {
    // Outside the actor's scope: indistinguishable from absent.
    throw resolved.scopeDepartmentId !== null
      ? new NotFoundError("Department", resolved.scopeDepartmentId)
      : new NotFoundError("Region", resolved.scopeRegionCode ?? "");
  }
  return resolved;
}

/**
 * Checks that an organisation an account is attached to exists and (with an actor) lies inside
 * the actor's manage scopes; otherwise 404.
 */
export async function assertOrganisationInScope(
  tx: Tx,
  actor: Actor | null,
  organisationId: string,
): Promise<void> {
  const [org] = await tx
    .select({ path: sql<string>`${organisations.regionPath}::text`, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  const inScope =
    org !== undefined &&
    (actor === null ||
      canGrantScope(actor, {
        scopePath: org.path,
        scopeDepartmentId: org.kind === "department" ? organisationId : null,
      }));
  if (!inScope) throw new NotFoundError("Organisation", organisationId);
}
