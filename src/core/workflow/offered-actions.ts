/**
 * The actions a person is offered on a subject of any workflow: the state table's actions for
 * its status (`allowedActions`) whose permission the person holds on that subject, narrowed by
 * the module's own facts (a case's unit, a dispute's committee). The server's action routes still
 * decide each move; this only lets a client hide the buttons it would be refused.
 */
import type { Permission } from "../access/policy.js";
import { allowedActions, type Workflow } from "./workflow.js";

export interface OfferRules<A extends string> {
  /** True when one of the person's bindings for `permission` covers this subject. */
  holds(permission: Permission): boolean;
  /** The module's narrowing of an action the table and the permission allow (default: offered). */
  fits?(action: A): boolean;
}

export function offeredActions<S extends string, A extends string>(
  workflow: Workflow<S, A>,
  status: S,
  rules: OfferRules<A>,
): A[] {
  return allowedActions(workflow, status).filter((a) => {
    const permission = workflow.rules[a].permission;
    return permission !== undefined && rules.holds(permission) && (rules.fits?.(a) ?? true);
  });
}
