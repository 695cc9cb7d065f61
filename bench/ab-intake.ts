/**
 * `tsx bench/ab-intake.ts --base DIR`: B1 native and Open311 intake of two checkouts of the app
 * in the same minutes, on one PostgreSQL server: the raw insert rate, then each app in turn
 * (A = the checkout at DIR, e.g. `git archive <commit> | tar -x -C DIR` with node_modules linked;
 * B = this one), alternating, so a shared machine's changing load falls on both alike. Prints the
 * rates and ratios and writes bench/results/ab-<UTC date>.json. Issue #15: what each lever bought.
 *
 *   tsx bench/ab-intake.ts --base /tmp/perf-base [--seconds 10] [--rounds 2] [--connections 64]
 *   tsx bench/ab-intake.ts --base . --connections-list 1,8,64,256   (this checkout only: the growth table)
 *   tsx bench/ab-intake.ts --base . --transport-ab   (this checkout over loopback TCP, then over the Unix socket)
 *   tsx bench/ab-intake.ts --base . --search-index-ab   (this checkout with the text search's GIN index, then without it)
 *   tsx bench/ab-intake.ts --base DIR --a-sql FILE   (FILE's SQL run on A's database before A starts: the databases are
 *     migrated by this checkout, so A, an older checkout, gets this checkout's functions unless FILE puts back its own)
 */
import { appAndServerCpu } from "./lib/cpu.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openPostgres } from "../src/db/client.js";
import { installRegisteredModules } from "../src/modules/registry.js";
import { measureIntake, type B1Sizes } from "./b1-intake.js";
import { cleanupAll } from "./lib/cleanup.js";
import { runRawInserts } from "./lib/load.js";
import { createDatabaseFrom, serverVersion, startPg, withClient } from "./lib/pg.js";
import { describeMachine } from "./lib/report.js";
import { REPO_ROOT, startApp } from "./lib/server.js";
import { seedReferenceData } from "./lib/seed.js";
import { loadWorld } from "./lib/world.js";

const log = (m: string) => process.stderr.write(`[ab ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

async function main(): Promise<void> {
  installRegisteredModules();
  const { values } = parseArgs({
    options: {
      base: { type: "string" },
      seconds: { type: "string", default: "10" },
      rounds: { type: "string", default: "2" },
      connections: { type: "string", default: "64" },
      "pool-a": { type: "string" },
      "pool-b": { type: "string" },
      // A = loopback TCP, B = the server's Unix socket, both this checkout (raw and app alike).
      "transport-ab": { type: "boolean", default: false },
      "search-index-ab": { type: "boolean", default: false },
      // Comma-separated connection counts: each round runs every count (the growth table).
      "connections-list": { type: "string" },
      "a-sql": { type: "string" },
    },
  });
  if (!values.base) throw new Error("--base DIR: the checkout to compare with (this one: B only)");
  const sizes: B1Sizes = {
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    rawClients: 16,
    open311Keys: 50,
  };
  const loadAtStart = os.loadavg()[0] ?? 0;
  const pg = await startPg({ durable: true });
  const postgres = await serverVersion(pg.url);
  await withClient(pg.url, (c) => c.query("create database ab_seed"));
  const seedDb = await openPostgres(pg.urlOf("ab_seed"));
  await seedReferenceData(seedDb.db);
  await seedDb.close();
  const world = await withClient(pg.urlOf("ab_seed"), loadWorld);
  const rounds: Record<string, unknown>[] = [];
  const unixUrl = (tcp: string) => {
    const u = new URL(tcp);
    u.hostname = encodeURIComponent(pg.dir);
    return u.toString();
  };
  const variants: {
    name: string;
    cwd: string;
    pool?: string | undefined;
    unix?: boolean;
    dropSearchIndex?: boolean;
  }[] = values["search-index-ab"]
    ? [
        { name: "index", cwd: REPO_ROOT },
        { name: "noindex", cwd: REPO_ROOT, dropSearchIndex: true },
      ]
    : values["transport-ab"]
      ? [
          { name: "tcp", cwd: REPO_ROOT },
          { name: "unix", cwd: REPO_ROOT, unix: true },
        ]
      : [
          ...(path.resolve(values.base) === REPO_ROOT
            ? []
            : [{ name: "A", cwd: values.base, pool: values["pool-a"] }]),
          { name: "B", cwd: REPO_ROOT, pool: values["pool-b"] },
        ];
  const connectionCounts = (values["connections-list"] ?? String(sizes.connections)).split(",").map(Number);
  let port = 3700 + Math.floor(Math.random() * 200);
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const connections of connectionCounts)
      for (const v of variants) {
        const tcpUrl = await createDatabaseFrom(
          pg,
          `ab_${v.name.toLowerCase()}_${round}_${connections}`,
          "ab_seed",
        );
        const url = v.unix ? unixUrl(tcpUrl) : tcpUrl;
        // Intake without the n-gram index of the case text search (migration 0014): its cost.
        if (v.dropSearchIndex) await withClient(url, (c) => c.query("drop index cases_text_grams_gin"));
        const aSql = values["a-sql"];
        if (v.name === "A" && aSql) await withClient(url, (c) => c.query(fs.readFileSync(aSql, "utf8")));
        const enteredBy = await withClient(url, async (c) => {
          const r = await c.query<{ id: string }>("select id from users where username = 'operator'");
          return r.rows[0]?.id ?? "";
        });
        const raw = await runRawInserts({ url, clients: 16, durationSec: sizes.seconds, world, enteredBy });
        const app = await startApp({
          port: port++,
          databaseUrl: url,
          scheduler: true,
          cwd: v.cwd,
          ...(v.pool ? { env: { DATABASE_POOL_SIZE: v.pool } } : {}),
        });
        try {
          const m = await measureIntake(app, {
            world,
            sizes: { ...sizes, connections },
            runId: `ab-${v.name}-${round}-${Date.now()}`,
            log,
            cpu: () => appAndServerCpu(app.pid),
          });
          const row = {
            round,
            connections,
            variant: v.name,
            checkout: v.cwd,
            transport: v.unix ? "unix" : "tcp",
            searchIndex: !v.dropSearchIndex,
            ...(v.name === "A" && values["a-sql"] ? { aSql: values["a-sql"] } : {}),
            pool: v.pool ?? "default",
            load: os.loadavg()[0],
            raw: raw.rate,
            native: m.native.rate,
            nativeRatio: m.native.rate / raw.rate,
            nativeP50: m.native.p50,
            nativeP99: m.native.p99,
            nativeP99At70: m.nativeAt70.p99,
            nativeP50At70: m.nativeAt70.p50,
            open311: m.open311.rate,
            open311Ratio: m.open311.rate / raw.rate,
            open311P99At70: m.open311At70.p99,
            open311P50At70: m.open311At70.p50,
            failed: m.native.failed + m.open311.failed + m.nativeAt70.failed + m.open311At70.failed,
          };
          log(JSON.stringify(row));
          rounds.push(row);
        } finally {
          await app.stop();
        }
      }
  }
  const file = path.join(
    REPO_ROOT,
    "bench/results",
    `ab-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z.json`,
  );
  fs.writeFileSync(
    file,
    `${JSON.stringify({ machine: describeMachine(postgres), loadAverageAtStart: loadAtStart, sizes, rounds }, null, 2)}\n`,
  );
  log(`results: ${file}`);
}

// Ctrl-C or a kill still stops the servers this started.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void cleanupAll().then(() => process.exit(signal === "SIGINT" ? 130 : 143)));
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void cleanupAll().then(() => process.exit()));
