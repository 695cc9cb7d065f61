/**
 * Numbers a migration set aside in plain text (SQL holds no keys, so it cannot encrypt): a
 * `*_to_seal` column beside the cipher, blind index and masked columns. The server seals them at
 * its start, before it answers anything, in short batches; safe on every start and from two
 * servers at once (rows another server holds are skipped and taken by it).
 */
import { sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { blindIndex, sealField } from "./field-crypto.js";
import { maskPhone, normalisePhone } from "./id-number.js";
import type { PersonalDataKeys } from "./keys.js";

/** A table's phone column set aside by a migration, and the columns that keep it sealed. */
export interface PhonesSetAside {
  table: PgTable;
  id: PgColumn;
  toSeal: PgColumn;
  cipher: PgColumn;
  index: PgColumn;
  masked: PgColumn;
}

/** The stored form of a phone (all null without one): cipher, blind index, masked form. */
export function sealPhone(keys: PersonalDataKeys, phone: string | null | undefined) {
  const normalised = phone ? normalisePhone(phone) : "";
  if (!normalised) return { phoneCipher: null, phoneIndex: null, phoneMasked: null };
  return {
    phoneCipher: sealField(keys, "phone", normalised),
    phoneIndex: blindIndex(keys, "phone", normalised),
    phoneMasked: maskPhone(normalised),
  };
}

const BATCH = 500;

/** Seals every phone `t` holds set aside, the plain number nulled; returns how many. */
export async function sealPhonesSetAside(db: Db, keys: PersonalDataKeys, t: PhonesSetAside): Promise<number> {
  let sealed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = (await tx
        .select({ id: t.id, phone: t.toSeal })
        .from(t.table)
        .where(sql`${t.toSeal} is not null`)
        .limit(BATCH)
        .for("update", { skipLocked: true })) as { id: string; phone: string }[];
      for (const r of rows) {
        const { phoneCipher, phoneIndex, phoneMasked } = sealPhone(keys, r.phone);
        await tx.execute(
          sql`update ${t.table} set ${sql.identifier(t.cipher.name)} = ${phoneCipher}, ${sql.identifier(
            t.index.name,
          )} = ${phoneIndex}, ${sql.identifier(t.masked.name)} = ${phoneMasked}, ${sql.identifier(
            t.toSeal.name,
          )} = null where ${t.id} = ${r.id}`,
        );
      }
      return rows.length;
    });
    sealed += done;
    if (done < BATCH) return sealed;
  }
}
