/**
 * B1 intake, B5's memory during it, the scale-out runs (2 and 4 app processes on one server) and
 * the read replica under write load. See bench/README.md for what each figure means.
 */
import { call, login, percentile, type Session } from "./lib/http.js";
import {
  runIntakeLoad,
  runRawInserts,
  slowestSecond,
  type IntakeKind,
  type LoadFigures,
} from "./lib/load.js";
import { createDatabaseFrom, startReplica, withClient, type PgServer } from "./lib/pg.js";
import { goal, type Figure } from "./lib/report.js";
import { appAndServerCpu, cpuMsPer } from "./lib/cpu.js";
import {
  formatMemory,
  MemorySampler,
  startApp,
  summarizeMemory,
  type AppServer,
  type MemorySeries,
} from "./lib/server.js";
import type { World } from "./lib/world.js";

export const DEMO_PASSWORD = "Demo12345678";

/** Issue #15's B1 goals: HTTP intake at least half the raw insert rate, p99 at 70 % of peak. */
export const B1_RATIO_GOAL = 0.5;
export const B1_P99_GOAL_MS = 50;
export const B1_PGLITE_P99_GOAL_MS = 100;

export interface B1Sizes {
  /** Seconds of each measured phase. */
  seconds: number;
  /** autocannon connections (concurrent clients) in total. */
  connections: number;
  /** pg clients of the raw-insert run. */
  rawClients: number;
  /** Open311 keys to spread the load over (300 posts a minute each). */
  open311Keys: number;
}

export interface BenchContext {
  pg: PgServer;
  template: string;
  world: World;
  nextPort(): number;
  log(message: string): void;
}

export interface B1Result {
  figures: Figure[];
  raw: LoadFigures;
  native: LoadFigures;
  open311: LoadFigures;
  nativeAt70: LoadFigures;
  open311At70: LoadFigures;
  peakRssMb: number;
  /** The app's RSS and V8 heap over B1 (bench/lib/memory-probe.ts). */
  memory: MemorySeries | null;
}

/** Signs in the accounts a B1 run uses and makes its Open311 keys through the API. */
export async function prepareIntake(
  app: AppServer,
  keys: number,
): Promise<{ operator: Session; supervisor: Session; apiKeys: string[] }> {
  const operator = await login(app.url, "operator", DEMO_PASSWORD);
  const supervisor = await login(app.url, "supervisor", DEMO_PASSWORD);
  const admin = await login(app.url, "admin", DEMO_PASSWORD);
  const apiKeys = ["demo-open311-key"];
  for (let i = 1; i < keys; i++) {
    const made = await call<{ key: string }>(
      app.url,
      "POST",
      "/api/v1/api-keys",
      { name: `bench integration ${i} ${Date.now()}`, kind: "open311" },
      { session: admin, what: "create an Open311 key" },
    );
    apiKeys.push(made.body.key);
  }
  return { operator, supervisor, apiKeys };
}

/** More than 1 % of the requests failed: an error, not a slow result. */
export function broken(f: LoadFigures): boolean {
  return f.failed > 0.01 * (f.ok + f.failed);
}

/** An error row when any of `loads` broke. */
function failedRows(bench: string, loads: Record<string, LoadFigures>): Figure[] {
  return Object.entries(loads)
    .filter(([, f]) => broken(f))
    .map(([name, f]) => ({
      bench,
      name: `${name}: failed requests`,
      value: f.failed,
      unit: "",
      error: true,
      note: f.failures[0] ?? "connection errors or timeouts",
    }));
}

function loadNote(f: LoadFigures): string | undefined {
  return f.failed > 0 ? `${f.failed} failed, e.g. ${f.failures[0] ?? "connection error"}` : undefined;
}

