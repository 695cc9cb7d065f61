import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { POSTGRES_DUMP_ENTRY } from "./manifest.js";
import { runPgTool } from "./pg-tools.js";
import { readSnapshotFacts, type DatabaseSnapshot } from "./snapshot.js";
import { BACKUP_CHUNK_BYTES } from "./write-backup.js";

/**
 * Catches a database on a PostgreSQL server while every app server keeps writing: one
 * REPEATABLE READ transaction exports its snapshot, counts the rows and lists the uploads in it,
 * and `pg_dump --snapshot` dumps exactly that snapshot (custom format) to a temp file. Nobody
 * waits: PostgreSQL's MVCC serves the old snapshot beside the new writes.
 */
export async function snapshotPostgres(url: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "microgov-pgdump-"));
  const file = path.join(dir, "dump.pgdump");
  try {
    await client.query("begin isolation level repeatable read read only");
    const { rows } = await client.query<{ id: string }>("select pg_export_snapshot() as id");
    const snapshotId = rows[0]?.id ?? "";
    const facts = await readSnapshotFacts(async (text) => (await client.query(text)).rows);
    await runPgTool("pg_dump", url, ["--format=custom", `--snapshot=${snapshotId}`, `--file=${file}`]);
    await client.query("commit");
    const { size } = await fs.stat(file);
    return {
      kind: "postgres",
      entry: POSTGRES_DUMP_ENTRY,
      bytes: size,
      open: () => createReadStream(file, { highWaterMark: BACKUP_CHUNK_BYTES }),
      ...facts,
      dispose: () => fs.rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
