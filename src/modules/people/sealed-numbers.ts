import type { SealedTable } from "../../core/personal-data/rotate-keys.js";
import { persons } from "./schema.js";

/** The persons' ID and phone numbers, sealed and indexed (what a key rotation moves). */
export const PERSON_SEALED_NUMBERS: SealedTable = {
  name: "persons",
  table: persons,
  id: persons.id,
  columns: [
    { field: "id_number", cipher: persons.idNumberCipher, index: persons.idNumberIndex },
    { field: "phone", cipher: persons.phoneCipher, index: persons.phoneIndex },
  ],
};
