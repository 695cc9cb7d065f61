/** The DATA_DIR guard: what counts as "in use", what is stale, and what is not ours to take. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir, processStartTime } from "../../src/db/data-dir.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-datadir-"));
let n = 0;
const freshDir = () => path.join(root, `d${n++}`);
const lockOf = (dir: string) => path.join(dir, "microgov.pid");

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("lockDataDir", () => {
  it("creates a missing directory, takes it, and gives it back", () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockOf(dir), "utf8")).toMatch(new RegExp(`^${process.pid}( \\d+)?$`));
    expect(() => lockDataDir(dir)).not.toThrow(); // Our own pid: this process may reopen it.
    release();
    expect(fs.existsSync(lockOf(dir))).toBe(false);
  });

  it("refuses a directory a live process holds", () => {
    const dir = freshDir();
    fs.mkdirSync(dir);
    const holder = process.ppid;
    fs.writeFileSync(lockOf(dir), [holder, processStartTime(holder)].filter(Boolean).join(" "));
    expect(() => lockDataDir(dir)).toThrow(
      `DATA_DIR ${dir} is in use by another Microgov process (pid ${holder})`,
    );
  });

  it("takes over the lock of a dead process", () => {
    const dir = freshDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(lockOf(dir), "2147483646"); // Above any pid_max: never a live process.
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockOf(dir), "utf8")).toMatch(new RegExp(`^${process.pid}\\b`));
    release();
  });

  it.skipIf(processStartTime(process.pid) === undefined)(
    "takes over a lock whose pid now belongs to another process (pid reuse after kill -9)",
    () => {
      const dir = freshDir();
      fs.mkdirSync(dir);
      fs.writeFileSync(lockOf(dir), `${process.ppid} 1`); // Live pid, but not started at tick 1.
      const release = lockDataDir(dir);
      expect(fs.readFileSync(lockOf(dir), "utf8")).toMatch(new RegExp(`^${process.pid}\\b`));
      release();
    },
  );

  it("does not remove a lock that another process took meanwhile", () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    fs.writeFileSync(lockOf(dir), "12345 67");
    release();
    expect(fs.readFileSync(lockOf(dir), "utf8")).toBe("12345 67");
  });

  it("refuses a file, and a directory of other files without a database", () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "x");
    expect(() => lockDataDir(file)).toThrow(`DATA_DIR ${file} is not a directory.`);
    const home = freshDir();
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, "notes.txt"), "mine");
    expect(() => lockDataDir(home)).toThrow("holds other files and no Microgov database");
    // Hidden files and lost+found (a fresh volume) are fine.
    const volume = freshDir();
    fs.mkdirSync(path.join(volume, "lost+found"), { recursive: true });
    fs.writeFileSync(path.join(volume, ".keep"), "");
    lockDataDir(volume)();
  });
});
