/**
 * Parties' phones, kept as the people register keeps a phone (src/core/personal-data): an
 * AES-256-GCM ciphertext, an HMAC blind index of the normalised number (what the repeat-party
 * rule matches on) and the masked form every answer shows. The full number is read only by a
 * reveal, logged in `personal_data_reads` in the same transaction (under the person too when the
 * party is one of the register); retention erases the phones of
 * disputes archived before its cutoff.
 */
import { and, eq, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { personalDataReads } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";
import { blindIndex, blindIndexes, openField } from "../../core/personal-data/field-crypto.js";
import { normalisePhone } from "../../core/personal-data/id-number.js";
import { sealPhone, sealPhonesSetAside } from "../../core/personal-data/seal-set-aside.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import type { SealedTable } from "../../core/personal-data/rotate-keys.js";
import { ForbiddenError } from "../../shared/errors.js";
import { findVisibleDispute } from "./policy.js";
import { disputeParties, disputes, partyOrder } from "./schema.js";

/** What a party row stores for `phone` (all null without one). */
export const sealPartyPhone = sealPhone;

/** The blind index the repeat-party rule compares: equal numbers, equal index. */
export const partyPhoneIndex = (keys: PersonalDataKeys, phone: string): string =>
  blindIndex(keys, "phone", normalisePhone(phone));

/** The same under every index key held (the current one and those a rotation retires). */
export const partyPhoneIndexes = (keys: PersonalDataKeys, phone: string): string[] =>
  blindIndexes(keys, "phone", normalisePhone(phone));

/** The parties' phone numbers, sealed and indexed (what a key rotation moves). */
export const PARTY_SEALED_NUMBERS: SealedTable = {
  name: "dispute parties",
  table: disputeParties,
  id: disputeParties.id,
  columns: [{ field: "phone", cipher: disputeParties.phoneCipher, index: disputeParties.phoneIndex }],
};

/** Rows erased per statement by retention: short transactions. */
const BATCH = 500;

/**
 * Seals the phones the migration moved aside (it has no keys): cipher and blind index written,
 * the plain number nulled, in batches; safe to run on every start and from two servers at once.
 * Returns how many were sealed.
 */
export const sealPartyPhones = (db: Db, keys: PersonalDataKeys): Promise<number> =>
  sealPhonesSetAside(db, keys, {
    table: disputeParties,
    id: disputeParties.id,
    toSeal: disputeParties.phoneToSeal,
    cipher: disputeParties.phoneCipher,
    index: disputeParties.phoneIndex,
    masked: disputeParties.phoneMasked,
  });

export interface RevealedParty {
  id: string;
  name: string;
  phone: string | null;
}

/**
 * The parties' phones of one dispute in full, for whoever mediates in its scope (a mediator calls
 * the parties), with a reason; the read is logged in the same transaction. Without
 * mediation.mediate, or on a dispute the actor can read but not mediate there: 403; one they cannot
 * read: 404.
 */
export async function revealPartyPhones(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
  ref: string,
  reason: string,
): Promise<{ parties: RevealedParty[] }> {
  const mediates = requirePermission(actor, "mediation.mediate");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  return db.transaction(async (tx) => {
    const d = await findVisibleDispute(tx, ref, mediates).catch(async (err: unknown) => {
      // Readable here but not yours to mediate: 403; not readable at all: the 404 stands.
      const readable = bindingsFor(actor, "mediation.read");
      const seen = readable.length > 0 && (await findVisibleDispute(tx, ref, readable).catch(() => null));
      if (seen) throw new ForbiddenError("Your role may not see parties' phones in full here.");
      throw err;
    });
    const rows = await tx
      .select()
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, d.id))
      .orderBy(...partyOrder);
    const withPhone = rows.filter((r) => r.phoneCipher !== null);
    // One read row per person read: a party who is a person of the register (e.g. raised from a
    // visit) is filed under the person and the dispute together, so the person's "who read my
    // data" lists it once and the audit page shows it once, with both; the parties entered on the
    // spot (or a reveal that found no phone) share one row under the dispute alone.
    const persons = [...new Set(withPhone.map((r) => r.personId).filter((id): id is string => id !== null))];
    const onTheSpot = withPhone.filter((r) => r.personId === null);
    await tx.insert(personalDataReads).values([
      ...persons.map((personId) => ({
        userId: actor.userId,
        disputeId: d.id,
        personId,
        fields: "party_phone",
        reason,
      })),
      ...(onTheSpot.length > 0 || persons.length === 0
        ? [
            {
              userId: actor.userId,
              disputeId: d.id,
              fields: onTheSpot.length > 0 ? "party_phone" : "none",
              reason,
            },
          ]
        : []),
    ]);
    return {
      parties: rows.map((r) => ({
        id: r.id,
        name: r.name,
        phone: r.phoneCipher === null ? null : openField(keys, "phone", r.phoneCipher),
      })),
    };
  });
}

/**
 * Retention: the parties' phones of disputes archived before `cutoff` (the reporter-contact
 * period) are erased — cipher, index and masked form — and the parties marked; names, facts and
 * figures stay. Returns how many parties were erased.
 */
export async function erasePartyPhones(db: Db | Tx, cutoff: Date): Promise<number> {
  let erased = 0;
  for (;;) {
    const due = db
      .select({ id: disputeParties.id })
      .from(disputeParties)
      .innerJoin(disputes, eq(disputes.id, disputeParties.disputeId))
      .where(
        and(
          eq(disputes.status, "archived"),
          lt(disputes.archivedAt, cutoff),
          isNull(disputeParties.phoneErasedAt),
          isNotNull(disputeParties.phoneMasked),
        ),
      )
      .limit(BATCH);
    const rows = await db
      .update(disputeParties)
      .set({
        phoneCipher: null,
        phoneIndex: null,
        phoneMasked: null,
        phoneToSeal: null,
        phoneErasedAt: new Date(),
      })
      .where(inArray(disputeParties.id, due))
      .returning({ id: disputeParties.id });
    erased += rows.length;
    if (rows.length < BATCH) return erased;
  }
}