/**
 * The pause before each phase. Autocannon ends a phase without waiting for the answers still
 * owed, and the app goes on working through them: without a pause the next phase's first
 * requests queued behind up to one request per connection of the last (200–330 ms in its first
 * quarter second, bench/README.md, "Issue #15, B1: the 70 % phase, and where the CPU per appeal goes").
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

/** A load run with the CPU time the app and PostgreSQL spent on each appeal it got answered. */
async function withCpu(
  cpu: () => { app: number; postgres?: number },
  run: () => Promise<LoadFigures>,
): Promise<LoadFigures> {
  const before = cpu();
  const load = await run();
  const ms = cpuMsPer(before, cpu(), load.ok);
  return {
    ...load,
    cpuPerAppeal: { appMs: ms.app, ...(ms.postgres !== undefined ? { postgresMs: ms.postgres } : {}) },
  };
}

/** The note of a p99-at-70 % figure: the rate reached, the p50, the CPU per appeal, any failures. */
function at70Note(load: LoadFigures): string {
  return [`${load.rate.toFixed(0)}/s`, `p50 ${load.p50.toFixed(0)} ms`, cpuNote(load), loadNote(load)]
    .filter(Boolean)
    .join("; ");
}

/** "CPU per appeal: app 3.1 ms, PostgreSQL 2.4 ms" for a note; empty when not measured. */
function cpuNote(load: LoadFigures): string {
  const cpu = load.cpuPerAppeal;
  if (!cpu) return "";
  const db = cpu.postgresMs === undefined ? "" : `, PostgreSQL ${cpu.postgresMs.toFixed(1)} ms`;
  return `CPU per appeal: app ${cpu.appMs.toFixed(1)} ms${db}`;
}

/** The intake runs against one app (on PostgreSQL or PGlite): peak, then 70 % of it. */
export async function measureIntake(
  app: AppServer,
  opts: {
    world: World;
    sizes: B1Sizes;
    runId: string;
    log: (m: string) => void;
    /** CPU seconds so far of the app and, on a server, of PostgreSQL (bench/lib/cpu.ts). */
    cpu: () => { app: number; postgres?: number };
  },
): Promise<{ native: LoadFigures; open311: LoadFigures; nativeAt70: LoadFigures; open311At70: LoadFigures }> {
  const { operator, apiKeys } = await prepareIntake(app, opts.sizes.open311Keys);
  const base = {
    targets: [{ url: app.url }],
    connections: opts.sizes.connections,
    durationSec: opts.sizes.seconds,
    world: opts.world,
    session: operator,
    apiKeys,
  };
  // A short warm-up: JIT, connection pool, caches.
  await runIntakeLoad({
    ...base,
    kind: "native",
    durationSec: Math.min(3, Math.ceil(opts.sizes.seconds / 2)),
    runId: `${opts.runId}-w`,
  });
  await settle();
  const native = await runIntakeLoad({ ...base, kind: "native", runId: `${opts.runId}-n` });
  opts.log(`  native intake: ${native.rate.toFixed(0)}/s, p99 ${native.p99.toFixed(0)} ms`);
  await settle();
  const open311 = await runIntakeLoad({ ...base, kind: "open311", runId: `${opts.runId}-o` });
  opts.log(`  Open311 intake: ${open311.rate.toFixed(0)}/s, p99 ${open311.p99.toFixed(0)} ms`);
  /** Evenly spaced arrivals at 70 % of a peak, with the CPU spent per appeal. */
  const at70 = async (kind: IntakeKind, peak: LoadFigures, label: string) => {
    await settle();
    const load = await withCpu(opts.cpu, () =>
      runIntakeLoad({
        ...base,
        kind,
        overallRate: Math.max(1, 0.7 * peak.rate),
        runId: `${opts.runId}-${kind}70`,
      }),
    );
    opts.log(
      `  ${label} at 70 %: ${load.rate.toFixed(0)}/s, p99 ${load.p99.toFixed(0)} ms${slowestSecond(load)}`,
    );
    return load;
  };
  const nativeAt70 = await at70("native", native, "native");
  const open311At70 = await at70("open311", open311, "Open311");
  return { native, open311, nativeAt70, open311At70 };
}

