import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openPglite } from "../../db/client.js";
import { DATA_DIR_DATABASE, DATA_DIR_KEYS } from "../../db/data-dir.js";
import { BackupError } from "./backup-error.js";
import type { Manifest } from "./manifest.js";
import { moveIntoPlace, requireEmpty, stagingBeside } from "./restore-target.js";
import { MIGRATIONS_QUERY, schemaVersionOf } from "./schema-version.js";
import { compareCounts, countTables } from "./snapshot.js";
import { stageBackup } from "./stage-backup.js";

export interface PgliteTarget {
  /** DATA_DIR, locked by the caller, holding no database. */
  dataDir: string;
  uploadDir: string;
}

/**
 * Opens the database PGlite loads from `dump` into `dir` and checks it against the manifest: the
 * same schema version, the same rows in every table. The database is left in `dir`.
 */
async function loadAndCheck(dump: string, dir: string, manifest: Manifest, file: string): Promise<void> {
  const database = await openPglite(dir, { loadDataDir: await fs.openAsBlob(dump), migrate: false });
  try {
    const query = async (text: string) =>
      (database.db.execute(sql.raw(text)) as unknown as Promise<{ rows: Record<string, unknown>[] }>).then(
        (r) => r.rows,
      );
    const schema = schemaVersionOf((await query(MIGRATIONS_QUERY)).map((r) => Number(r.created_at)));
    const problem =
      schema.createdAt !== manifest.schema.createdAt
        ? "its schema version differs from the manifest's"
        : compareCounts(manifest.tables, await countTables(query));
    if (problem !== undefined)
      throw new BackupError(`backup ${file} is damaged: the restored database does not match: ${problem}`);
  } finally {
    await database.close();
  }
}

/**
 * Restores an embedded-database backup into `target`: DATA_DIR must hold no database and
 * UPLOAD_DIR must be empty (DATA_DIR may already hold `keys/`, put there by the operator, unless
 * the backup brings keys of its own). Everything is written to staging directories first; the
 * archive's checksums, then the opened database's schema and row counts are checked against the
 * manifest; only then are uploads, keys and finally `db/` renamed into place. A refused or
 * damaged backup leaves nothing behind. Resolves with the manifest.
 */
export async function restorePglite(file: string, target: PgliteTarget): Promise<Manifest> {
  const dbDir = path.join(target.dataDir, DATA_DIR_DATABASE);
  const keysDir = path.join(target.dataDir, DATA_DIR_KEYS);
  if (fs.existsSync(dbDir)) {
    throw new BackupError(
      `DATA_DIR ${target.dataDir} already holds a database; restore only into an empty DATA_DIR`,
    );
  }
  await requireEmpty(target.uploadDir, "UPLOAD_DIR");

  const stage = await stagingBeside(dbDir);
  const uploadStage = await stagingBeside(target.uploadDir);
  const moved: { from: string; to: string }[] = [];
  try {
    const dump = path.join(stage, "pgdata.tar");
    const manifest = await stageBackup(file, {
      database: "pglite",
      dump,
      uploads: uploadStage,
      keys: path.join(stage, DATA_DIR_KEYS),
    });
    if (manifest.includesKeys) await requireEmpty(keysDir, "the keys directory");
    await loadAndCheck(dump, path.join(stage, DATA_DIR_DATABASE), manifest, file);
    await fsp.rm(dump);

    // The database goes last: a DATA_DIR with `db/` is a restored one, never a half-restored one.
    const moves = [
      { from: uploadStage, to: target.uploadDir },
      ...(manifest.includesKeys ? [{ from: path.join(stage, DATA_DIR_KEYS), to: keysDir }] : []),
      { from: path.join(stage, DATA_DIR_DATABASE), to: dbDir },
    ];
    for (const move of moves) {
      await moveIntoPlace(move.from, move.to);
      moved.push(move);
    }
    return manifest;
  } catch (err) {
    // Put back what was already moved (a rename that failed half-way through the list).
    for (const move of moved.reverse()) await fsp.rename(move.to, move.from).catch(() => undefined);
    throw err;
  } finally {
    await fsp.rm(stage, { recursive: true, force: true });
    await fsp.rm(uploadStage, { recursive: true, force: true });
  }
}
