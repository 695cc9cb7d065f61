/**
 * Encryption of single personal-data fields (AES-256-GCM, node:crypto) and their blind index
 * (HMAC-SHA256). A ciphertext is `v1.<base64 iv|tag|ciphertext>`; the field's name is the
 * additional authenticated data, so a phone's ciphertext copied into the ID column fails to open.
 * The blind index is of the normalised value under a separate key, for exact search without
 * decrypting anything.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import type { PersonalDataKeys } from "./keys.js";

/** The fields encrypted at rest; the name binds a ciphertext and an index to its field. */
export type SealedField = "id_number" | "phone";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts `plain` (already normalised) for `field`. */
export function sealField(keys: PersonalDataKeys, field: SealedField, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.data, iv);
  cipher.setAAD(Buffer.from(field));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

/** Decrypts what `sealField` wrote for `field`; throws on a wrong key, field or tampering. */
export function openField(keys: PersonalDataKeys, field: SealedField, sealed: string): string {
  const [version, payload] = sealed.split(".", 2);
  if (version !== VERSION || !payload) throw new Error("Unknown personal-data ciphertext version.");
  const bytes = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keys.data, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(field));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}

/** The keyed blind index of a normalised value: equal values, equal index; nothing else leaks. */
export function blindIndex(keys: PersonalDataKeys, field: SealedField, normalised: string): string {
  return createHmac("sha256", keys.index).update(`${field}\u0000${normalised}`).digest("hex");
}
