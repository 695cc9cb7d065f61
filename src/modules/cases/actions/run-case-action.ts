import type { Db, Tx } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import type { Permission } from "../../../core/access/policy.js";
import { runAction } from "../../../core/workflow/run-action.js";
import { casesVisibleThrough } from "../policy.js";
import { CASE_WORKFLOW, type CaseAction } from "../state-table.js";
import type { CaseRow } from "../transition.js";
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
 * The core's action frame (`runAction`) on a case: 401/403 unless the actor holds `permission`
 * somewhere, one transaction, the case loaded within the scopes of that permission (404 outside
 * them) and locked, a stale version or an action the state does not allow refused with 409
 * before any other check, then `act`. Anything `act` throws undoes the whole action.
 */
export async function runCaseAction<T>(
  db: Db,
  actor: Actor | null,
  ref: string,
  permission: Permission,
  guard: ActionGuard,
  act: (c: CaseActionContext) => Promise<T>,
): Promise<T> {
  return runAction(
    db,
    actor,
    {
      workflow: CASE_WORKFLOW,
      action: guard.action,
      version: guard.version,
      permission,
      load: (tx, bindings) => lockVisibleCase(tx, ref, casesVisibleThrough(bindings)),
      label: (row) => row.number,
    },
    ({ tx, actor: who, subject }) => act({ tx, actor: who, caseRow: subject }),
  );
}
