/**
 * Throwaway PostgreSQL servers for the benchmarks (scripts/pg-throwaway.sh: Debian's binaries,
 * a temp directory, trust auth on 127.0.0.1) and fresh databases copied from a seeded template.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { onCleanup } from "./cleanup.js";
import { REPO_ROOT } from "./server.js";

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, "scripts/pg-throwaway.sh");

export interface PgServer {
  dir: string;
  /** URL of the `postgres` database; `urlOf(name)` for another. */
  url: string;
  port: number;
  urlOf(database: string): string;
  stop(): Promise<void>;
  /** Leaves the server running when the run ends (stop it with `scripts/pg-throwaway.sh stop DIR`). */
  keep(): void;
}

function parse(stdout: string, socket = false): PgServer {
  const dir = /^PG_DIR=(.+)$/m.exec(stdout)?.[1];
  const tcpUrl = /^DATABASE_URL=(.+)$/m.exec(stdout)?.[1];
  if (!dir || !tcpUrl) throw new Error(`pg-throwaway.sh printed no PG_DIR/DATABASE_URL: ${stdout}`);
  const forget = onCleanup(async () => {
    await run(SCRIPT, ["stop", dir]);
  });
  const urlOf = (database: string) => {
    const copy = new URL(tcpUrl);
    copy.pathname = `/${database}`;
    // Through the server's Unix socket in its directory (pg-throwaway.sh: `-k $dir`) instead of TCP.
    if (socket) copy.searchParams.set("host", dir);
    return copy.toString();
  };
  return {
    dir,
    url: urlOf(new URL(tcpUrl).pathname.slice(1)),
    port: Number(new URL(tcpUrl).port),
    urlOf,
    stop: async () => {
      await run(SCRIPT, ["stop", dir]);
      forget();
    },
    keep: () => forget(),
  };
}

export interface PgStartOptions {
  port?: number;
  /** Durable commits (fsync and synchronous_commit on), as in production. */
  durable: boolean;
  /** Clients (the app, the raw path) connect through the Unix socket instead of TCP. */
  socket?: boolean;
}

/** Server settings for a benchmark: a little more memory than initdb's defaults, nothing exotic. */
const BENCH_SETTINGS = "-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=15min";

export async function startPg(opts: PgStartOptions): Promise<PgServer> {
  const { stdout } = await run(SCRIPT, [], {
    env: {
      ...process.env,
      ...(opts.port ? { PG_PORT: String(opts.port) } : {}),
      PG_FSYNC: opts.durable ? "on" : "off",
      PG_OPTS: BENCH_SETTINGS,
    },
  });
  return parse(stdout, opts.socket);
}

/** A streaming hot standby of `primary` (pg_basebackup -R), on its own port. */
export async function startReplica(primary: PgServer, port?: number): Promise<PgServer> {
  const { stdout } = await run(SCRIPT, ["replica", primary.dir], {
    env: {
      ...process.env,
      ...(port ? { PG_PORT: String(port) } : {}),
      PG_FSYNC: "on",
      PG_OPTS: BENCH_SETTINGS,
    },
  });
  return parse(stdout);
}

/** Runs `fn` with one client on `url`. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A server stopped under an idle client must not crash the run; the next query reports it.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database copied from `template` (a file copy: seconds, not a re-seed). */
export async function createDatabaseFrom(server: PgServer, name: string, template: string): Promise<string> {
  await withClient(server.url, async (c) => {
    await c.query(`drop database if exists "${name}"`);
    await c.query(`create database "${name}" template "${template}"`);
  });
  return server.urlOf(name);
}

export async function createEmptyDatabase(server: PgServer, name: string): Promise<string> {
  await withClient(server.url, async (c) => {
    await c.query(`drop database if exists "${name}"`);
    await c.query(`create database "${name}"`);
  });
  return server.urlOf(name);
}

export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (c) => {
    const r = await c.query<{ v: string }>("select current_setting('server_version') as v");
    return r.rows[0]?.v ?? "unknown";
  });
}
