import path from "node:path";
import { BackupError } from "./backup-error.js";
import {
  KEYS_PREFIX,
  PGLITE_DUMP_ENTRY,
  POSTGRES_DUMP_ENTRY,
  UPLOADS_PREFIX,
  type Manifest,
} from "./manifest.js";
import { readBackup } from "./read-backup.js";
import { newerSchemaProblem } from "./schema-version.js";

export interface StagingPlaces {
  /** The kind of database the target takes. */
  database: "pglite" | "postgres";
  /** Where the database dump goes (a file). */
  dump: string;
  /** Where the upload files go (a directory, laid out as UPLOAD_DIR). */
  uploads: string;
  /** Where the keys go (a directory, laid out as DATA_DIR/keys). */
  keys: string;
}

/** Why a backup of the other kind of database is refused, and where it belongs instead. */
const OTHER_KIND: Record<StagingPlaces["database"], string> = {
  pglite: "holds a PostgreSQL server's dump; set DATABASE_URL to an empty database to restore it there",
  postgres: "holds an embedded (PGlite) database; restore it without DATABASE_URL into an empty DATA_DIR",
};

/**
 * Reads and checks the backup `file` into staging places: its header first (a backup of the other
 * kind of database, or from a newer schema, is refused before anything is written), then every
 * file, checked against the manifest. Resolves with the manifest; the caller removes the staging
 * places when this throws.
 */
export function stageBackup(file: string, places: StagingPlaces): Promise<Manifest> {
  const dumpEntry = places.database === "pglite" ? PGLITE_DUMP_ENTRY : POSTGRES_DUMP_ENTRY;
  return readBackup(file, {
    onHeader: (header) => {
      if (header.database !== places.database)
        throw new BackupError(`${file} ${OTHER_KIND[places.database]}`);
      const problem = newerSchemaProblem(header.schema);
      if (problem !== undefined) throw new BackupError(`cannot restore ${file}: ${problem}`);
    },
    destination: (entry) => {
      if (entry === dumpEntry) return places.dump;
      if (entry.startsWith(UPLOADS_PREFIX))
        return path.join(places.uploads, entry.slice(UPLOADS_PREFIX.length));
      if (entry.startsWith(KEYS_PREFIX)) return path.join(places.keys, entry.slice(KEYS_PREFIX.length));
      return undefined;
    },
  });
}
