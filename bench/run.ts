/**
 * `npm run bench`: the benchmarks of issue #6, on throwaway PostgreSQL server(s) this script
 * starts from Debian's binaries and app processes it starts itself. Prints one table of every
 * figure with its goal, writes the figures and the machine to bench/results/<size>-<date>.json.
 * A missed goal is a figure, not a failure: the exit code is non-zero only when something broke.
 *
 *   npm run bench -- --size smoke|full      (default smoke)
 *   npm run bench -- --only B1,B6           (B1, B2, B3, B4, search, B6, scale, replica; B5 comes with B1/B2)
 *   npm run bench -- --only search --search-cases 300000   (B4 text search before/after its index)
 *   npm run bench -- --b2-appeals 20000     (B2's size; default 300 smoke, 158,835 full)
 *   npm run bench -- --b2-minutes 20        (start no new B2 story after 20 min; the time is then projected)
 *   npm run bench -- --b1-seconds 10        (each B1 phase this long; default 2 smoke, 20 full)
 *   npm run bench -- --only B3 --cockpit-steps 500000,1000000,5000000   (B3 alone, grown in steps)
 *   npm run bench -- --only B3,B4 --cockpit-steps 500000,1000000   (… and B4's lists at each step;
 *       the text searches only after the last step, once their n-gram index is built and timed)
 *   --app-port N / --pg-port N              (first port to use; default: free ports)
 *   --no-fsync                              (PostgreSQL without durable commits; default durable)
 *   --socket                                (the app and the raw clients reach PostgreSQL through its
 *       Unix socket instead of TCP on 127.0.0.1)
 *   --keep-pg                               (leave the PostgreSQL server and its databases running at
 *       the end, e.g. to EXPLAIN a list on the loaded data; stop: scripts/pg-throwaway.sh stop DIR)
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openPglite, openPostgres } from "../src/db/client.js";
import { DATA_DIR_DATABASE } from "../src/db/data-dir.js";
import {
  runB1Pglite,
  runB1Postgres,
  runReplica,
  runScaleOut,
  type B1Sizes,
  type BenchContext,
} from "./b1-intake.js";
import { runB2, type B2Sizes } from "./b2-year.js";
import { runSearch } from "./b4-search.js";
import { runCockpit } from "./b3-cockpit.js";
import { runPointToGrid } from "./point-to-grid.js";
import { cleanupAll, onCleanup } from "./lib/cleanup.js";
import { startPg, serverVersion, withClient, type PgServer } from "./lib/pg.js";
import { describeMachine, goal, printTable, resultsFile, writeResults, type Figure } from "./lib/report.js";
import { REPO_ROOT } from "./lib/server.js";
import { seedReferenceData } from "./lib/seed.js";
import { loadWorld } from "./lib/world.js";
import { installRegisteredModules } from "../src/modules/registry.js";

const ALL = ["B1", "B2", "B3", "B4", "search", "B6", "scale", "replica"] as const;

interface Sizes {
  b1: B1Sizes;
  b2: B2Sizes;
  gridPoints: number;
  cockpitCases: number;
  /** B3 alone at these sizes, loaded one after another on one database (--cockpit-steps). */
  cockpitSteps?: number[];
  searchCases: number;
}

