/**
 * The running server's backup door: an HTTP endpoint on a Unix socket in DATA_DIR/.run (mode
 * 0700), not on the network. PGlite lives inside the server process, so only the server can take
 * a consistent copy of it while it keeps serving; `npm run cli -- backup` asks it through this
 * socket and writes what comes back. Who may ask is decided by the file system: whoever can open
 * the socket can read DATA_DIR's database files anyway, so no password or session is involved,
 * and a stolen admin session on the network cannot download the whole database.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import { DATA_DIR_KEYS, DATA_DIR_RUN } from "../../db/data-dir.js";
import { snapshotPglite } from "./snapshot-pglite.js";
import { writeBackup } from "./write-backup.js";

/** The socket's name inside DATA_DIR/.run. */
const SOCKET_NAME = "backup.sock";
/** Linux allows 108 bytes for a socket path; leave room for the terminating NUL and more. */
const SOCKET_PATH_MAX = 100;

/** Where the server of `dataDir` listens for backup requests. */
export function backupSocketPath(dataDir: string): string {
  return path.join(dataDir, DATA_DIR_RUN, SOCKET_NAME);
}

export interface BackupSocketLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BackupSocket {
  close(): Promise<void>;
}

function answerError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code, message } }));
}

/**
 * Listens on DATA_DIR/.run/backup.sock for `POST /backup` (`?keys=1` to include the data keys)
 * and answers with a backup archive. One backup at a time. Resolves to undefined (with a warning)
 * where no socket can be made, e.g. a DATA_DIR path too long for one: the server still runs,
 * and backups then need it stopped.
 */
export async function serveBackups(opts: {
  database: Database;
  config: Config;
  log: BackupSocketLog;
}): Promise<BackupSocket | undefined> {
  const { database, config, log } = opts;
  const socketPath = backupSocketPath(config.dataDir);
  if (Buffer.byteLength(socketPath) > SOCKET_PATH_MAX) {
    log.warn({ socketPath }, "DATA_DIR path too long for the backup socket; online backups are off");
    return undefined;
  }

  let busy = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://backup");
    if (req.method !== "POST" || url.pathname !== "/backup") {
      answerError(res, 404, "not_found", "POST /backup is the only request here.");
      return;
    }
    if (busy) {
      answerError(res, 409, "backup_running", "A backup is already being made; try again when it ends.");
      return;
    }
    busy = true;
    const includeKeys = url.searchParams.get("keys") === "1";
    const started = Date.now();
    void (async () => {
      try {
        const snapshot = await snapshotPglite(database);
        res.writeHead(200, { "content-type": "application/gzip" });
        const manifest = await writeBackup(
          snapshot,
          { uploadDir: config.uploadDir, keysDir: path.join(config.dataDir, DATA_DIR_KEYS), includeKeys },
          res,
        );
        log.info(
          {
            ms: Date.now() - started,
            rows: Object.values(manifest.tables).reduce((a, b) => a + b, 0),
            files: manifest.files.length,
            missingUploads: manifest.missingUploads.length,
            includesKeys: manifest.includesKeys,
          },
          "backup made",
        );
      } catch (err) {
        log.error({ err }, "backup failed");
        if (res.headersSent) res.destroy(err instanceof Error ? err : undefined);
        else answerError(res, 500, "backup_failed", `The backup failed: ${(err as Error).message}`);
      } finally {
        busy = false;
      }
    })();
  });
  try {
    const runDir = path.dirname(socketPath);
    fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(runDir, 0o700);
    // We hold the DATA_DIR lock: a socket file left here belongs to a server that died.
    fs.rmSync(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => resolve());
    });
    fs.chmodSync(socketPath, 0o600);
  } catch (err) {
    log.warn({ err, socketPath }, "cannot open the backup socket; online backups are off");
    server.close();
    return undefined;
  }
  server.on("error", (err) => log.error({ err }, "backup socket error"));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        fs.rmSync(socketPath, { force: true });
      }),
  };
}
