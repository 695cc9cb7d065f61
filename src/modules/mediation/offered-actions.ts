/**
 * The actions a person is offered on a dispute (the core's `offeredActions` with the dispute's
 * facts): the state table's actions for its status whose permission one of their bindings holds
 * over the dispute's place, narrowed to what the server would take from them. Accepting or
 * declining is the mediator's answer, so only a mediator of the dispute's committee (and, once one
 * is named with an account, that mediator) is offered it (assign-dispute.ts refuses anyone else); the one extension goes once used; judicial confirmation is for a written
 * agreement only.
 */
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, pathWithin } from "../../core/access/policy.js";
import { offeredActions } from "../../core/workflow/offered-actions.js";
import { DISPUTE_WORKFLOW, type DisputeAction } from "./state-table.js";
import type { DisputeRow } from "./store.js";

export interface DisputeOfferFacts {
  /** The actor's active mediator row in the dispute's committee, if they are one. */
  mediatorId: string | null;
  /** Whether the dispute's named mediator has an account (one without answers through the committee). */
  namedHasAccount: boolean;
  /** The form of the dispute's agreement, once settled. */
  agreementForm: "written" | "oral" | null;
}

export function offeredDisputeActions(
  actor: Actor,
  row: Pick<DisputeRow, "status" | "regionPath" | "mediatorId" | "extendedAt">,
  facts: DisputeOfferFacts,
): DisputeAction[] {
  return offeredActions(DISPUTE_WORKFLOW, row.status, {
    holds: (permission) =>
      bindingsFor(actor, permission).some((b) => pathWithin(row.regionPath, b.scopePath)),
    fits: (a) => {
      switch (a) {
        case "accept":
        case "decline":
          return (
            facts.mediatorId !== null && (row.mediatorId === null || row.mediatorId === facts.mediatorId)
          );
        case "extend":
          return row.extendedAt === null;
        case "record_judicial_confirmation":
          return facts.agreementForm === "written";
        default:
          return true;
      }
    },
  });
}
