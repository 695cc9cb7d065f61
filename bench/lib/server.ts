/**
 * The app under test as child processes: `src/server/main.ts` run by Node with tsx's loader
 * (`node --import tsx`, the same code path as `tsx src/server/main.ts` but one process, so the
 * pid we sample for memory is the server itself and not a launcher in front of it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  // BENCH_APP_NODE_ARGS: extra Node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/server/main.ts"], {
    cwd: opts.cwd ?? REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const forget = onCleanup(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
  });
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitHealthy(url, child, () => tail);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    forget();
    throw err;
  }
  return {
    url,
    port: opts.port,
    pid: child.pid ?? -1,
    output: () => tail,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      forget();
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
