/**
 * A database caught at one moment: its dump and, from the very same snapshot, the facts the
 * manifest records (schema version, rows per table) and the upload files its rows refer to.
 * src/modules/backup/snapshot-pglite.ts and snapshot-postgres.ts make one each way.
 */
import type { Readable } from "node:stream";
import type { SchemaVersion } from "./manifest.js";
import { MIGRATIONS_QUERY, schemaVersionOf } from "./schema-version.js";

/** An upload file a row of `attachments` refers to, relative to UPLOAD_DIR. */
export interface ReferencedUpload {
  path: string;
  /** Claimed by a case: never deleted by the cleanup, so missing means lost. */
  claimed: boolean;
}

export interface DatabaseSnapshot {
  kind: "pglite" | "postgres";
  /** The dump's name inside the archive (manifest.ts: PGLITE_DUMP_ENTRY or POSTGRES_DUMP_ENTRY). */
  entry: string;
  bytes: number;
  /** The dump's bytes, read once. */
  open(): Readable;
  schema: SchemaVersion;
  tables: Record<string, number>;
  uploads: ReferencedUpload[];
  /** Frees what the dump holds (a temp file); safe to call twice. */
  dispose(): Promise<void>;
}

/** Runs one SQL text inside the snapshot's transaction and returns its rows. */
export type SnapshotQuery = (text: string) => Promise<Record<string, unknown>[]>;

/** A table name as an SQL identifier (the names come from pg_class, but quote them anyway). */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The schema version, the rows of every table of `public`, and the upload files rows refer to. */
export async function readSnapshotFacts(
  query: SnapshotQuery,
): Promise<Pick<DatabaseSnapshot, "schema" | "tables" | "uploads">> {
  return {
    schema: schemaVersionOf((await query(MIGRATIONS_QUERY)).map((r) => Number(r.created_at))),
    tables: await countTables(query),
    uploads: await referencedUploads(query),
  };
}

/** Rows per table of the `public` schema, in name order. */
export async function countTables(query: SnapshotQuery): Promise<Record<string, number>> {
  const names = await query(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
  );
  const tables: Record<string, number> = {};
  for (const { name } of names) {
    const table = String(name);
    const [row] = await query(`select count(*)::bigint as n from public.${quoteIdent(table)}`);
    tables[table] = Number(row?.n ?? 0);
  }
  return tables;
}

/** Why the restored tables differ from the manifest's counts, or undefined when they agree. */
export function compareCounts(
  expected: Record<string, number>,
  actual: Record<string, number>,
): string | undefined {
  for (const [table, rows] of Object.entries(expected)) {
    if (actual[table] !== rows)
      return `table ${table} has ${actual[table] ?? "no"} rows, the manifest says ${rows}`;
  }
  const extra = Object.keys(actual).find((t) => !(t in expected));
  return extra === undefined ? undefined : `table ${extra} is not in the manifest`;
}

async function referencedUploads(query: SnapshotQuery): Promise<ReferencedUpload[]> {
  const rows = await query(
    "select storage_path, thumb_path, subject_id is not null as claimed from attachments order by storage_path",
  );
  // Rows may share a file (the same photo twice): one entry each, claimed if any row claims it.
  const byPath = new Map<string, boolean>();
  for (const row of rows) {
    for (const path of [String(row.storage_path), String(row.thumb_path)]) {
      byPath.set(path, byPath.get(path) === true || row.claimed === true);
    }
  }
  return [...byPath].map(([path, claimed]) => ({ path, claimed }));
}
