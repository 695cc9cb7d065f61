/**
 * A fresh, migrated database holding the test region tree (see ../global-setup.ts), for one test
 * file: PGlite in memory by default, or a new database on the PostgreSQL server named by
 * DATABASE_URL (CI runs the suite both ways).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openPglite, openPostgres, type Database } from "../../src/db/client.js";

export async function createTestDatabase(): Promise<Database> {
  const seed = inject("testDatabaseSeed");
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openPglite(undefined, { loadDataDir: new Blob([fs.readFileSync(seed)]) });
  const name = `mg_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${seed}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { poolSize: 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
