/**
 * The real server process (`src/server/main.ts`) started the way an operator starts it: what it
 * does with a DATA_DIR in use, read-only or left by a `kill -9`, an unreachable DATABASE_URL, and
 * bad or taken ports. Each refusal must be exit code 1 and one line on stderr, never a stack.
 * Every start on PGlite costs seconds of WASM start-up and migrations, so the cases share starts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MAIN = path.join(ROOT, "src/server/main.ts");
const NOBODY = 65534;

interface Exit {
  code: number | null;
  stderr: string;
  ms: number;
}

interface Server {
  child: ChildProcess;
  exited: Promise<Exit>;
}

const running: ChildProcess[] = [];
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-startup-"));
  fs.chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** Starts main.ts with `env` on top of a clean environment (no DATABASE_URL unless given). */
function start(env: Record<string, string>, options: { uid?: number; gid?: number } = {}): Server {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const began = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: "warn", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
    ...options,
  });
  running.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<Exit>((resolve) =>
    child.on("close", (code) => resolve({ code, stderr, ms: Date.now() - began })),
  );
  return { child, exited };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Polls /healthz until 200; fails early if the server exits. */
async function healthy(port: number, server: Server, timeoutMs = 90_000): Promise<void> {
  let exit: Exit | undefined;
  void server.exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`server exited with ${exit.code}: ${exit.stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no 200 from /healthz on port ${port} within ${timeoutMs} ms`);
}

/** One line starting with "microgov: ", and nothing that looks like a stack trace. */
function expectOneLine(exit: Exit, ...mentions: RegExp[]): void {
  expect(exit.code, exit.stderr).toBe(1);
  const lines = exit.stderr.trimEnd().split("\n");
  expect(lines, exit.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^microgov: /);
  expect(exit.stderr).not.toMatch(/\n\s+at /);
  for (const m of mentions) expect(lines[0]).toMatch(m);
}

afterAll(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// A cold PGlite start on a busy two-core machine can take most of the default 60 s.
describe("one DATA_DIR, one server", { timeout: 150_000 }, () => {
  const dataDir = path.join(tempDir(), "data");
  let first: Server;

  it("refuses a second instance on a DATA_DIR in use, with one line", async () => {
    const port = await freePort();
    first = start({ DATA_DIR: dataDir, PORT: String(port) });
    await healthy(port, first);
    const second = await start({ DATA_DIR: dataDir, PORT: String(await freePort()) }).exited;
    expectOneLine(second, /DATA_DIR .* is in use/, new RegExp(`pid ${first.child.pid}`));
    // The first one is unharmed.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it("starts again on the same DATA_DIR after kill -9 (the stale lock is ignored)", async () => {
    first.child.kill("SIGKILL");
    await first.exited;
    expect(fs.existsSync(path.join(dataDir, "microgov.pid"))).toBe(true);
    const port = await freePort();
    first = start({ DATA_DIR: dataDir, PORT: String(port) });
    await healthy(port, first);
  });

  it("stops on SIGTERM with exit code 0 and gives the DATA_DIR back", async () => {
    first.child.kill("SIGTERM");
    const exit = await first.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "microgov.pid"))).toBe(false);
  });
});

/** Root ignores permissions, so a read-only DATA_DIR is only read-only to another user. */
function nobodyCanRun(): string | null {
  if (process.getuid?.() !== 0) return "needs root to start the server as user nobody";
  // The child loads main.ts and tsx as that user: a checkout under /root would be unreadable.
  const readable = [MAIN, path.join(ROOT, "node_modules/tsx/package.json")];
  const probe = spawnSync(
    process.execPath,
    [
      "-e",
      `for (const f of ${JSON.stringify(readable)}) require("fs").accessSync(f, require("fs").constants.R_OK)`,
    ],
    { uid: NOBODY, gid: NOBODY },
  );
  return probe.status === 0 ? null : `user nobody cannot read the checkout at ${ROOT}`;
}
const readOnlySkip = nobodyCanRun();

// Quick starts that end before the database opens. Not run concurrently: on two shared cores the
// parallel module loading made each slower than the whole sequence.
describe("refusals", () => {
  it.skipIf(readOnlySkip !== null)(
    `refuses a read-only DATA_DIR with one line${readOnlySkip ? ` (skipped: ${readOnlySkip})` : ""}`,
    async () => {
      const dir = path.join(tempDir(), "read-only");
      fs.mkdirSync(dir, { mode: 0o555 });
      fs.chmodSync(dir, 0o555);
      const exit = await start(
        { DATA_DIR: dir, PORT: String(await freePort()) },
        { uid: NOBODY, gid: NOBODY },
      ).exited;
      expectOneLine(exit, /DATA_DIR .* is not writable/);
    },
  );

  it("refuses an unreachable DATABASE_URL quickly, with one line and no password", async () => {
    const closed = await freePort();
    const exit = await start({
      DATABASE_URL: `postgres://microgov:s3cret-pw@127.0.0.1:${closed}/microgov`,
      PORT: String(await freePort()),
    }).exited;
    expectOneLine(exit, /DATABASE_URL/, /connection refused/);
    expect(exit.stderr).not.toContain("s3cret-pw");
    expect(exit.ms).toBeLessThan(15_000);
  });

  it("refuses a bad PORT value, with one line", async () => {
    const exit = await start({ DATA_DIR: path.join(tempDir(), "data"), PORT: "80a" }).exited;
    expectOneLine(exit, /PORT must be a whole number from 0 to 65535 \(got "80a"\)/);
  });

  it("refuses a port in use before touching the database, with one line", async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const address = holder.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const dataDir = path.join(tempDir(), "data");
    try {
      const exit = await start({ DATA_DIR: dataDir, PORT: String(address.port) }).exited;
      expectOneLine(exit, new RegExp(`port ${address.port} on 127.0.0.1 is already in use`));
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      holder.close();
    }
  });
});
