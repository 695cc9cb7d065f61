import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { PGLITE_DUMP_ENTRY } from "./manifest.js";
import { readSnapshotFacts, type DatabaseSnapshot } from "./snapshot.js";
import { BACKUP_CHUNK_BYTES } from "./write-backup.js";

function* slices(buffer: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

/**
 * Catches an embedded (PGlite) database while it keeps serving. PGlite is one session in this
 * process: a transaction holds it, so every other statement waits for the transaction to end.
 * Inside one read-only transaction this counts the rows, lists the uploads and takes PGlite's
 * own dump of its data directory, so all three describe the same moment. The dump is a copy of
 * the files between two statements: committed work is in it, and the open transaction's own
 * (read-only) work is rolled back by PostgreSQL's crash recovery when the copy is opened.
 * Requests wait for the time of the copy (under a second for the demo database), and none fails.
 */
export async function snapshotPglite(database: Database): Promise<DatabaseSnapshot> {
  const dumpDataDir = database.dumpDataDir;
  if (database.kind !== "pglite" || dumpDataDir === undefined) {
    throw new Error("snapshotPglite needs an embedded (PGlite) database");
  }
  // Writes the dirty pages out first, so opening the copy has little WAL to replay.
  await database.db.execute(sql`checkpoint`);
  const { facts, dump } = await database.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    const facts = await readSnapshotFacts(async (text) => {
      const result = await tx.execute(sql.raw(text));
      // PGlite answers `{ rows }`.
      return (result as unknown as { rows: Record<string, unknown>[] }).rows;
    });
    return { facts, dump: Buffer.from(await (await dumpDataDir()).arrayBuffer()) };
  });
  return {
    kind: "pglite",
    entry: PGLITE_DUMP_ENTRY,
    bytes: dump.length,
    // In pieces: hashing and compressing one 200 MB buffer would stall the server's requests.
    open: () => Readable.from(slices(dump, BACKUP_CHUNK_BYTES)),
    ...facts,
    dispose: async () => undefined,
  };
}
