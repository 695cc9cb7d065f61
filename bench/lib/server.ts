/**
 * The app under test as child processes: `src/server/main.ts` run by Node with tsx's loader
 * (`node --import tsx`, the same code path as `tsx src/server/main.ts` but one process, so the
 * pid we sample for memory is the server itself and not a launcher in front of it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { onCleanup } from "./cleanup.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  /** Resolves once the process has exited. */
  stop(): Promise<void>;
  /** The last lines the process wrote on stderr and stdout (for error messages). */
  output(): string;
  /** The app's own memory figures so far (empty unless started with `memoryProbe`). */
  memory(): MemoryPoint[];
}

/** One line of bench/lib/memory-probe.ts: the app's memory at `at` (epoch ms), in bytes. */
export interface MemoryPoint {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  oldUsed: number | null;
  oldSize: number | null;
  newSize: number | null;
  /** The garbage collector's pauses so far, ms on the main thread (absent in older lines). */
  gcMinorMs?: number;
  gcMajorMs?: number;
  gcIncrementalMs?: number;
  gcCount?: number;
}

export interface StartOptions {
  port: number;
  databaseUrl?: string;
  databaseReadUrl?: string;
  dataDir?: string;
  scheduler?: boolean;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Another checkout of the app to run (bench/ab-intake.ts: the code before a change); default this one. */
  cwd?: string;
  /**
   * Preload bench/lib/memory-probe.ts into the app, so it writes its own heap figures every
   * `memoryProbe` ms to a file the bench reads (AppServer.memory()). Adds nothing to the app.
   */
  memoryProbe?: number;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}: ${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not become healthy within 180 s: ${output()}`);
}

/**
 * The Node flags `npm run serve` (package.json) puts between `tsx` and `src/server/main.ts`, e.g.
 * `--heap-growing-percent=50`, so the bench runs the app as production does.
 */
export function serveNodeFlags(cwd: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(cwd, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const m = /\btsx((?:\s+--\S+)*)\s+src\/server\/main\.ts/.exec(pkg.scripts?.serve ?? "");
  return (m?.[1] ?? "").split(/\s+/).filter(Boolean);
}

/** Starts one app process and waits for /healthz. */
export async function startApp(opts: StartOptions): Promise<AppServer> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SCHEDULER: opts.scheduler ? "on" : "off",
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.databaseReadUrl ? { DATABASE_READ_URL: opts.databaseReadUrl } : {}),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...opts.env,
  };
  let probeFile: string | null = null;
  if (opts.memoryProbe) {
    probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "microgov-bench-mem-")), "memory.jsonl");
    env.BENCH_MEMORY_FILE = probeFile;
    env.BENCH_MEMORY_EVERY_MS = String(opts.memoryProbe);
  }
  const probeArgs = probeFile
    ? ["--import", pathToFileURL(path.join(REPO_ROOT, "bench/lib/memory-probe.ts")).href]
    : [];
  // The Node flags production gives the app (package.json's serve script), then
  // BENCH_APP_NODE_ARGS: extra ones, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = [
    ...serveNodeFlags(opts.cwd ?? REPO_ROOT),
    ...(process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", ...probeArgs, "src/server/main.ts"],
    {
      cwd: opts.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const removeProbe = () => {
    if (probeFile) fs.rmSync(path.dirname(probeFile), { recursive: true, force: true });
  };
  const forget = onCleanup(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    removeProbe();
  });
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitHealthy(url, child, () => tail);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    forget();
    removeProbe();
    throw err;
  }
  return {
    url,
    port: opts.port,
    pid: child.pid ?? -1,
    output: () => tail,
    memory: () => (probeFile ? readMemoryProbe(probeFile) : []),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      forget();
      removeProbe();
    },
  };
}

/** Resident memory of a process in bytes (VmRSS), or null once it is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS of some processes every `everyMs` until stopped; reports the peak of each. */
export class MemorySampler {
  private peaks = new Map<number, number>();
  private timer: NodeJS.Timeout;
  constructor(
    private readonly pids: number[],
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  private sample(): void {
    for (const pid of this.pids) {
      const rss = residentBytes(pid);
      if (rss !== null && rss > (this.peaks.get(pid) ?? 0)) this.peaks.set(pid, rss);
    }
  }
  /** Stops sampling; the peak resident memory of the largest process, in MB. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return Math.max(0, ...this.peaks.values()) / (1024 * 1024);
  }
}

function readMemoryProbe(file: string): MemoryPoint[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const points: MemoryPoint[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      points.push(JSON.parse(line) as MemoryPoint);
    } catch {
      // a line cut short by the process's end
    }
  }
  return points;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** Least-squares slope of y (bytes) over time (ms), in MB per minute. */
function slopeMbPerMinute(points: readonly MemoryPoint[], y: (p: MemoryPoint) => number): number | null {
  if (points.length < 3) return null;
  const xs = points.map((p) => p.at / 60_000);
  const ys = points.map((p) => y(p) / MB);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * ((ys[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? null : Math.round((num / den) * 100) / 100;
}

/** The app's memory over a run: a point per 10 % of it, and the trend over its second half. */
export interface MemorySeries {
  samples: number;
  everyMs: number | null;
  /** At 0 %, 10 %, … 100 % of the run: MB. */
  deciles: {
    pct: number;
    minute: number;
    rssMb: number;
    heapUsedMb: number;
    heapTotalMb: number;
    externalMb: number;
    arrayBuffersMb: number;
  }[];
  /** MB per minute over the second half of the run (least squares). */
  secondHalfSlope: { rss: number | null; heapUsed: number | null; heapTotal: number | null };
  peak: { rssMb: number; heapUsedMb: number; heapTotalMb: number };
  /** The collector's pauses over the run: ms by kind, and their share of the run's time (%). */
  gc: { minorMs: number; majorMs: number; incrementalMs: number; count: number; sharePct: number } | null;
  /** Every sample, thinned to at most ~300 points: [minute, rss MB, heapUsed MB, heapTotal MB, external MB]. */
  points: [number, number, number, number, number][];
}

/** Summarises the probe's points between `from` and `to` (epoch ms). */
export function summarizeMemory(all: readonly MemoryPoint[], from: number, to: number): MemorySeries | null {
  const points = all.filter((p) => p.at >= from && p.at <= to);
  const first = points[0];
  if (!first) return null;
  const span = Math.max(1, to - from);
  const nearest = (at: number) =>
    points.reduce((best, p) => (Math.abs(p.at - at) < Math.abs(best.at - at) ? p : best), first);
  const deciles = Array.from({ length: 11 }, (_, k) => {
    const p = nearest(from + (span * k) / 10);
    return {
      pct: k * 10,
      minute: Math.round(((p.at - from) / 60_000) * 10) / 10,
      rssMb: mb(p.rss),
      heapUsedMb: mb(p.heapUsed),
      heapTotalMb: mb(p.heapTotal),
      externalMb: mb(p.external),
      arrayBuffersMb: mb(p.arrayBuffers),
    };
  });
  const half = points.filter((p) => p.at >= from + span / 2);
  const step = Math.max(1, Math.ceil(points.length / 300));
  const second = points[1];
  const last = points[points.length - 1] ?? first;
  const gcDelta = (k: "gcMinorMs" | "gcMajorMs" | "gcIncrementalMs" | "gcCount") =>
    (last[k] ?? 0) - (first[k] ?? 0);
  const gcMs = gcDelta("gcMinorMs") + gcDelta("gcMajorMs") + gcDelta("gcIncrementalMs");
  return {
    samples: points.length,
    everyMs: second ? second.at - first.at : null,
    deciles,
    secondHalfSlope: {
      rss: slopeMbPerMinute(half, (p) => p.rss),
      heapUsed: slopeMbPerMinute(half, (p) => p.heapUsed),
      heapTotal: slopeMbPerMinute(half, (p) => p.heapTotal),
    },
    peak: {
      rssMb: mb(Math.max(...points.map((p) => p.rss))),
      heapUsedMb: mb(Math.max(...points.map((p) => p.heapUsed))),
      heapTotalMb: mb(Math.max(...points.map((p) => p.heapTotal))),
    },
    gc:
      first.gcCount === undefined
        ? null
        : {
            minorMs: gcDelta("gcMinorMs"),
            majorMs: gcDelta("gcMajorMs"),
            incrementalMs: gcDelta("gcIncrementalMs"),
            count: gcDelta("gcCount"),
            sharePct: Math.round((gcMs / Math.max(1, last.at - first.at)) * 1000) / 10,
          },
    points: points
      .filter((_, i) => i % step === 0)
      .map((p) => [
        Math.round(((p.at - from) / 60_000) * 100) / 100,
        mb(p.rss),
        mb(p.heapUsed),
        mb(p.heapTotal),
        mb(p.external),
      ]),
  };
}

/** The series as a few printable lines. */
export function formatMemory(s: MemorySeries): string[] {
  const f = (v: number | null) => (v === null ? "?" : `${v >= 0 ? "+" : ""}${v.toFixed(2)}`);
  return [
    `memory per 10 % of the run (min: RSS / heapUsed / heapTotal / external MB): ` +
      s.deciles
        .map(
          (d) =>
            `${d.minute}: ${d.rssMb.toFixed(0)}/${d.heapUsedMb.toFixed(0)}/${d.heapTotalMb.toFixed(0)}/${d.externalMb.toFixed(0)}`,
        )
        .join(", "),
    `second half, MB/min: RSS ${f(s.secondHalfSlope.rss)}, heapUsed ${f(s.secondHalfSlope.heapUsed)}, heapTotal ${f(s.secondHalfSlope.heapTotal)}` +
      (s.gc
        ? `; GC pauses ${s.gc.sharePct} % of the time (${s.gc.count} collections; minor ${(s.gc.minorMs / 1000).toFixed(1)} s, major ${(s.gc.majorMs / 1000).toFixed(1)} s, incremental ${(s.gc.incrementalMs / 1000).toFixed(1)} s)`
        : ""),
  ];
}