/** B1 on the PostgreSQL server: raw rate, HTTP rates, ratio, p99 at 70 %; and memory (B5). */
export async function runB1Postgres(ctx: BenchContext, sizes: B1Sizes): Promise<B1Result> {
  const url = await createDatabaseFrom(ctx.pg, "bench_b1", ctx.template);
  const app = await startApp({ port: ctx.nextPort(), databaseUrl: url, scheduler: true, memoryProbe: 1000 });
  const memory = new MemorySampler([app.pid]);
  const startedAt = Date.now();
  try {
    const enteredBy = await withClient(url, async (c) => {
      const r = await c.query<{ id: string }>("select id from users where username = 'operator'");
      return r.rows[0]?.id ?? "";
    });
    ctx.log(`B1 raw inserts: ${sizes.rawClients} pg clients, ${sizes.seconds} s`);
    const raw = await runRawInserts({
      url,
      clients: sizes.rawClients,
      durationSec: sizes.seconds,
      world: ctx.world,
      enteredBy,
    });
    ctx.log(`  raw: ${raw.rate.toFixed(0)} appeals/s`);
    const http = await measureIntake(app, {
      world: ctx.world,
      sizes,
      runId: `b1pg-${Date.now()}`,
      log: ctx.log,
      cpu: () => appAndServerCpu(app.pid, ctx.pg.dir),
    });
    const peakRssMb = memory.stop();
    const memorySeries = summarizeMemory(app.memory(), startedAt, Date.now());
    if (memorySeries) for (const line of formatMemory(memorySeries)) ctx.log(`  B1 ${line}`);
    const figures: Figure[] = [
      {
        bench: "B1",
        name: "raw inserts (case + intake event), pg",
        value: raw.rate,
        unit: "/s",
        note: `${sizes.rawClients} clients`,
      },
      {
        bench: "B1",
        name: "native intake via HTTP, peak",
        value: http.native.rate,
        unit: "/s",
        note: loadNote(http.native) ?? `${sizes.connections} connections`,
      },
      { bench: "B1", name: "native intake p50 at peak", value: http.native.p50, unit: "ms" },
      { bench: "B1", name: "native intake p99 at peak", value: http.native.p99, unit: "ms" },
      goal(
        { bench: "B1", name: "ratio native / raw", value: http.native.rate / raw.rate, unit: "" },
        "≥",
        B1_RATIO_GOAL,
      ),
      goal(
        {
          bench: "B1",
          name: "native p99 at 70 % of peak",
          value: http.nativeAt70.p99,
          unit: "ms",
          note: at70Note(http.nativeAt70),
        },
        "≤",
        B1_P99_GOAL_MS,
      ),
      {
        bench: "B1",
        name: "Open311 intake via HTTP, peak",
        value: http.open311.rate,
        unit: "/s",
        note: loadNote(http.open311) ?? `${sizes.open311Keys} keys`,
      },
      { bench: "B1", name: "Open311 intake p50 at peak", value: http.open311.p50, unit: "ms" },
      { bench: "B1", name: "Open311 intake p99 at peak", value: http.open311.p99, unit: "ms" },
      goal(
        { bench: "B1", name: "ratio Open311 / raw", value: http.open311.rate / raw.rate, unit: "" },
        "≥",
        B1_RATIO_GOAL,
      ),
      goal(
        {
          bench: "B1",
          name: "Open311 p99 at 70 % of peak",
          value: http.open311At70.p99,
          unit: "ms",
          note: at70Note(http.open311At70),
        },
        "≤",
        B1_P99_GOAL_MS,
      ),
      goal(
        { bench: "B5", name: "server resident memory, peak during B1", value: peakRssMb, unit: "MB" },
        "≤",
        400,
      ),
    ];
    return { figures, raw, ...http, peakRssMb, memory: memorySeries };
  } finally {
    memory.stop();
    await app.stop();
  }
}