const SIZES: Record<"smoke" | "full", Sizes> = {
  smoke: {
    b1: { seconds: 2, connections: 8, rawClients: 4, open311Keys: 4 },
    b2: { appeals: 300, concurrency: 8 },
    gridPoints: 100_000,
    cockpitCases: 20_000,
    searchCases: 5_000,
  },
  full: {
    b1: { seconds: 20, connections: 64, rawClients: 16, open311Keys: 50 },
    b2: { appeals: 158_835, concurrency: 48 },
    gridPoints: 1_000_000,
    cockpitCases: 5_000_000,
    searchCases: 100_000,
  },
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<number> {
  // The modules' permissions in force, as the app and the CLI put them at start.
  installRegisteredModules();
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: "smoke" },
      only: { type: "string" },
      "b2-appeals": { type: "string" },
      "search-cases": { type: "string" },
      "b2-concurrency": { type: "string" },
      "b2-minutes": { type: "string" },
      "cockpit-cases": { type: "string" },
      "cockpit-steps": { type: "string" },
      "b1-seconds": { type: "string" },
      "app-port": { type: "string" },
      "pg-port": { type: "string" },
      "no-fsync": { type: "boolean", default: false },
      "keep-pg": { type: "boolean", default: false },
      socket: { type: "boolean", default: false },
    },
  });
  const size = values.size === "full" ? "full" : values.size === "smoke" ? "smoke" : null;
  if (!size) throw new Error(`--size must be smoke or full, not ${values.size}`);
  const sizes: Sizes = structuredClone(SIZES[size]);
  if (values["b2-appeals"]) sizes.b2.appeals = Number(values["b2-appeals"]);
  if (values["search-cases"]) sizes.searchCases = Number(values["search-cases"]);
  if (values["b2-concurrency"]) sizes.b2.concurrency = Number(values["b2-concurrency"]);
  if (values["b2-minutes"]) sizes.b2.maxMinutes = Number(values["b2-minutes"]);
  if (values["cockpit-cases"]) sizes.cockpitCases = Number(values["cockpit-cases"]);
  if (values["cockpit-steps"]) sizes.cockpitSteps = values["cockpit-steps"].split(",").map(Number);
  if (values["b1-seconds"]) sizes.b1.seconds = Number(values["b1-seconds"]);
  const only = new Set(values.only ? values.only.split(",").map((s) => s.trim()) : ALL);
  for (const o of only) {
    if (!(ALL as readonly string[]).includes(o) && o !== "B5")
      throw new Error(`--only: unknown benchmark ${o}`);
  }
  if (only.has("B5")) only.add("B1");

  let appPort = values["app-port"] ? Number(values["app-port"]) : 0;
  let pgPort = values["pg-port"] ? Number(values["pg-port"]) : 0;
  const ports: number[] = [];
  const nextAppPort = async () => (appPort ? appPort++ : freePort());
  // Ports are handed out ahead so that synchronous callers can take one.
  for (let i = 0; i < 16; i++) ports.push(await nextAppPort());
  const nextPort = () => {
    const p = ports.shift();
    if (p === undefined) throw new Error("out of app ports");
    return p;
  };

  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const started = Date.now();
  const loadAtStart = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  let pgServer: PgServer | null = null;
  let liteDir: string | null = null;
  let failures = 0;
  const file = resultsFile(path.join(REPO_ROOT, "bench/results"), size);
  let postgres: string | null = null;
  let durable = true;
  const content = () => ({
    size,
    startedAt: new Date(started).toISOString(),
    minutes: (Date.now() - started) / 60_000,
    machine: describeMachine(postgres),
    loadAverageAtStart: loadAtStart,
    durableCommits: durable,
    unixSocket: values.socket,
    sizes,
    figures,
    details,
  });
  // Written after every benchmark, so an interrupted run keeps what it measured.
  const save = () => writeResults(file, content());
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      save();
    } catch (err) {
      failures++;
      const e = err instanceof Error ? err : new Error(String(err));
      log(`${name} FAILED: ${e.stack ?? e.message}`);
      figures.push({
        bench: name,
        name: "error",
        value: null,
        unit: "",
        pass: null,
        note: e.message.split("\n")[0],
      });
    }
  };

  try {
    durable = !values["no-fsync"];
    log(
      `size ${size}; starting a throwaway PostgreSQL server (${durable ? "durable commits" : "fsync off"})`,
    );
    pgServer = await startPg({ port: pgPort ? pgPort++ : undefined, durable, socket: values.socket });
    const pg = pgServer;
    postgres = await serverVersion(pg.url);
    const template = "bench_seed";
    await withClient(pg.url, (c) => c.query(`create database ${template}`));
    {
      const db = await openPostgres(pg.urlOf(template));
      try {
        const seeded = await seedReferenceData(db.db);
        log(
          `reference data: ${seeded.grids} grids, ${seeded.organisations} units in ${seeded.seconds.toFixed(1)} s`,
        );
      } finally {
        await db.close();
      }
    }
    const world = await withClient(pg.urlOf(template), loadWorld);
    const ctx: BenchContext = { pg, template, world, nextPort, log };

    if (only.has("B6")) {
      await attempt("B6", async () => {
        log(`B6 point → grid: ${sizes.gridPoints.toLocaleString("en")} look-ups`);
        const db = await openPostgres(pg.urlOf(template));
        try {
          const r = await runPointToGrid(db.db, { points: sizes.gridPoints });
          details.B6 = r;
          figures.push(
            goal(
              {
                bench: "B6",
                name: "point → grid look-ups",
                value: r.perSecond,
                unit: "/s",
                note: `${r.grids} grids, hit rate ${(r.hitRate * 100).toFixed(1)} %`,
              },
              "≥",
              200_000,
            ),
          );
        } finally {
          await db.close();
        }
      });
    }

    let singleRate = 0;
    let nativeRate = 0;
    if (only.has("B1")) {
      await attempt("B1", async () => {
        log("B1 intake on PostgreSQL");
        const r = await runB1Postgres(ctx, sizes.b1);
        singleRate = r.native.rate;
        nativeRate = r.native.rate;
        details.B1 = r;
        figures.push(...r.figures);
      });
      await attempt("B1 PGlite", async () => {
        log("B1 intake on PGlite: seeding a DATA_DIR");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-bench-lite-"));
        liteDir = dir;
        onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
        // One county (安次区: its 595 grids, its units, every demo account): seeding the whole
        // city into PGlite takes minutes, and intake's cost does not depend on the city's size.
        const counties: string[] | undefined = ["131002"];
        const lite = await openPglite(path.join(liteDir, DATA_DIR_DATABASE));
        try {
          await seedReferenceData(lite.db, counties ? { counties } : {});
        } finally {
          await lite.close();
        }
        const liteWorld = counties
          ? { ...world, grids: world.grids.filter((g) => counties.includes(g.countyCode)) }
          : world;
        const r = await runB1Pglite({ ...ctx, world: liteWorld }, sizes.b1, liteDir);
        details.B1Pglite = r;
        figures.push(...r);
      });
    }
    if (only.has("scale")) {
      await attempt("scale-out", async () => {
        log("scale-out: 1, 2 and 4 app processes on one server");
        if (!singleRate) {
          const one = await runScaleOut(ctx, sizes.b1, 1, 1);
          singleRate = one[0]?.value ?? 1;
          figures.push(...one);
        }
        for (const n of [2, 4]) figures.push(...(await runScaleOut(ctx, sizes.b1, n, singleRate)));
      });
    }
    if (only.has("replica")) {
      await attempt("replica", async () => {
        const rate = nativeRate ? 0.7 * nativeRate : 0;
        figures.push(
          ...(await runReplica(
            ctx,
            sizes.b1,
            rate || (size === "smoke" ? 20 : 150),
            pgPort ? pgPort++ : undefined,
          )),
        );
      });
    }
    if (only.has("B2")) {
      await attempt("B2", async () => {
        log(
          `B2 a Langfang year: ${sizes.b2.appeals.toLocaleString("en")} appeals, ${sizes.b2.concurrency} at a time`,
        );
        const r = await runB2(ctx, sizes.b2);
        details.B2 = r.details;
        figures.push(...r.figures);
      });
    }
    if (only.has("B3") || only.has("B4")) {
      await attempt("B3/B4", async () => {
        const r = await runCockpit(ctx, {
          cases: sizes.cockpitCases,
          size,
          ...(sizes.cockpitSteps ? { steps: sizes.cockpitSteps, lists: only.has("B4") } : {}),
          onDetails: (d) => {
            details.B3B4 = d;
            save();
          },
        });
        details.B3B4 = r.details;
        figures.push(...r.figures);
      });
    }

    if (only.has("search")) {
      await attempt("B4 search", async () => {
        const r = await runSearch(ctx, { cases: sizes.searchCases });
        details.search = r.details;
        figures.push(...r.figures);
      });
    }

    const broken = figures.filter((f) => f.error);
    if (broken.length > 0) {
      failures += broken.length;
      for (const f of broken) log(`ERROR in ${f.bench} ${f.name}: ${f.note ?? ""}`);
    }
    const machine = describeMachine(postgres);
    const table = printTable(figures);
    process.stdout.write(
      `\nMicrogov benchmarks, size ${size}, ${new Date().toISOString()}\n` +
        `${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, Node ${machine.node}, PostgreSQL ${postgres}` +
        `${durable ? "" : " (fsync off)"}; load average ${machine.loadAverage} at the end ` +
        `(started at ${loadAtStart})\n\n${table}\n`,
    );
    const missed = figures.filter((f) => f.pass === false);
    process.stdout.write(
      missed.length === 0
        ? "\nEvery figure with a goal met it.\n"
        : `\nMissed: ${missed.map((f) => `${f.bench} ${f.name}`).join("; ")} (see bench/README.md for what limits each).\n`,
    );
    save();
    process.stdout.write(`Results: ${path.relative(REPO_ROOT, file)}\n`);
  } finally {
    if (pgServer && values["keep-pg"]) {
      pgServer.keep();
      log(
        `--keep-pg: PostgreSQL left running at ${pgServer.url} (stop: scripts/pg-throwaway.sh stop ${pgServer.dir})`,
      );
    } else if (pgServer) {
      await pgServer.stop().catch((err: unknown) => log(`stopping PostgreSQL: ${String(err)}`));
    }
    if (liteDir) fs.rmSync(liteDir, { recursive: true, force: true });
  }
  return failures === 0 ? 0 : 1;
}

/** Stops whatever the run started, then exits: on the way out, after a crash, on Ctrl-C. */
async function finish(code: number): Promise<never> {
  await cleanupAll();
  process.exit(code);
}
process.on("SIGINT", () => void finish(130));
process.on("SIGTERM", () => void finish(143));
process.on("uncaughtException", (err) => {
  log(`crashed: ${err.stack ?? err.message}`);
  void finish(1);
});
process.on("unhandledRejection", (err) => {
  log(`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void finish(1);
});

main().then(
  (code) => finish(code),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return finish(1);
  },
);
