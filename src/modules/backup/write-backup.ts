import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { resolveStored } from "../attachments/index.js";
import {
  BACKUP_FORMAT,
  HEADER_ENTRY,
  KEYS_PREFIX,
  MANIFEST_ENTRY,
  UPLOADS_PREFIX,
  type BackupHeader,
  type FileEntry,
  type Manifest,
} from "./manifest.js";
import type { DatabaseSnapshot } from "./snapshot.js";
import { TAR_END, tarHeader, tarPadding } from "./tar.js";

export interface WriteBackupOptions {
  uploadDir: string;
  /** The data keys' directory (DATA_DIR/keys); read only when `includeKeys`. */
  keysDir: string;
  /** Put the data keys in the archive too; without it they are never in it. */
  includeKeys: boolean;
  now?: Date;
}

/**
 * gzip level 1: the dump compresses about 4:1 at level 1 and barely better at 6 for twice the
 * time, and photos do not compress at all.
 */
const GZIP_LEVEL = 1;
/**
 * Pieces of 8 MiB. A server under load runs the backup between requests; every piece of
 * compression is a trip through its event loop, and at zlib's default 16 KiB the demo database
 * took nearly four minutes behind saturating intake traffic (about 30 s in 8 MiB pieces; 4 s
 * when idle). Hashing a piece blocks the loop for a few milliseconds, not the whole dump's half
 * second.
 */
export const BACKUP_CHUNK_BYTES = 8 * 1024 * 1024;

/** Regular files under `dir`, as paths relative to it with `/`; none when it does not exist. */
async function listFiles(dir: string, under = ""): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, under), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = under === "" ? e.name : `${under}/${e.name}`;
    if (e.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else if (e.isFile()) files.push(relative);
  }
  return files;
}

/** The file opened for reading, or undefined when it is not there. */
async function openIfPresent(file: string): Promise<fs.FileHandle | undefined> {
  try {
    return await fs.open(file, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * Streams a backup archive (see manifest.ts for its layout) of `snapshot` and the files it refers
 * to into `out`, gzip-compressed, and resolves with its manifest once `out` has it all. The files
 * are read after the snapshot: photos are named by their content and never rewritten, so what
 * the snapshot refers to is still what is on disk, unless an unclaimed one was cleaned up in
 * between (then it is listed under `missingUploads`).
 */
export async function writeBackup(
  snapshot: DatabaseSnapshot,
  opts: WriteBackupOptions,
  out: Writable,
): Promise<Manifest> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    createdAt: (opts.now ?? new Date()).toISOString(),
    database: snapshot.kind,
    schema: snapshot.schema,
  };
  const files: FileEntry[] = [];
  const missingUploads: Manifest["missingUploads"] = [];
  const mtime = Math.floor(Date.parse(header.createdAt) / 1000);
  let manifest: Manifest | undefined;

  /** One file's header, bytes and padding, hashed on the way; the size is checked too. */
  async function* entry(name: string, bytes: number, data: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    yield tarHeader({ path: name, size: bytes, mtime });
    const hash = createHash("sha256");
    let seen = 0;
    for await (const chunk of data) {
      seen += chunk.length;
      if (seen > bytes) break;
      hash.update(chunk);
      yield chunk;
    }
    if (seen !== bytes) throw new Error(`${name} changed size while it was being backed up`);
    yield tarPadding(bytes);
    files.push({ path: name, bytes, sha256: hash.digest("hex") });
  }

  function jsonEntry(name: string, value: unknown): Buffer[] {
    const data = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
    return [tarHeader({ path: name, size: data.length, mtime }), data, tarPadding(data.length)];
  }

  /** A file on disk read through one descriptor, so its size and bytes belong together. */
  async function* diskEntry(name: string, handle: fs.FileHandle): AsyncGenerator<Buffer> {
    try {
      const { size } = await handle.stat();
      yield* entry(
        name,
        size,
        handle.createReadStream({ autoClose: false, highWaterMark: BACKUP_CHUNK_BYTES }),
      );
    } finally {
      await handle.close();
    }
  }

  async function* archive(): AsyncGenerator<Buffer> {
    yield* jsonEntry(HEADER_ENTRY, header);
    yield* entry(snapshot.entry, snapshot.bytes, snapshot.open());
    for (const upload of snapshot.uploads) {
      const handle = await openIfPresent(resolveStored(opts.uploadDir, upload.path));
      if (handle === undefined) {
        missingUploads.push({ path: upload.path, claimed: upload.claimed });
        continue;
      }
      yield* diskEntry(`${UPLOADS_PREFIX}${upload.path.split(path.sep).join("/")}`, handle);
    }
    if (opts.includeKeys) {
      for (const relative of await listFiles(opts.keysDir)) {
        yield* diskEntry(`${KEYS_PREFIX}${relative}`, await fs.open(path.join(opts.keysDir, relative), "r"));
      }
    }
    manifest = { ...header, tables: snapshot.tables, files, missingUploads, includesKeys: opts.includeKeys };
    yield* jsonEntry(MANIFEST_ENTRY, manifest);
    yield TAR_END;
  }

  try {
    await pipeline(
      Readable.from(archive()),
      createGzip({ level: GZIP_LEVEL, chunkSize: BACKUP_CHUNK_BYTES }),
      out,
    );
  } finally {
    await snapshot.dispose();
  }
  if (manifest === undefined) throw new Error("the backup archive was not finished");
  return manifest;
}
