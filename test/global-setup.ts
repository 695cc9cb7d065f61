/**
 * Prepares one migrated database holding the test region tree, once per run; every test file
 * then starts from a copy of it (PGlite: a data-dir dump; server: a template database), which is
 * far quicker than migrating and importing in each file.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../src/db/client.js";
import { importRegions } from "../src/modules/regions/import-regions.js";
import { ensureWebBuild } from "../scripts/build-web.js";
import { TEST_COUNTIES } from "./helpers/constants.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of the data-dir dump to start from. Server: name of the template database. */
    testDatabaseSeed: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  process.stdout.write(`Microgov tests on ${serverUrl ? "a PostgreSQL server (DATABASE_URL)" : "PGlite"}\n`);
  // The browser tests drive the built web apps; rebuild them when their sources changed.
  if (await ensureWebBuild({ quiet: true })) process.stdout.write("web apps built (dist/web)\n");
  if (!serverUrl) {
    const database = await openPglite(undefined);
    await importRegions(database.db, { city: "1310", counties: TEST_COUNTIES });
    if (!database.dumpDataDir) throw new Error("PGlite gives a dump of its data directory");
    const dump = await database.dumpDataDir();
    const file = path.join(os.tmpdir(), `microgov-test-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide("testDatabaseSeed", file);
    return async () => fs.rmSync(file, { force: true });
  }
  const name = `mg_template_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { poolSize: 2 });
  await importRegions(database.db, { city: "1310", counties: TEST_COUNTIES });
  await database.close();
  project.provide("testDatabaseSeed", name);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
