import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import pg from "pg";
import { BackupError } from "./backup-error.js";
import type { Manifest, SchemaVersion } from "./manifest.js";
import { runPgTool } from "./pg-tools.js";
import { fileStart } from "./read-backup.js";
import { moveIntoPlace, requireEmpty, stagingBeside } from "./restore-target.js";
import { newerSchemaProblem, schemaVersionOf } from "./schema-version.js";
import { compareCounts, countTables } from "./snapshot.js";
import { stageBackup } from "./stage-backup.js";

export interface PostgresTarget {
  databaseUrl: string;
  uploadDir: string;
  /** DATA_DIR/keys: where keys a backup brings go. */
  keysDir: string;
}

export type PgDumpFormat = "custom" | "plain";

/** What kind of pg_dump `file` is, from its first bytes; undefined when it is none. */
export async function pgDumpFormat(file: string): Promise<PgDumpFormat | undefined> {
  const start = await fileStart(file, 4096);
  if (start.subarray(0, 5).toString("latin1") === "PGDMP") return "custom";
  if (start.toString("utf8").includes("-- PostgreSQL database dump")) return "plain";
  return undefined;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Refuses a database that already holds tables of its own (ours or anyone's). */
async function requireEmptyDatabase(url: string): Promise<void> {
  const tables = await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*)::bigint as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
    );
    return Number(rows[0]?.n ?? 0);
  });
  if (tables > 0) {
    throw new BackupError(
      "the database at DATABASE_URL is not empty; restore only into a new, empty database",
    );
  }
}

/** The rows of every table after the restore, through one connection. */
async function countRestored(url: string): Promise<Record<string, number>> {
  return withClient(url, (client) => countTables(async (text) => (await client.query(text)).rows));
}

/**
 * The migrations a pg_dump holds, read without restoring it: the data of
 * `drizzle.__drizzle_migrations`, as COPY lines (`id \t hash \t created_at`) or INSERTs.
 */
async function dumpSchemaVersion(file: string, format: PgDumpFormat): Promise<SchemaVersion | undefined> {
  const lines = new PassThrough();
  const script =
    format === "custom"
      ? runPgTool(
          "pg_restore",
          undefined,
          ["--data-only", "--schema=drizzle", "--table=__drizzle_migrations", "--file=-", file],
          { stdout: lines },
        ).finally(() => lines.end())
      : undefined;
  // Its failure is read after the lines (an early rejection must not go unhandled meanwhile).
  const failure = script?.then(
    () => undefined,
    (err: unknown) => err,
  );
  const input = format === "custom" ? lines : createReadStream(file);
  const createdAts: number[] = [];
  let found = false;
  let inCopy = false;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (inCopy) {
      if (line === "\\.") inCopy = false;
      else createdAts.push(Number(line.split("\t").at(-1)));
    } else if (/^COPY drizzle\.__drizzle_migrations\b/.test(line)) {
      found = inCopy = true;
    } else if (/^INSERT INTO drizzle\.__drizzle_migrations\b/.test(line)) {
      found = true;
      const last = /(\d+)\)\s*;\s*$/.exec(line);
      if (last?.[1]) createdAts.push(Number(last[1]));
    }
  }
  const err = await failure;
  if (err !== undefined) throw err;
  return found ? schemaVersionOf(createdAts) : undefined;
}

/**
 * Restores a file made by `pg_dump` (custom format, or plain SQL) into the empty database at
 * DATABASE_URL, in one transaction: it is all there or none of it is. Its schema version is read
 * from the dump first, and a newer one is refused. A pg_dump holds no uploads: those come back
 * from the upload directory's own backup. Resolves with the row counts restored.
 */
export async function restorePgDump(
  file: string,
  format: PgDumpFormat,
  target: PostgresTarget,
): Promise<{ schema: SchemaVersion; tables: Record<string, number> }> {
  const schema = await dumpSchemaVersion(file, format);
  if (schema === undefined) {
    throw new BackupError(
      `${file} is a pg_dump, but not of a Microgov database (no drizzle.__drizzle_migrations)`,
    );
  }
  const problem = newerSchemaProblem(schema);
  if (problem !== undefined) throw new BackupError(`cannot restore ${file}: ${problem}`);
  await requireEmptyDatabase(target.databaseUrl);
  if (format === "custom") {
    await runPgTool("pg_restore", target.databaseUrl, [
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--no-privileges",
      file,
    ]);
  } else {
    await runPgTool("psql", target.databaseUrl, [
      "--no-psqlrc",
      "--quiet",
      "--single-transaction",
      "--set=ON_ERROR_STOP=1",
      `--file=${file}`,
    ]);
  }
  return { schema, tables: await countRestored(target.databaseUrl) };
}

/**
 * Restores a Microgov backup made on a PostgreSQL server (pg_dump inside) into the empty database
 * at DATABASE_URL, with its uploads (UPLOAD_DIR must be empty) and any keys it brings. The archive
 * is checked whole before anything is written to the database; pg_restore then runs in one
 * transaction, and the restored row counts are compared with the manifest.
 */
export async function restoreArchiveToPostgres(file: string, target: PostgresTarget): Promise<Manifest> {
  await requireEmpty(target.uploadDir, "UPLOAD_DIR");
  await requireEmptyDatabase(target.databaseUrl);
  const dumpDir = await fs.mkdtemp(path.join(os.tmpdir(), "microgov-restore-"));
  const uploadStage = await stagingBeside(target.uploadDir);
  // Keys are rare in a backup: staged with the dump, copied beside their target only if present.
  const keysStage = path.join(dumpDir, "keys");
  try {
    const dump = path.join(dumpDir, "dump.pgdump");
    const manifest = await stageBackup(file, {
      database: "postgres",
      dump,
      uploads: uploadStage,
      keys: keysStage,
    });
    if (manifest.includesKeys) await requireEmpty(target.keysDir, "the keys directory");
    const { tables } = await restorePgDump(dump, "custom", target);
    const problem = compareCounts(manifest.tables, tables);
    if (problem !== undefined) {
      throw new BackupError(
        `pg_restore finished, but the database does not match the backup's manifest (${problem}); drop and recreate the database before you try again`,
      );
    }
    await moveIntoPlace(uploadStage, target.uploadDir);
    if (manifest.includesKeys) {
      const keysBeside = await stagingBeside(target.keysDir);
      await fs.cp(keysStage, keysBeside, { recursive: true });
      await moveIntoPlace(keysBeside, target.keysDir);
    }
    return manifest;
  } finally {
    await fs.rm(dumpDir, { recursive: true, force: true });
    await fs.rm(uploadStage, { recursive: true, force: true });
  }
}
