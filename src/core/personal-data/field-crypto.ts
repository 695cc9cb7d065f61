/**
 * Encryption of single personal-data fields (AES-256-GCM, node:crypto) and their blind index
 * (HMAC-SHA256). A ciphertext is `v2.<key id>.<base64 iv|tag|ciphertext>` (the key id names the
 * data key, so a rotation knows what is still to re-seal; `v1.<…>` without it was written before
 * rotation existed and is opened by trying the keys); the field's name is the additional
 * authenticated data, so a phone's ciphertext copied into the ID column fails to open. The blind
 * index is of the normalised value under a separate key, for exact search without decrypting
 * anything; while a rotation runs, a look-up asks for the index under every key (`blindIndexes`).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import type { PersonalDataKeys } from "./keys.js";

/** The fields encrypted at rest; the name binds a ciphertext and an index to its field. */
export type SealedField = "id_number" | "phone";

const VERSION = "v2";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A data key's public name: 8 hex digits of a hash of it (it tells nothing of the key). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("microgov data key id\u0000").update(key).digest("hex").slice(0, 8);
}

/** Encrypts `plain` (already normalised) for `field` under the current data key. */
export function sealField(keys: PersonalDataKeys, field: SealedField, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.data, iv);
  cipher.setAAD(Buffer.from(field));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}.${keyId(keys.data)}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

function openWith(key: Buffer, field: SealedField, payload: string): string {
  const bytes = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(field));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}

/**
 * Decrypts what `sealField` wrote for `field`, under the current key or a retired one; throws on
 * an unknown key, a wrong field or tampering (never saying more than that).
 */
export function openField(keys: PersonalDataKeys, field: SealedField, sealed: string): string {
  const all = [keys.data, ...keys.retired.data];
  const parts = sealed.split(".");
  if (parts[0] === VERSION && parts.length === 3 && parts[1] && parts[2]) {
    const key = all.find((k) => keyId(k) === parts[1]);
    if (!key)
      throw new Error(`Personal data sealed under a data key this server does not hold (${parts[1]}).`);
    return openWith(key, field, parts[2]);
  }
  if (parts[0] === "v1" && parts.length === 2 && parts[1]) {
    for (const key of all) {
      try {
        return openWith(key, field, parts[1]);
      } catch {
        // Not this key: try the next one.
      }
    }
    throw new Error("Personal data sealed under a data key this server does not hold.");
  }
  throw new Error("Unknown personal-data ciphertext version.");
}

/** True when `sealed` is under the current data key (a rotation leaves it alone). */
export function sealedUnderCurrentKey(keys: PersonalDataKeys, sealed: string): boolean {
  return sealed.startsWith(`${VERSION}.${keyId(keys.data)}.`);
}

function indexUnder(key: Buffer, field: SealedField, normalised: string): string {
  return createHmac("sha256", key).update(`${field}\u0000${normalised}`).digest("hex");
}

/** The keyed blind index of a normalised value: equal values, equal index; nothing else leaks. */
export function blindIndex(keys: PersonalDataKeys, field: SealedField, normalised: string): string {
  return indexUnder(keys.index, field, normalised);
}

/**
 * The index under the current key and under each retired one: what a look-up asks for, so a
 * number is found whether or not a rotation has reached its row yet. One value without rotation.
 */
export function blindIndexes(keys: PersonalDataKeys, field: SealedField, normalised: string): string[] {
  return [keys.index, ...keys.retired.index].map((k) => indexUnder(k, field, normalised));
}
