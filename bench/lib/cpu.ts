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

/** utime + stime of one process in seconds; null when it is gone. */
function cpuOf(pid: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
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
 * CPU seconds of a throwaway PostgreSQL server: the postmaster and every backend and helper
 * running under it now. Backends live as long as the app's pool keeps their connection, so the
 * difference of two readings is what the server spent between them.
 */
export function postgresCpu(pgDir: string): number {
  const pidFile = path.join(pgDir, "data", "postmaster.pid");
  const postmaster = Number(fs.readFileSync(pidFile, "utf8").split(os.EOL)[0]);
  return processesCpu([postmaster, ...childrenOf(postmaster)]);
}
