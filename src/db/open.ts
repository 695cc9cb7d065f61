import { ConfigError, type Config } from "../config.js";
import { openPglite, openPostgres, type Database } from "./client.js";
import { lockDataDir } from "./data-dir.js";

/** Opens the configured database; `release` gives back the DATA_DIR lock after `close()`. */
export async function openDatabase(config: Config): Promise<{ database: Database; release: () => void }> {
  if (config.databaseUrl) {
    try {
      return { database: await openPostgres(config.databaseUrl), release: () => undefined };
    } catch (err) {
      throw new ConfigError(`cannot use DATABASE_URL ${redactUrl(config.databaseUrl)}: ${describe(err)}`);
    }
  }
  const release = lockDataDir(config.dataDir);
  try {
    return { database: await openPglite(config.dataDir), release };
  } catch (err) {
    release();
    throw new ConfigError(`cannot open the database in DATA_DIR ${config.dataDir}: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  const e = err as NodeJS.ErrnoException;
  return [e.code, e.message].filter(Boolean).join(" ") || String(err);
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
