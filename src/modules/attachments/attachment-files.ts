/**
 * The files behind attachments, under UPLOAD_DIR: `<aa>/<sha256>.<ext>` and
 * `<aa>/<sha256>.thumb.webp` (`aa` = the hash's first two hex digits, so no directory grows
 * huge). Files are written to `tmp/` and renamed into place, so a crash never leaves a partial
 * file under a real name; what it can leave in `tmp/` the cleanup job removes.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import fsSync from "node:fs";
import path from "node:path";
import { ConfigError } from "../../config.js";
import type { AttachmentMime } from "../../db/schema.js";

const EXTENSIONS: Record<AttachmentMime, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

/** Where temporary files are written before their rename. */
export const TMP_DIR = "tmp";

/** Relative paths of a photo and its thumbnail, named by the photo's SHA-256. */
export function contentPaths(
  sha256: string,
  mime: AttachmentMime,
): { storagePath: string; thumbPath: string } {
  const shard = sha256.slice(0, 2);
  return {
    storagePath: path.join(shard, `${sha256}.${EXTENSIONS[mime]}`),
    thumbPath: path.join(shard, `${sha256}.thumb.webp`),
  };
}

/**
 * Resolves a stored relative path under `uploadDir`; refuses one that would leave it (the paths
 * come from our own rows, but a hand-edited row must not turn into a file read anywhere).
 */
export function resolveStored(uploadDir: string, relative: string): string {
  const full = path.resolve(uploadDir, relative);
  if (!full.startsWith(uploadDir + path.sep))
    throw new Error(`stored path ${relative} is outside UPLOAD_DIR`);
  return full;
}

/**
 * Writes `data` to `relative` atomically and durably: temp file, fsync, rename, fsync of the
 * directory. An existing file of the same name has the same content (it is named by its hash);
 * replacing it also refreshes its mtime, which tells the cleanup job the file is in use again.
 */
export async function writeStoredFile(uploadDir: string, relative: string, data: Uint8Array): Promise<void> {
  const target = resolveStored(uploadDir, relative);
  const tmpDir = path.join(uploadDir, TMP_DIR);
  await fs.mkdir(tmpDir, { recursive: true });
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(tmpDir, `${randomBytes(12).toString("hex")}.part`);
  const handle = await fs.open(tmp, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  const dir = await fs.open(path.dirname(target), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Makes sure UPLOAD_DIR exists and is writable; call once at start (after the database is open:
 * the default lives inside DATA_DIR, which must first hold the database). A person must fix a
 * failure, so it is a ConfigError.
 */
export function prepareUploadDir(uploadDir: string): void {
  try {
    fsSync.mkdirSync(path.join(uploadDir, TMP_DIR), { recursive: true });
    const probe = path.join(uploadDir, TMP_DIR, `.write-probe-${process.pid}`);
    fsSync.writeFileSync(probe, "");
    fsSync.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`UPLOAD_DIR ${uploadDir} is not a writable directory (${code}); set UPLOAD_DIR.`);
  }
}
