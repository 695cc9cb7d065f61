import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema.js";

/** The Drizzle handle every module uses; the same on PGlite and on a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle or the database itself: functions that write take either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface Database {
  db: Db;
  /** A read replica's pool for dashboard reads (DATABASE_READ_URL); absent: `db` serves them. */
  readDb?: Db;
  kind: "pglite" | "postgres";
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * PGlite only: a tarball of its data directory (PGlite's `dumpDataDir`). It waits for the
   * statement in progress and blocks the next; called inside a transaction it captures exactly
   * what that transaction sees (src/modules/backup/snapshot-pglite.ts relies on this).
   */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** Any key held across processes while migrations run, so concurrent starts don't race. */
const MIGRATION_LOCK_KEY = 741_852_963;

/**
 * Opens PGlite on `dataDir` (undefined: in memory) and applies pending migrations.
 * The caller holds the DATA_DIR lock; PGlite itself does not stop two processes sharing it.
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; migrate?: boolean } = {},
): Promise<Database> {
  if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { ltree }, loadDataDir: options.loadDataDir });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  // A backup or a restore check reads a database as it is; everything else brings it up to date.
  if (options.migrate !== false) await migratePglite(drizzlePglite({ client }), { migrationsFolder });
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    dumpDataDir: () => client.dumpDataDir("none"),
    close: () => client.close(),
  };
}

/**
 * Session settings of every app connection to a PostgreSQL server. JIT compilation off: the app's
 * statements are short, and where the planner's estimate is high (a capped count over a common
 * word, a region's cases filtered by state) PostgreSQL 15 spent 75–400 ms compiling a statement
 * that ran in 30–100 ms (bench/README.md, "B4: work lists and case lists at 0.5 M and 1 M").
 */
const SESSION_OPTIONS = "-c jit=off";

/** Connects a pool to a PostgreSQL server and applies pending migrations under an advisory lock. */
export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    options: SESSION_OPTIONS,
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const lockClient = await pool.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client: lockClient }), { migrationsFolder });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
  return postgresDatabase(pool);
}

/**
 * Connects a pool to a read replica: no migrations (a replica takes them from its primary, and
 * refuses writes).
 */
export async function openPostgresReader(
  url: string,
  options: { poolSize?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    options: SESSION_OPTIONS,
  });
  pool.on("error", () => undefined);
  const database = postgresDatabase(pool);
  try {
    await database.ping();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return database;
}

function postgresDatabase(pool: pg.Pool): Database {
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
