/**
 * The frame of every staff action on a workflow subject: 401/403 unless the actor holds the
 * action's permission somewhere, one transaction, the subject loaded within the scopes of that
 * permission (404 outside them) and locked, a stale version or a move the state table does not
 * allow refused with 409 before any other check, then `act`. Anything `act` throws undoes the
 * whole action.
 */
import type { Db, Tx } from "../../db/client.js";
import type { Actor, Binding } from "../access/actor.js";
import { requirePermission, type Permission } from "../access/policy.js";
import { checkMove, type SubjectRow } from "./transition.js";
import type { Workflow } from "./workflow.js";

/** What an action works with: its transaction, who acts, the locked subject and the bindings used. */
export interface ActionFrame<Row> {
  tx: Tx;
  actor: Actor;
  subject: Row;
  bindings: Binding[];
}

export interface ActionSpec<S extends string, A extends string, Row extends SubjectRow<S>> {
  workflow: Workflow<S, A>;
  action: A;
  /** The version the client saw. */
  version?: number | undefined;
  /** Defaults to the permission the state table names for the action. */
  permission?: Permission;
  /** Loads and locks the subject within `bindings`' scopes; throws 404 outside them. */
  load(tx: Tx, bindings: Binding[]): Promise<Row>;
  /** How messages name the subject. */
  label(row: Row): string;
  /** The actions offered on the subject, for a 409's details (default: the state table's for its state). */
  offered?(row: Row): A[];
}

export async function runAction<S extends string, A extends string, Row extends SubjectRow<S>, T>(
  db: Db,
  actor: Actor | null,
  spec: ActionSpec<S, A, Row>,
  act: (frame: ActionFrame<Row>) => Promise<T>,
): Promise<T> {
  const permission = spec.permission ?? spec.workflow.rules[spec.action].permission;
  if (permission === undefined) throw new Error(`${spec.action} is not an action people take`);
  const bindings = requirePermission(actor, permission);
  if (!actor) throw new Error("requirePermission let a missing actor through");
  return db.transaction(async (tx) => {
    const subject = await spec.load(tx, bindings);
    checkMove(
      spec.workflow,
      subject,
      spec.label(subject),
      spec.action,
      spec.version,
      undefined,
      spec.offered?.(subject),
    );
    return act({ tx, actor, subject, bindings });
  });
}