/** B1 on PGlite: the same HTTP runs against a server on DATA_DIR (no raw ratio: one process owns it). */
export async function runB1Pglite(
  ctx: Omit<BenchContext, "pg" | "template">,
  sizes: B1Sizes,
  dataDir: string,
): Promise<Figure[]> {
  const app = await startApp({ port: ctx.nextPort(), dataDir, scheduler: true });
  const memory = new MemorySampler([app.pid]);
  try {
    const http = await measureIntake(app, {
      world: ctx.world,
      sizes,
      runId: `b1lite-${Date.now()}`,
      log: ctx.log,
      cpu: () => appAndServerCpu(app.pid),
    });
    const peak = memory.stop();
    return [
      {
        bench: "B1 PGlite",
        name: "native intake via HTTP, peak",
        value: http.native.rate,
        unit: "/s",
        note: loadNote(http.native),
      },
      { bench: "B1 PGlite", name: "native intake p99 at peak", value: http.native.p99, unit: "ms" },
      goal(
        {
          bench: "B1 PGlite",
          name: "native p99 at 70 % of peak",
          value: http.nativeAt70.p99,
          unit: "ms",
          note: at70Note(http.nativeAt70),
        },
        "≤",
        B1_PGLITE_P99_GOAL_MS,
      ),
      {
        bench: "B1 PGlite",
        name: "Open311 intake via HTTP, peak",
        value: http.open311.rate,
        unit: "/s",
        note: loadNote(http.open311),
      },
      goal(
        {
          bench: "B1 PGlite",
          name: "Open311 p99 at 70 % of peak",
          value: http.open311At70.p99,
          unit: "ms",
          note: at70Note(http.open311At70),
        },
        "≤",
        B1_PGLITE_P99_GOAL_MS,
      ),
      { bench: "B1 PGlite", name: "server resident memory, peak", value: peak, unit: "MB" },
      ...failedRows("B1 PGlite", http),
    ];
  } finally {
    memory.stop();
    await app.stop();
  }
}

/**
 * Scale-out: `n` app processes on one PostgreSQL server (the deadline scheduler on in the first
 * only), the load generator spreading its connections evenly over them.
 */
export async function runScaleOut(
  ctx: BenchContext,
  sizes: B1Sizes,
  n: number,
  single: number,
): Promise<Figure[]> {
  const url = await createDatabaseFrom(ctx.pg, `bench_scale_${n}`, ctx.template);
  const apps: AppServer[] = [];
  try {
    // The first process migrates; the others then start side by side.
    apps.push(await startApp({ port: ctx.nextPort(), databaseUrl: url, scheduler: true }));
    const ports = Array.from({ length: n - 1 }, () => ctx.nextPort());
    const rest = await Promise.allSettled(
      ports.map((port) => startApp({ port, databaseUrl: url, scheduler: false })),
    );
    for (const r of rest) if (r.status === "fulfilled") apps.push(r.value);
    const failed = rest.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const first = apps[0];
    if (!first) throw new Error("no app started");
    // Sessions live in the database: one sign-in serves every process.
    const operator = await login(first.url, "operator", DEMO_PASSWORD);
    const memory = new MemorySampler(apps.map((a) => a.pid));
    const targets = apps.map((a) => ({ url: a.url }));
    const base = { targets, connections: sizes.connections, world: ctx.world, session: operator };
    await runIntakeLoad({
      ...base,
      kind: "native",
      durationSec: Math.min(3, Math.ceil(sizes.seconds / 2)),
      runId: `scale${n}-w-${Date.now()}`,
    });
    const load = await runIntakeLoad({
      ...base,
      kind: "native",
      durationSec: sizes.seconds,
      runId: `scale${n}-${Date.now()}`,
    });
    const peak = memory.stop();
    ctx.log(`  ${n} processes: ${load.rate.toFixed(0)}/s, p99 ${load.p99.toFixed(0)} ms`);
    return [
      ...failedRows("scale-out", { [`${n} processes`]: load }),
      {
        bench: "scale-out",
        name: `native intake, ${n} app processes`,
        value: load.rate,
        unit: "/s",
        note: `${n === 1 ? "baseline" : `${(load.rate / single).toFixed(2)}× one process`}; p99 ${load.p99.toFixed(0)} ms; largest RSS ${peak.toFixed(0)} MB${loadNote(load) ? `; ${loadNote(load)}` : ""}`,
      },
    ];
  } finally {
    for (const a of apps) await a.stop();
  }
}

/** Transactions the server at `url` has committed so far (all databases). */
async function committed(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query<{ n: string }>("select sum(xact_commit)::text as n from pg_stat_database");
    return Number(r.rows[0]?.n ?? 0);
  });
}

