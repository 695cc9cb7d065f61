/**
 * A dispute for mediation raised from a visit (a quarrel the grid worker found): the mediation
 * module registers it (source `visit`, where the visited person lives, the person its first party
 * with their name and phone from the register), and the visit keeps the link, once.
 */
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { openField } from "../../core/personal-data/field-crypto.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { checkMove, transition } from "../../core/workflow/transition.js";
import { ConflictError } from "../../shared/errors.js";
import { registerDispute } from "../mediation/index.js";
import { persons } from "../people/index.js";
import { findVisibleVisit, visitBindings } from "./policy.js";
import { RaiseDisputeBody, type RaiseDisputeReq, type VisitDisputeResult } from "./schemas.js";
import { VISIT_WORKFLOW, offeredVisitActions } from "./state-table.js";
import { VISIT_STORE } from "./store.js";

function alreadyRaised(): ConflictError {
  return new ConflictError("dispute_already_raised", "A dispute has already been raised from this visit.");
}

export async function raiseDispute(
  tx: Tx,
  actor: Actor | null,
  keys: PersonalDataKeys,
  id: string,
  input: RaiseDisputeReq,
): Promise<VisitDisputeResult> {
  const body = RaiseDisputeBody.parse(input);
  const bindings = visitBindings(actor, "visits.record");
  const who = actor as Actor;
  const visit = await findVisibleVisit(tx as Db, id, bindings, { lock: true });
  checkMove(
    VISIT_WORKFLOW,
    visit,
    VISIT_STORE.label(visit),
    "raise_dispute",
    body.version,
    undefined,
    offeredVisitActions(visit),
  );
  if (visit.disputeId !== null) throw alreadyRaised();
  const [person] = await tx
    .select({ name: persons.name, phoneCipher: persons.phoneCipher })
    .from(persons)
    .where(eq(persons.id, visit.personId));
  if (!person) throw new Error("visited person vanished");
  const created = await registerDispute(tx, who, keys, {
    source: "visit",
    regionCode: visit.regionCode,
    typeCode: body.typeCode,
    facts: body.facts ?? visit.findings ?? "",
    riskLevel: "general",
    parties: [
      {
        role: body.role,
        name: person.name,
        // Sealed again by the mediation module under its own field; never shown unmasked here.
        phone: person.phoneCipher ? openField(keys, "phone", person.phoneCipher) : null,
        personId: visit.personId,
      },
      ...body.otherParties,
    ],
  });
  const moved = await transition(tx, VISIT_WORKFLOW, VISIT_STORE, {
    subjectId: visit.id,
    action: "raise_dispute",
    actor: { userId: who.userId, orgId: who.organisationId },
    expectedVersion: body.version,
    set: { disputeId: created.id },
    data: { disputeId: created.id, disputeNumber: created.number },
  });
  return {
    id: moved.subject.id,
    status: moved.subject.status,
    version: moved.subject.version,
    dispute: created,
  };
}
