/**
 * Who may change the dispatch catalogue and the holiday calendar. Both are city-wide (one
 * catalogue routes every county's cases), so a county administrator may not change them: only
 * an admin whose binding covers the whole city (a region scope at the root of the tree).
 */
import { ForbiddenError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";

/** A region binding at the root of the region tree (the city): its path has one segment. */
function isCityWide(b: Binding): boolean {
  return b.scopeDepartmentId === null && !b.scopePath.includes(".");
}

/** The actor with the city-wide binding that lets them manage the catalogue; 401 or 403 otherwise. */
export function requireCatalogueManager(actor: Actor | null): { actor: Actor; binding: Binding } {
  const bindings = requirePermission(actor, "catalogue.manage");
  if (!actor) throw new UnauthorizedError();
  const binding = bindings.find(isCityWide);
  if (!binding) {
    throw new ForbiddenError(
      "The dispatch catalogue is city-wide: only an administrator of the whole city may change it.",
    );
  }
  return { actor, binding };
}

/** True when the actor may see inactive categories and the holiday list (any admin binding). */
export function canReadCatalogueAdmin(actor: Actor | null): boolean {
  return actor !== null && bindingsFor(actor, "catalogue.manage").length > 0;
}
