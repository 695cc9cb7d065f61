/**
 * What a backup archive says about itself. The archive (gzip-compressed ustar) holds, in order:
 *   microgov-backup.json   the header: format, time, database kind, schema version
 *   db/pgdata.tar          PGlite's own dump of its data directory (embedded database), or
 *   db/dump.pgdump         a pg_dump custom-format dump (PostgreSQL server)
 *   uploads/<aa>/<file>    every photo and thumbnail the database refers to
 *   keys/<file>            the data keys, only when the operator asked (--include-keys)
 *   manifest.json          the manifest: all of the header, row counts per table, the SHA-256
 *                          and size of every other file
 * The header comes first so a restore refuses a newer schema before reading on; the manifest
 * comes last because the checksums of the uploads are known only once they are written.
 */
import { z } from "zod";

export const BACKUP_FORMAT = "microgov-backup/1";
export const HEADER_ENTRY = "microgov-backup.json";
export const MANIFEST_ENTRY = "manifest.json";
export const PGLITE_DUMP_ENTRY = "db/pgdata.tar";
export const POSTGRES_DUMP_ENTRY = "db/dump.pgdump";
export const UPLOADS_PREFIX = "uploads/";
export const KEYS_PREFIX = "keys/";

const SchemaVersionSchema = z.object({
  /** The last migration applied, e.g. `0003_rate_rollups`; null when its tag is unknown here. */
  migration: z.string().nullable(),
  /** How many migrations the database had applied. */
  migrations: z.number().int().nonnegative(),
  /** drizzle's `created_at` of the last migration (the journal's `when`): what versions compare by. */
  createdAt: z.number().int().nonnegative(),
});
export type SchemaVersion = z.infer<typeof SchemaVersionSchema>;

export const BackupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  database: z.enum(["pglite", "postgres"]),
  schema: SchemaVersionSchema,
});
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

const FileEntrySchema = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const ManifestSchema = BackupHeaderSchema.extend({
  /** Rows per table of the `public` schema, counted in the same snapshot as the dump. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Every file of the archive but the header and the manifest: the dump, uploads, keys. */
  files: z.array(FileEntrySchema),
  /**
   * Upload files the database refers to that were not on disk when the backup read them; an
   * unclaimed photo removed by the cleanup in between is harmless, a claimed one is a loss.
   */
  missingUploads: z.array(z.object({ path: z.string(), claimed: z.boolean() })),
  includesKeys: z.boolean(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
