/**
 * Mediators' own phones, kept as parties' phones are (./party-phones.ts): AES-256-GCM ciphertext,
 * HMAC blind index and the masked form every answer shows; a key rotation moves them with the
 * register's numbers. Nothing in the platform reads them in full yet, so there is no reveal.
 */
import type { Db } from "../../db/client.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import type { SealedTable } from "../../core/personal-data/rotate-keys.js";
import { sealPhone, sealPhonesSetAside } from "../../core/personal-data/seal-set-aside.js";
import { mediators } from "./schema.js";

/** What a mediator row stores for `phone`: cipher, blind index, masked form (all null without one). */
export const sealMediatorPhone = sealPhone;

/** The mediators' phone numbers, sealed and indexed (what a key rotation moves). */
export const MEDIATOR_SEALED_NUMBERS: SealedTable = {
  name: "mediators",
  table: mediators,
  id: mediators.id,
  columns: [{ field: "phone", cipher: mediators.phoneCipher, index: mediators.phoneIndex }],
};

/** Seals the mediators' phones the migration set aside (it has no keys); returns how many. */
export const sealMediatorPhones = (db: Db, keys: PersonalDataKeys): Promise<number> =>
  sealPhonesSetAside(db, keys, {
    table: mediators,
    id: mediators.id,
    toSeal: mediators.phoneToSeal,
    cipher: mediators.phoneCipher,
    index: mediators.phoneIndex,
    masked: mediators.phoneMasked,
  });
