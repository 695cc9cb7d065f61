import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Config } from "../../config.js";
import { openPglite } from "../../db/client.js";
import { DATA_DIR_DATABASE, DATA_DIR_KEYS, lockDataDir } from "../../db/data-dir.js";
import { BackupError } from "./backup-error.js";
import { backupSocketPath } from "./backup-socket.js";
import type { Manifest } from "./manifest.js";
import { readBackup } from "./read-backup.js";
import { snapshotPglite } from "./snapshot-pglite.js";
import { snapshotPostgres } from "./snapshot-postgres.js";
import type { DatabaseSnapshot } from "./snapshot.js";
import { writeBackup } from "./write-backup.js";

export interface BackupToFileOptions {
  out: string;
  includeKeys: boolean;
}

export interface BackupResult {
  manifest: Manifest;
  bytes: number;
  /** Who took the snapshot: the running server (through its socket) or this process. */
  madeBy: "server" | "this process";
}

/**
 * Asks the server running on DATA_DIR for a backup through its socket and streams the answer
 * into `out`. Resolves false when no server answers there (none running).
 */
async function backupFromServer(dataDir: string, includeKeys: boolean, out: Writable): Promise<boolean> {
  const response = await new Promise<http.IncomingMessage | undefined>((resolve, reject) => {
    const req = http.request({
      socketPath: backupSocketPath(dataDir),
      method: "POST",
      path: includeKeys ? "/backup?keys=1" : "/backup",
    });
    req.once("response", resolve);
    req.once("error", (err: NodeJS.ErrnoException) =>
      err.code === "ENOENT" || err.code === "ECONNREFUSED" ? resolve(undefined) : reject(err),
    );
    req.end();
  });
  if (response === undefined) return false;
  if (response.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // Not our JSON: show it as it came.
    }
    throw new BackupError(`the running server refused the backup: ${message}`);
  }
  try {
    await pipeline(response, out);
  } catch {
    throw new BackupError("the running server broke off the backup (see its log)");
  }
  return true;
}

/** With no server running: takes the DATA_DIR lock and makes the backup in this process. */
async function backupHere(config: Config, includeKeys: boolean, out: Writable): Promise<void> {
  const dbDir = path.join(config.dataDir, DATA_DIR_DATABASE);
  if (!fs.existsSync(dbDir)) throw new BackupError(`DATA_DIR ${config.dataDir} holds no database to back up`);
  const release = lockDataDir(config.dataDir);
  try {
    const database = await openPglite(dbDir, { migrate: false });
    try {
      await write(await snapshotPglite(database), config, includeKeys, out);
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

function write(
  snapshot: DatabaseSnapshot,
  config: Config,
  includeKeys: boolean,
  out: Writable,
): Promise<Manifest> {
  return writeBackup(
    snapshot,
    { uploadDir: config.uploadDir, keysDir: path.join(config.dataDir, DATA_DIR_KEYS), includeKeys },
    out,
  );
}

/** Flushes a file's (or a directory's) data to the disk. */
async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `npm run cli -- backup --out FILE`: a consistent backup of the configured database and its
 * uploads, made while the platform keeps running. Embedded database: the running server makes
 * it (backup-socket.ts), or this process when no server runs. PostgreSQL server: pg_dump of one
 * snapshot (snapshot-postgres.ts). The archive is written to a temp file beside FILE (mode 0600:
 * it holds personal data), synced, renamed to FILE, and then read back whole and checked
 * against its manifest, so a backup that reports success has been proven readable.
 */
export async function backupToFile(config: Config, opts: BackupToFileOptions): Promise<BackupResult> {
  const out = path.resolve(opts.out);
  const partial = `${out}.partial-${process.pid}`;
  let madeBy: BackupResult["madeBy"] = "this process";
  const handle = await fsp.open(partial, "wx", 0o600).catch((err: NodeJS.ErrnoException) => {
    throw new BackupError(`cannot write ${opts.out}: ${err.code ?? err.message}`);
  });
  // The stream owns the descriptor and closes it when the archive has ended.
  const stream = handle.createWriteStream();
  const closed = new Promise<void>((resolve) => stream.once("close", () => resolve()));
  try {
    if (config.databaseUrl) {
      await write(await snapshotPostgres(config.databaseUrl), config, opts.includeKeys, stream);
    } else if (await backupFromServer(config.dataDir, opts.includeKeys, stream)) {
      madeBy = "server";
    } else {
      await backupHere(config, opts.includeKeys, stream);
    }
    await closed;
    await syncFile(partial);
    await fsp.rename(partial, out);
    await syncFile(path.dirname(out));
  } catch (err) {
    stream.destroy();
    await fsp.rm(partial, { force: true });
    throw err;
  }
  const manifest = await readBackup(out);
  return { manifest, bytes: (await fsp.stat(out)).size, madeBy };
}
