/**
 * Where a restore writes, and the rule that it only ever writes into empty places: a restore
 * never merges into or overwrites data. Files are first written to staging directories beside
 * their targets (same file system, so the final step is a rename) and moved only once the whole
 * backup has been checked.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { BackupError } from "./backup-error.js";

/** Entries that do not count as content: an empty upload temp dir, dot-files, lost+found. */
function isContent(name: string): boolean {
  return !name.startsWith(".") && name !== "lost+found";
}

/** True when `dir` is absent, or holds nothing (an empty `tmp/` aside, as a fresh UPLOAD_DIR has). */
export async function isEmptyDir(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw err;
  }
  for (const name of entries.filter(isContent)) {
    if (name === "tmp" && (await isEmptyDir(path.join(dir, name)))) continue;
    return false;
  }
  return true;
}

/** Refuses `dir` unless it is absent or empty; `what` names it in the message (e.g. "UPLOAD_DIR"). */
export async function requireEmpty(dir: string, what: string): Promise<void> {
  if (!(await isEmptyDir(dir))) {
    throw new BackupError(`${what} ${dir} is not empty; restore only into an empty one`);
  }
}

/** A staging directory next to `target`, so moving it into place is one rename. */
export async function stagingBeside(target: string): Promise<string> {
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  return fs.mkdtemp(path.join(parent, `.restore-${path.basename(target)}-`));
}

/**
 * Moves `staged` to `target` (absent, or an empty directory that is replaced), then syncs the
 * parent directory so the rename survives a power cut.
 */
export async function moveIntoPlace(staged: string, target: string): Promise<void> {
  const absent = (err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  };
  // Only empty directories go (rmdir refuses others): what requireEmpty let through.
  await fs.rmdir(path.join(target, "tmp")).catch(absent);
  await fs.rmdir(target).catch(absent);
  await fs.rename(staged, target);
  const parent = await fs.open(path.dirname(target), "r");
  try {
    await parent.sync();
  } finally {
    await parent.close();
  }
}
