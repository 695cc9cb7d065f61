import path from "node:path";
import { ConfigError, type Config } from "../config.js";
import { openPglite, openPostgres, openPostgresReader, type Database } from "./client.js";
import { DATA_DIR_DATABASE, lockDataDir } from "./data-dir.js";

/**
 * Opens the configured database the way the server and the CLI both do: the PostgreSQL server
 * at DATABASE_URL, or PGlite under DATA_DIR after taking its lock; then applies pending
 * migrations. `release` gives back the DATA_DIR lock after `close()`. Anything a person must fix
 * is a ConfigError with a one-line message.
 */
export async function openDatabase(config: Config): Promise<{ database: Database; release: () => void }> {
  if (config.databaseUrl) {
    let database: Database;
    try {
      database = await openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize });
    } catch (err) {
      throw new ConfigError(`cannot use DATABASE_URL ${redactUrl(config.databaseUrl)}: ${describe(err)}`);
    }
    if (!config.databaseReadUrl) return { database, release: () => undefined };
    return {
      database: await withReader(database, config.databaseReadUrl, config.databasePoolSize),
      release: () => undefined,
    };
  }
  const release = lockDataDir(config.dataDir);
  try {
    return { database: await openPglite(path.join(config.dataDir, DATA_DIR_DATABASE)), release };
  } catch (err) {
    release();
    throw new ConfigError(`cannot open the database in DATA_DIR ${config.dataDir}: ${describe(err)}`);
  }
}

/**
 * The primary with a read replica's pool beside it (DATABASE_READ_URL): dashboard reads go there,
 * everything else to the primary. Closing closes both.
 */
async function withReader(primary: Database, readUrl: string, poolSize: number): Promise<Database> {
  let reader: Database;
  try {
    reader = await openPostgresReader(readUrl, { poolSize });
  } catch (err) {
    await primary.close().catch(() => undefined);
    throw new ConfigError(`cannot use DATABASE_READ_URL ${redactUrl(readUrl)}: ${describe(err)}`);
  }
  return {
    ...primary,
    readDb: reader.db,
    close: async () => {
      await Promise.all([primary.close(), reader.close()]);
    },
  };
}

/** What the usual connection failures mean, in words. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "nothing accepts connections there (connection refused)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name cannot be resolved right now",
  ETIMEDOUT: "the server does not answer (timed out)",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
};

/** One line about `err`: the first of an AggregateError (IPv4 and IPv6 attempts), no stack. */
function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const known = code === undefined ? undefined : NETWORK_ERRORS[code];
  if (known) return known;
  // pg reports a connect timeout as this bare sentence.
  if (/timeout/i.test(err.message)) return `the server does not answer (${err.message})`;
  const text = err.message.split("\n")[0] || err.name;
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
