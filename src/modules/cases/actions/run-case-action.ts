import type { Db, Tx } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import { requirePermission, type Permission } from "../../../core/access/policy.js";
import { casesVisibleThrough } from "../policy.js";
import type { CaseAction } from "../state-table.js";
import { checkTransition, type CaseRow } from "../transition.js";
import { lockVisibleCase } from "./find-case.js";

/** What a staff action works with: its transaction, who acts, and the locked case. */
export interface CaseActionContext {
  tx: Tx;
  actor: Actor;
  caseRow: CaseRow;
}

/** The action about to be taken and the version the client saw. */
export interface ActionGuard {
  action: CaseAction;
  version?: number | undefined;
}

/**
 * The frame of every staff action: 401/403 unless the actor holds `permission` somewhere, one
 * transaction, the case loaded within the scopes of that permission (404 outside them) and
 * locked, a stale version or an action the state does not allow refused with 409 before any
 * other check, then `act`. Anything `act` throws undoes the whole action.
 */
export async function runCaseAction<T>(
  db: Db,
  actor: Actor | null,
  ref: string,
  permission: Permission,
  guard: ActionGuard,
  act: (c: CaseActionContext) => Promise<T>,
): Promise<T> {
  const bindings = requirePermission(actor, permission);
  if (!actor) throw new Error("requirePermission let a missing actor through");
  return db.transaction(async (tx) => {
    const caseRow = await lockVisibleCase(tx, ref, casesVisibleThrough(bindings));
    checkTransition(caseRow, guard.action, guard.version);
    return act({ tx, actor, caseRow });
  });
}
