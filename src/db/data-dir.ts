import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";

const LOCK_FILE = "microgov.pid";
/** DATA_DIR holds the lock, the PGlite database in `db/` and uploaded files in `uploads/`. */
export const DATA_DIR_DATABASE = "db";
/** The data keys (encryption and blind index), kept apart from backups unless asked for. */
export const DATA_DIR_KEYS = "keys";
/**
 * The running server's private directory (mode 0700): its backup socket
 * (src/modules/backup/backup-socket.ts). Dot-named, so it never makes DATA_DIR look foreign.
 */
export const DATA_DIR_RUN = ".run";
/** Entries a fresh volume may hold that do not make a directory "someone else's". */
const HARMLESS_ENTRIES = new Set(["lost+found", LOCK_FILE, DATA_DIR_DATABASE, "uploads", DATA_DIR_KEYS]);

/**
 * When the process `pid` started, in clock ticks since boot (Linux), or undefined where /proc is
 * not there. Paired with the pid it names one process for good: after a `kill -9` and a reboot
 * or container restart, another process often gets the dead holder's pid.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) may hold spaces, so count from its closing bracket.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number, startTime: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (startTime === undefined) return true;
  const actual = processStartTime(pid);
  return actual === undefined || actual === startTime;
}

function prepareDirectory(dir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      throw new ConfigError(`DATA_DIR ${dir} does not exist and cannot be created (${code}).`);
    }
    return;
  }
  if (!stat.isDirectory()) throw new ConfigError(`DATA_DIR ${dir} is not a directory.`);
  // PGlite would happily create a database among someone's files (DATA_DIR=$HOME by mistake).
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith(".") && !HARMLESS_ENTRIES.has(e));
  if (entries.length > 0) {
    throw new ConfigError(
      `DATA_DIR ${dir} holds other files and no Microgov database; choose an empty or new directory.`,
    );
  }
}

/**
 * Makes sure `dir` is a writable directory that no other live Microgov process holds, and takes
 * it. PGlite would corrupt a data directory shared by two processes, so this is the guard; a lock
 * left by a process that died (e.g. `kill -9`) is stale and taken over.
 * Returns the function that gives the directory back.
 */
export function lockDataDir(dir: string): () => void {
  prepareDirectory(dir);
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`DATA_DIR ${dir} is not writable (${code}); choose a writable directory.`);
  }
  const lockPath = path.join(dir, LOCK_FILE);
  const mine = [process.pid, processStartTime(process.pid)].filter((v) => v !== undefined).join(" ");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, mine, { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === mine) fs.rmSync(lockPath);
        } catch {
          // Already gone: nothing to give back.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let held: string;
    try {
      held = fs.readFileSync(lockPath, "utf8");
    } catch {
      continue; // Removed between our attempt and this read: try again.
    }
    const [pidText, startTime] = held.trim().split(" ");
    const holder = Number.parseInt(pidText ?? "", 10);
    if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder, startTime)) {
      throw new ConfigError(
        `DATA_DIR ${dir} is in use by another Microgov process (pid ${holder}); stop it or set another DATA_DIR.`,
      );
    }
    // Stale. Remove it only if it is still the lock we judged, not one a concurrent start just took.
    try {
      if (fs.readFileSync(lockPath, "utf8") === held) fs.rmSync(lockPath);
    } catch {
      // Gone already.
    }
  }
  throw new ConfigError(`DATA_DIR ${dir} could not be locked; another process keeps taking it.`);
}
