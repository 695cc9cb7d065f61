/**
 * CPU time spent by the app and by the PostgreSQL server, read from /proc, to give a lever's cost
 * per appeal: on a shared 2-core machine the rate of one run against another swings by 20–40 %,
 * the CPU seconds per request much less, because waiting for a core costs no CPU time.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Clock ticks per second of /proc/<pid>/stat's times; 100 on every Linux this runs on. */
const TICKS = 100;

/**
 * utime + stime of one process in seconds (with `exitedChildren`, also cutime + cstime: the time of
 * its children that have exited and been waited for); null when it is gone.
 */
function cpuOf(pid: number, exitedChildren = false): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
  const own = (fields[11] ?? 0) + (fields[12] ?? 0);
  const children = exitedChildren ? (fields[13] ?? 0) + (fields[14] ?? 0) : 0;
  return (own + children) / TICKS;
}

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** CPU seconds of these processes. */
export function processesCpu(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += cpuOf(pid) ?? 0;
  return total;
}

/** Every process whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (parentOf(Number(entry)) === pid) out.push(Number(entry));
  }
  return out;
}

/**
 * CPU seconds of a throwaway PostgreSQL server so far: the postmaster, every backend and helper
 * running under it now, and those that have exited (the pool closes idle connections, and the
 * postmaster waits for each backend, so the kernel adds its time to the postmaster's children).
 */
export function postgresCpu(pgDir: string): number {
  const pidFile = path.join(pgDir, "data", "postmaster.pid");
  const postmaster = Number(fs.readFileSync(pidFile, "utf8").split(os.EOL)[0]);
  return (cpuOf(postmaster, true) ?? 0) + processesCpu(childrenOf(postmaster));
}

/** CPU seconds so far of the app process and, on a server, of PostgreSQL. */
export function appAndServerCpu(appPid: number, pgDir?: string): { app: number; postgres?: number } {
  return { app: processesCpu([appPid]), ...(pgDir ? { postgres: postgresCpu(pgDir) } : {}) };
}

/**
 * Milliseconds of CPU per unit of work (an appeal) between two readings of the same processes,
 * key by key; a key read as undefined (no server) stays undefined.
 */
export function cpuMsPer<T extends Record<string, number | undefined>>(
  before: T,
  after: T,
  units: number,
): T {
  const out: Record<string, number | undefined> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    out[key] = a === undefined || b === undefined ? undefined : (1000 * (b - a)) / Math.max(1, units);
  }
  return out as T;
}
