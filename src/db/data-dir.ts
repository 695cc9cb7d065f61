import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../config.js";

const LOCK_FILE = "microgov.pid";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Makes sure `dir` is a writable directory that no other live Microgov process holds, and takes
 * it. PGlite would corrupt a data directory shared by two processes, so this is the guard.
 * Returns the function that gives the directory back.
 */
export function lockDataDir(dir: string): () => void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ConfigError(`DATA_DIR ${dir} cannot be created: ${(err as Error).message}`);
  }
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`DATA_DIR ${dir} is not writable (${code}); choose a writable directory.`);
  }
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.rmSync(lockPath);
        } catch {
          // Already gone: nothing to give back.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new ConfigError(
          `DATA_DIR ${dir} is in use by another Microgov process (pid ${holder}); stop it or set another DATA_DIR.`,
        );
      }
      // The holder died (e.g. kill -9): its lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new ConfigError(`DATA_DIR ${dir} could not be locked; another process keeps taking it.`);
}
