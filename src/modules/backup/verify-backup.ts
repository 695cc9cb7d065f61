import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { POSTGRES_DUMP_ENTRY, type Manifest } from "./manifest.js";
import { runPgTool } from "./pg-tools.js";
import { readBackup, readBackupHeader } from "./read-backup.js";
import { restorePglite } from "./restore-pglite.js";

/**
 * `npm run cli -- verify-backup FILE`: proves a backup by restoring it, without touching the
 * running platform. An embedded-database backup is restored whole into a temp directory (every
 * checksum, then the database opened and its schema and row counts compared with the manifest)
 * and deleted again; a PostgreSQL backup has its checksums checked and its dump's table of
 * contents read by pg_restore (restoring that needs a server: restore it into a scratch one).
 */
export async function verifyBackup(file: string): Promise<Manifest> {
  const header = await readBackupHeader(file);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "microgov-verify-"));
  try {
    if (header.database === "pglite") {
      const dataDir = path.join(scratch, "data");
      return await restorePglite(file, { dataDir, uploadDir: path.join(dataDir, "uploads") });
    }
    const dump = path.join(scratch, "dump.pgdump");
    const manifest = await readBackup(file, {
      destination: (e) => (e === POSTGRES_DUMP_ENTRY ? dump : undefined),
    });
    await runPgTool("pg_restore", undefined, ["--list", dump]);
    return manifest;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
