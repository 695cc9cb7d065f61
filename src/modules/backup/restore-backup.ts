import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../config.js";
import { DATA_DIR_KEYS, lockDataDir } from "../../db/data-dir.js";
import { BackupError } from "./backup-error.js";
import type { Manifest, SchemaVersion } from "./manifest.js";
import { looksLikeBackupArchive } from "./read-backup.js";
import { restorePglite } from "./restore-pglite.js";
import { pgDumpFormat, restoreArchiveToPostgres, restorePgDump } from "./restore-postgres.js";

export type RestoreResult =
  | { kind: "archive"; manifest: Manifest }
  | { kind: "pg_dump"; format: "custom" | "plain"; schema: SchemaVersion; tables: Record<string, number> };

/**
 * `npm run cli -- restore FILE`: puts a backup back into the configured, empty place.
 * - A Microgov backup of an embedded database → DATA_DIR (no database in it) and UPLOAD_DIR
 *   (empty), under the DATA_DIR lock so no server starts on it meanwhile.
 * - A Microgov backup made on a PostgreSQL server → the empty database at DATABASE_URL, and
 *   UPLOAD_DIR.
 * - A bare pg_dump (custom or plain) → the empty database at DATABASE_URL; uploads not included.
 * Refusals and damage are BackupErrors (one line); none leaves anything behind.
 */
export async function restoreBackup(config: Config, file: string): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new BackupError(`${file}: no such file`);
  const keysDir = path.join(config.dataDir, DATA_DIR_KEYS);
  if (await looksLikeBackupArchive(file)) {
    if (config.databaseUrl) {
      const target = { databaseUrl: config.databaseUrl, uploadDir: config.uploadDir, keysDir };
      return { kind: "archive", manifest: await restoreArchiveToPostgres(file, target) };
    }
    const created = !fs.existsSync(config.dataDir);
    const release = lockDataDir(config.dataDir);
    try {
      return { kind: "archive", manifest: await restorePglite(file, config) };
    } catch (err) {
      release();
      // A DATA_DIR this restore made for nothing goes too (rmdir: only while it is empty).
      if (created) {
        try {
          fs.rmdirSync(config.dataDir);
        } catch {
          // Not empty after all (someone else wrote there): leave it.
        }
      }
      throw err;
    } finally {
      release();
    }
  }
  const format = await pgDumpFormat(file);
  if (format === undefined) throw new BackupError(`${file} is neither a Microgov backup nor a pg_dump file`);
  if (!config.databaseUrl) {
    throw new BackupError(
      `${file} is a pg_dump: it restores into a PostgreSQL server; set DATABASE_URL to an empty database`,
    );
  }
  const restored = await restorePgDump(file, format, {
    databaseUrl: config.databaseUrl,
    uploadDir: config.uploadDir,
    keysDir,
  });
  return { kind: "pg_dump", format, ...restored };
}
