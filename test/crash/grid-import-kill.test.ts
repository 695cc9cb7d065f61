/**
 * `kill -9` during a grid import, then a new process on the same data: the import must be wholly
 * there or wholly absent, and the database must open (on PGlite, past the dead process's stale
 * DATA_DIR lock). On PGlite by default; with DATABASE_URL set, the same against the server, where
 * the killed client's open transaction must be rolled back.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres } from "../../src/db/client.js";
import { DATA_DIR_DATABASE } from "../../src/db/data-dir.js";
import { importRegions } from "../../src/modules/regions/import-regions.js";

const CHILD = fileURLToPath(new URL("./grid-import-child.ts", import.meta.url));
const serverUrl = process.env.DATABASE_URL;
/** Each case starts several processes that open a database and write ~6,000 grids. */
const TIMEOUT = 240_000;

interface Progress {
  stage: string;
  written?: number;
  total?: number;
  features?: number;
  grids?: number;
  gridRegions?: number;
  version?: number;
}

interface ChildRun {
  events: Progress[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child under plain node (tsx as a loader), so the pid killed is the importing one. */
function runChild(
  mode: "import" | "count",
  env: Record<string, string | undefined>,
  killWhen?: (p: Progress) => boolean,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, mode], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const events: Progress[] = [];
    let stderr = "";
    let buffered = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf("\n"); nl !== -1; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith("{")) continue;
        const event = JSON.parse(line) as Progress;
        events.push(event);
        if (killWhen?.(event)) child.kill("SIGKILL");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    // 'exit' comes after the child is reaped, so its pid is no longer alive for the lock check.
    child.on("exit", (code, signal) => resolve({ events, code, signal, stderr }));
  });
}

/** Where one run's data lives, and how the child reaches it. */
interface Target {
  env: Record<string, string | undefined>;
  /** PGlite only: the DATA_DIR, to look at its lock file. */
  dataDir?: string;
}

/** When to kill, and whether to import to completion on the same data afterwards. */
const KILL_POINTS: [string, (p: Progress) => boolean, boolean][] = [
  ["as the import transaction begins", (p) => p.stage === "validated", false],
  ["after the first 500 grids are written", (p) => p.stage === "writing" && (p.written ?? 0) >= 500, false],
  [
    "halfway through the writes",
    (p) => p.stage === "writing" && (p.written ?? 0) >= (p.total ?? Infinity) / 2,
    true,
  ],
];

describe(`kill -9 during a grid import (${serverUrl ? "PostgreSQL server" : "PGlite DATA_DIR"})`, () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-crash-"));
  const databases: string[] = [];
  let template = "";

  beforeAll(async () => {
    // Langfang's whole tree, so the import has thousands of features (~6,000 grids).
    if (serverUrl) {
      template = `mg_crash_tpl_${randomBytes(5).toString("hex")}`;
      await adminQuery(`create database ${template}`);
      const database = await openPostgres(databaseUrl(template), { poolSize: 1 });
      await importRegions(database.db, { city: "1310" });
      await database.close();
    } else {
      // Laid out as a DATA_DIR: the database lives in its `db` folder.
      template = path.join(workDir, "template");
      const database = await openPglite(path.join(template, DATA_DIR_DATABASE));
      await importRegions(database.db, { city: "1310" });
      await database.close();
    }
  });

  afterAll(async () => {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (serverUrl) {
      for (const name of [...databases, template])
        await adminQuery(`drop database if exists ${name} with (force)`);
    }
  });

  /** A fresh copy of the prepared data for one run. */
  async function freshTarget(): Promise<Target> {
    if (serverUrl) {
      const name = `mg_crash_${randomBytes(5).toString("hex")}`;
      await adminQuery(`create database ${name} template ${template}`);
      databases.push(name);
      return { env: { DATABASE_URL: databaseUrl(name) } };
    }
    const dataDir = path.join(workDir, randomBytes(4).toString("hex"));
    fs.cpSync(template, dataDir, { recursive: true });
    return { env: { DATABASE_URL: undefined, DATA_DIR: dataDir }, dataDir };
  }

  async function countGrids(target: Target): Promise<Progress> {
    const run = await runChild("count", target.env);
    expect(run.code, run.stderr).toBe(0);
    const [counted] = run.events;
    if (!counted) throw new Error(`count printed nothing: ${run.stderr}`);
    expect(counted.grids).toBe(counted.gridRegions);
    return counted;
  }

  it.each(KILL_POINTS)(
    "killed %s: all or nothing, and the data opens again",
    async (_, killWhen, finishAfterwards) => {
      const target = await freshTarget();
      const killed = await runChild("import", target.env, killWhen);
      expect(killed.signal, `the child should have been killed; it said: ${killed.stderr}`).toBe("SIGKILL");
      expect(killed.events.some((e) => e.stage === "committed")).toBe(false);
      const features = killed.events.find((e) => e.stage === "validated")?.features ?? 0;
      expect(features).toBeGreaterThan(5000);
      if (target.dataDir) {
        // The dead process's lock is still there: the next start has to see it is stale.
        expect(fs.existsSync(path.join(target.dataDir, "microgov.pid"))).toBe(true);
      }

      const after = await countGrids(target);
      expect([0, features]).toContain(after.grids);
      // Killed before its commit, the import is wholly absent, its version bump too.
      expect(after.grids).toBe(0);
      expect(after.version).toBe(0);
      if (!finishAfterwards) return;

      // The same data then takes a complete import (on PostgreSQL once the server has rolled
      // back the dead client's transaction and released its locks): the "all" case.
      const again = await runChild("import", target.env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.events.at(-1)?.stage).toBe("committed");
      expect(await countGrids(target)).toMatchObject({ grids: features, version: 1 });
    },
    TIMEOUT,
  );
});

function databaseUrl(name: string): string {
  const url = new URL(serverUrl ?? "");
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
