/**
 * The keys of personal data at rest: a data key (AES-256-GCM) and a separate index key
 * (HMAC-SHA256 blind index), each 32 bytes, from DATA_KEY and DATA_INDEX_KEY. Outside production
 * a fixed development pair is used when they are unset; in production (NODE_ENV=production) they
 * are required. Neither key is ever logged or echoed in an error.
 *
 * Rotation: DATA_KEY_PREVIOUS and DATA_INDEX_KEY_PREVIOUS name the keys being retired (comma
 * separated when more than one). Numbers sealed under them still open and are still found; new
 * ones are sealed under the current keys, and `npm run cli -- rotate-keys` re-seals the rest
 * while the server keeps running (README: "Rotating the data keys").
 */
import { createHash } from "node:crypto";

export interface PersonalDataKeys {
  /** AES-256-GCM key for ID and phone numbers. */
  data: Buffer;
  /** HMAC-SHA256 key for the blind index; never the data key. */
  index: Buffer;
  /** True when the development pair is in use (never in production). */
  development: boolean;
  /** Keys being retired: they open and find what was sealed under them, and seal nothing new. */
  retired: { data: Buffer[]; index: Buffer[] };
}

/** Thrown for a key a person must fix; the message never contains the key. */
export class KeyConfigError extends Error {}

/** 64 hex digits or base64 of 32 bytes. */
function parseKey(name: string, value: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(value)
      ? Buffer.from(value, "base64")
      : null;
  if (!bytes || bytes.length !== 32) {
    throw new KeyConfigError(
      `${name} must be 32 random bytes as 64 hex digits or base64 (e.g. openssl rand -hex 32).`,
    );
  }
  return bytes;
}

/** The development pair: public, so useless for real data; production refuses to start on it. */
const devKey = (label: string) => createHash("sha256").update(`microgov development ${label}`).digest();

/** Reads DATA_KEY and DATA_INDEX_KEY from `env` (empty counts as unset). */
export function personalDataKeysFromEnv(env: NodeJS.ProcessEnv): PersonalDataKeys {
  const dataValue = env.DATA_KEY?.trim();
  const indexValue = env.DATA_INDEX_KEY?.trim();
  if (!dataValue && !indexValue) {
    if (env.NODE_ENV === "production") {
      throw new KeyConfigError(
        "DATA_KEY and DATA_INDEX_KEY must be set in production (32 random bytes each, e.g. openssl rand -hex 32); back them up: without them the register's ID and phone numbers cannot be read.",
      );
    }
    if (env.DATA_KEY_PREVIOUS?.trim() || env.DATA_INDEX_KEY_PREVIOUS?.trim()) {
      throw new KeyConfigError(
        "DATA_KEY_PREVIOUS and DATA_INDEX_KEY_PREVIOUS retire keys in favour of DATA_KEY and DATA_INDEX_KEY: set those too.",
      );
    }
    return {
      data: devKey("data key"),
      index: devKey("index key"),
      development: true,
      retired: { data: [], index: [] },
    };
  }
  if (!dataValue || !indexValue) {
    throw new KeyConfigError(
      "DATA_KEY and DATA_INDEX_KEY are set together: one without the other is refused.",
    );
  }
  const data = parseKey("DATA_KEY", dataValue);
  const index = parseKey("DATA_INDEX_KEY", indexValue);
  if (data.equals(index)) throw new KeyConfigError("DATA_INDEX_KEY must differ from DATA_KEY.");
  const retired = {
    data: retiredKeys("DATA_KEY_PREVIOUS", env.DATA_KEY_PREVIOUS, data),
    index: retiredKeys("DATA_INDEX_KEY_PREVIOUS", env.DATA_INDEX_KEY_PREVIOUS, index),
  };
  return { data, index, development: false, retired };
}

/**
 * The keys a rotation retires (comma separated); the development key of that kind may be one of
 * them, by the word "development", so data entered before real keys were set can be moved too.
 */
function retiredKeys(name: string, value: string | undefined, current: Buffer): Buffer[] {
  const kind = name.startsWith("DATA_INDEX") ? "index key" : "data key";
  const keys = (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => (v === "development" ? devKey(kind) : parseKey(name, v)));
  if (keys.some((k) => k.equals(current))) {
    throw new KeyConfigError(`${name} names the current key: a key cannot be retired in its own favour.`);
  }
  return keys;
}