/**
 * Dashboard reads under write load: GET /rates in a loop (two readers) while B1 native intake
 * runs at `rate`, once with DATABASE_READ_URL pointing at a streaming replica the bench starts,
 * once with everything on the primary.
 */
export async function runReplica(
  ctx: BenchContext,
  sizes: B1Sizes,
  rate: number,
  replicaPort?: number,
): Promise<Figure[]> {
  const url = await createDatabaseFrom(ctx.pg, "bench_replica", ctx.template);
  ctx.log("replica: pg_basebackup -R from the primary");
  const replica = await startReplica(ctx.pg, replicaPort);
  try {
    const readUrl = replica.urlOf("bench_replica");
    // Wait until the standby has replayed the new database.
    for (let i = 0; i < 100; i++) {
      const ready = await withClient(replica.urlOf("postgres"), async (c) => {
        const r = await c.query("select 1 from pg_database where datname = 'bench_replica'");
        return r.rowCount === 1;
      });
      if (ready) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const measure = async (withReplica: boolean) => {
      const app = await startApp({
        port: ctx.nextPort(),
        databaseUrl: url,
        ...(withReplica ? { databaseReadUrl: readUrl } : {}),
        scheduler: true,
      });
      try {
        const operator = await login(app.url, "operator", DEMO_PASSWORD);
        const supervisor = await login(app.url, "supervisor", DEMO_PASSWORD);
        const before = await committed(replica.url);
        const latencies: number[] = [];
        let stop = false;
        const reader = async () => {
          while (!stop) {
            const r = await call(app.url, "GET", "/api/v1/rates", undefined, { session: supervisor });
            latencies.push(r.ms);
          }
        };
        const readers = [reader(), reader()];
        const loading = runIntakeLoad({
          kind: "native",
          targets: [{ url: app.url }],
          connections: sizes.connections,
          durationSec: sizes.seconds,
          overallRate: rate,
          world: ctx.world,
          session: operator,
          runId: `replica-${withReplica}-${Date.now()}`,
        });
        const loaded = await Promise.allSettled([loading]);
        stop = true;
        // Both readers stop before anything is reported, so none is left calling a stopped app.
        const ended = await Promise.allSettled(readers);
        const first = loaded[0];
        if (!first || first.status === "rejected") throw first?.reason ?? new Error("load did not run");
        const failedReader = ended.find((r) => r.status === "rejected");
        if (failedReader) throw failedReader.reason;
        const load = first.value;
        const replicaCommits = (await committed(replica.url)) - before;
        return { load, p95: percentile(latencies, 95), reads: latencies.length, replicaCommits };
      } finally {
        await app.stop();
      }
    };
    const onReplica = await measure(true);
    ctx.log(
      `  rates p95 with the replica: ${onReplica.p95.toFixed(1)} ms (${onReplica.replicaCommits} transactions on the replica)`,
    );
    const onPrimary = await measure(false);
    ctx.log(`  rates p95 on the primary: ${onPrimary.p95.toFixed(1)} ms`);
    const lag = await withClient(ctx.pg.url, async (c) => {
      const r = await c.query<{ lag: string | null }>(
        "select extract(epoch from replay_lag)::text as lag from pg_stat_replication limit 1",
      );
      return r.rows[0]?.lag;
    });
    const servedByReplica = onReplica.replicaCommits > onReplica.reads / 2;
    return [
      {
        bench: "replica",
        name: "GET /rates p95, reads on the replica (DATABASE_READ_URL)",
        value: onReplica.p95,
        unit: "ms",
        note: `${onReplica.reads} reads while intake ran at ${onReplica.load.rate.toFixed(0)}/s; ${servedByReplica ? `replica served ${onReplica.replicaCommits} transactions` : "the app did not read from the replica (DATABASE_READ_URL not used)"}; replay lag ${lag ?? "?"} s`,
      },
      {
        bench: "replica",
        name: "GET /rates p95, everything on the primary",
        value: onPrimary.p95,
        unit: "ms",
        note: `${onPrimary.reads} reads while intake ran at ${onPrimary.load.rate.toFixed(0)}/s`,
      },
    ];
  } finally {
    await replica.stop();
  }
}
