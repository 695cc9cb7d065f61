/**
 * Crash safety of intake: many concurrent appeals, `kill -9` of the server in the middle, restart
 * on the same data: every appeal that was answered 2xx is there. On PGlite (DATA_DIR) by
 * default; on the PostgreSQL server when DATABASE_URL is set.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, type Database } from "../../src/db/client.js";
import { DATA_DIR_DATABASE } from "../../src/db/data-dir.js";
import { importRegions } from "../../src/modules/regions/import-regions.js";
import { TEST_COUNTIES } from "../helpers/constants.js";
import { prepareIntakeWorld } from "../helpers/intake-world.js";
import { freePort, signIn as signInAs, startServer, waitHealthy } from "../helpers/server-process.js";

const serverUrl = process.env.DATABASE_URL;
const PASSWORD = "Crash-test-2026";
const CLIENTS = 12;
/** Kill once this many appeals were answered 201, so the kill lands in the middle of the load. */
const KILL_AFTER = 60;

const signIn = (port: number) => signInAs(port, "crash_operator", PASSWORD);

describe(`kill -9 during concurrent intake (${serverUrl ? "PostgreSQL server" : "PGlite DATA_DIR"})`, () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-intake-crash-"));
  const dataDir = path.join(workDir, "data");
  let dbName = "";
  let village = "";
  const admin = serverUrl ? new pg.Client({ connectionString: serverUrl }) : null;
  const urlOf = (name: string) => {
    const u = new URL(serverUrl ?? "postgres://x/x");
    u.pathname = `/${name}`;
    return u.toString();
  };

  beforeAll(async () => {
    let database: Database;
    if (admin) {
      await admin.connect();
      dbName = `mg_intake_crash_${randomBytes(5).toString("hex")}`;
      await admin.query(`create database ${dbName}`);
      database = await openPostgres(urlOf(dbName), { poolSize: 2 });
    } else {
      database = await openPglite(path.join(dataDir, DATA_DIR_DATABASE));
    }
    await importRegions(database.db, { city: "1310", counties: TEST_COUNTIES });
    village = await prepareIntakeWorld(database, { username: "crash_operator", password: PASSWORD });
    await database.close();
  }, 180_000);

  afterAll(async () => {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  it("keeps every appeal that was answered 201", { timeout: 300_000 }, async () => {
    const env: Record<string, string> = admin ? { DATABASE_URL: urlOf(dbName) } : { DATA_DIR: dataDir };
    const port = await freePort();
    const server = startServer({ ...env, PORT: String(port) });
    const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
    await waitHealthy(port, server);
    const headers = await signIn(port);

    const accepted: string[] = [];
    let stop = false;
    let sent = 0;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const body = {
          channel: "hotline",
          categoryCode: "disputes.neighbour",
          description: `崩溃测试来电 ${n}-${i}：邻居装修噪音扰民`,
          regionCode: village,
          reporter: { name: "测试", phone: "13800001111" },
        };
        sent++;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
            method: "POST",
            headers: { ...headers, "idempotency-key": `crash-${n}-${i}` },
            body: JSON.stringify(body),
          });
          if (res.status === 201) {
            accepted.push(((await res.json()) as { number: string }).number);
            if (accepted.length >= KILL_AFTER && server.exitCode === null) server.kill("SIGKILL");
          } else {
            await res.arrayBuffer();
          }
        } catch {
          // The server is gone: this client's work is over.
          return;
        }
      }
    };
    await Promise.all([...Array(CLIENTS).keys()].map(client));
    stop = true;
    await exited;
    expect(accepted.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill came while requests were in flight, not after the load ended.
    expect(sent).toBeGreaterThan(accepted.length);

    // Restart on the same data (past the stale DATA_DIR lock) and look every number up.
    const port2 = await freePort();
    const again = startServer({ ...env, PORT: String(port2) });
    try {
      await waitHealthy(port2, again);
      const headers2 = await signIn(port2);
      const missing: string[] = [];
      for (const number of accepted) {
        const res = await fetch(`http://127.0.0.1:${port2}/api/v1/cases/${number}`, { headers: headers2 });
        if (res.status !== 200) missing.push(`${number}: ${res.status}`);
        await res.arrayBuffer();
      }
      expect(missing).toEqual([]);
    } finally {
      again.kill("SIGTERM");
      await new Promise((r) => again.once("exit", r));
    }
  });
});
