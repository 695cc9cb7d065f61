import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { BackupError } from "./backup-error.js";
import {
  BackupHeaderSchema,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  ManifestSchema,
  type BackupHeader,
  type FileEntry,
  type Manifest,
} from "./manifest.js";
import { readTar, TarFormatError } from "./tar.js";

/** The header and the manifest are small; anything larger under their names is not ours. */
const JSON_ENTRY_MAX = 64 * 1024 * 1024;

export interface ReadBackupOptions {
  /**
   * Where to write an archive file (`db/pgdata.tar`, `uploads/…`, `keys/…`), or undefined to
   * only check it. Parents are created; a file that exists already is an error.
   */
  destination?: (entry: string) => string | undefined;
  /** Sees the header before anything else is read; throws to refuse the backup early. */
  onHeader?: (header: BackupHeader) => void;
}

/** The first bytes of a gzip stream. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** The first bytes of `file` (fewer when it is shorter). */
export async function fileStart(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** True when `file` starts like a gzip stream, as every Microgov backup does. */
export async function looksLikeBackupArchive(file: string): Promise<boolean> {
  return (await fileStart(file, 2)).equals(GZIP_MAGIC);
}

async function readAll(data: AsyncIterable<Buffer>, size: number, name: string): Promise<Buffer> {
  if (size > JSON_ENTRY_MAX) throw new TarFormatError(`${name} is implausibly large`);
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseJson(data: Buffer, name: string): unknown {
  try {
    return JSON.parse(data.toString("utf8")) as unknown;
  } catch {
    throw new TarFormatError(`${name} is not valid JSON`);
  }
}

/** Hashes a file's bytes on their way to `target` (or nowhere), and syncs it to disk. */
async function takeFile(
  name: string,
  data: AsyncIterable<Buffer>,
  target: string | undefined,
): Promise<FileEntry> {
  const hash = createHash("sha256");
  let bytes = 0;
  const handle = target === undefined ? undefined : await openNew(target);
  try {
    for await (const chunk of data) {
      hash.update(chunk);
      bytes += chunk.length;
      if (handle) await handle.write(chunk);
    }
    await handle?.sync();
  } finally {
    await handle?.close();
  }
  return { path: name, bytes, sha256: hash.digest("hex") };
}

async function openNew(target: string): Promise<fs.FileHandle> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  return fs.open(target, "wx");
}

/** Why the files read differ from the manifest's list, or undefined when they agree. */
function compareFiles(
  expected: readonly FileEntry[],
  seen: ReadonlyMap<string, FileEntry>,
): string | undefined {
  const listed = new Set<string>();
  for (const file of expected) {
    listed.add(file.path);
    const got = seen.get(file.path);
    if (got === undefined) return `${file.path} is missing`;
    if (got.bytes !== file.bytes || got.sha256 !== file.sha256)
      return `${file.path} does not match its checksum`;
  }
  for (const name of seen.keys()) if (!listed.has(name)) return `${name} is not in the manifest`;
  return undefined;
}

function sameHeader(a: BackupHeader, b: BackupHeader): boolean {
  return (
    a.format === b.format &&
    a.createdAt === b.createdAt &&
    a.database === b.database &&
    JSON.stringify(a.schema) === JSON.stringify(b.schema)
  );
}

/** The header of the backup archive `file` (its first entry), read without going further. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  const stop = new Error("header read");
  try {
    await readBackup(file, {
      onHeader: (h) => {
        header = h;
        throw stop;
      },
    });
  } catch (err) {
    if (err !== stop) throw err;
  }
  if (header === undefined) throw new BackupError(`${file} is not a Microgov backup (no header)`);
  return header;
}

/**
 * Reads a backup archive from start to end, checks every file against the SHA-256 and size in
 * its manifest, and resolves with the manifest. A truncated or damaged archive (gzip or tar
 * error, checksum mismatch, a file missing or extra, no manifest) is a BackupError that names
 * `file` and says what is wrong. Files are written where `destination` says as they arrive; the
 * caller removes them when this throws.
 */
export async function readBackup(file: string, opts: ReadBackupOptions = {}): Promise<Manifest> {
  const damaged = (reason: string) => new BackupError(`backup ${file} is damaged: ${reason}`);
  if (!(await looksLikeBackupArchive(file))) {
    throw new BackupError(`${file} is not a Microgov backup (not a gzip archive)`);
  }
  let header: BackupHeader | undefined;
  let manifest: Manifest | undefined;
  const seen = new Map<string, FileEntry>();
  const input = createReadStream(file);
  const gunzip = input.pipe(createGunzip());
  try {
    for await (const entry of readTar(gunzip)) {
      if (manifest !== undefined) throw new TarFormatError(`${entry.path} follows the manifest`);
      if (header === undefined) {
        if (entry.path !== HEADER_ENTRY) {
          throw new BackupError(`${file} is not a Microgov backup (it does not start with ${HEADER_ENTRY})`);
        }
        const parsed = BackupHeaderSchema.safeParse(
          parseJson(await readAll(entry.data, entry.size, HEADER_ENTRY), HEADER_ENTRY),
        );
        if (!parsed.success)
          throw new BackupError(`${file} is not a backup this Microgov can read (unknown header)`);
        header = parsed.data;
        opts.onHeader?.(header);
        continue;
      }
      if (entry.path === MANIFEST_ENTRY) {
        const parsed = ManifestSchema.safeParse(
          parseJson(await readAll(entry.data, entry.size, MANIFEST_ENTRY), MANIFEST_ENTRY),
        );
        if (!parsed.success) throw new TarFormatError("the manifest is not valid");
        manifest = parsed.data;
        continue;
      }
      if (seen.has(entry.path)) throw new TarFormatError(`${entry.path} appears twice`);
      seen.set(entry.path, await takeFile(entry.path, entry.data, opts.destination?.(entry.path)));
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    if (err instanceof TarFormatError) throw damaged(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR") throw damaged("the archive ends early (truncated)");
    if (typeof code === "string" && code.startsWith("Z_"))
      throw damaged(`the compressed data is corrupt (${(err as Error).message})`);
    throw err;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (header === undefined) throw damaged("it is empty");
  if (manifest === undefined) throw damaged("the manifest is missing (truncated)");
  if (!sameHeader(header, manifest)) throw damaged("the header and the manifest disagree");
  const problem = compareFiles(manifest.files, seen);
  if (problem !== undefined) throw damaged(problem);
  return manifest;
}
