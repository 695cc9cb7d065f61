import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";

const SALT_KEY = "attachments.ipHashSalt";
/** One salt per database, read once per process. */
const salts = new WeakMap<Db, Promise<string>>();

async function loadSalt(db: Db): Promise<string> {
  // Whoever inserts first wins; everyone then reads the same value.
  await db
    .insert(settings)
    .values({ key: SALT_KEY, value: randomBytes(32).toString("hex") })
    .onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SALT_KEY));
  if (typeof row?.value !== "string") throw new Error(`setting ${SALT_KEY} is missing or not a string`);
  return row.value;
}

/**
 * The uploader's IP as a keyed hash: equal IPs give equal hashes (to trace abuse), yet the IP
 * cannot be recovered by hashing all 2³² IPv4 addresses, as it could from a plain SHA-256.
 */
export async function uploaderIpHash(db: Db, ip: string): Promise<string> {
  let salt = salts.get(db);
  if (!salt) {
    salt = loadSalt(db);
    salts.set(db, salt);
    // A failed read must not be cached for the life of the process.
    salt.catch(() => salts.delete(db));
  }
  return createHmac("sha256", await salt)
    .update(ip)
    .digest("hex");
}
