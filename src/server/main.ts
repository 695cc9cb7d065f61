/**
 * Starts Microgov: configuration from the environment, the database (PGlite under DATA_DIR or the
 * server at DATABASE_URL), migrations, optional demo data (`--demo`), then the HTTP server.
 * Anything a person must fix ends the process with one line on stderr, not a stack trace.
 */
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "../db/open.js";
import { loadDemoData } from "../cli/demo.js";
import { buildApp } from "./app.js";

async function main(): Promise<void> {
  const withDemo = process.argv.includes("--demo");
  const config = loadConfig();
  const { database, release } = await openDatabase(config);
  const app = await buildApp({ database, config, logger: { level: config.logLevel } });
  if (withDemo) {
    const loaded = await loadDemoData(database.db, (msg) => app.log.info(msg));
    if (loaded) app.log.info("demo data loaded");
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "stopping");
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    await database.close();
    release();
    throw new ConfigError(
      e.code === "EADDRINUSE"
        ? `port ${config.port} on ${config.host} is already in use; set PORT.`
        : e.message,
    );
  }
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigError ? err.message : `startup failed: ${(err as Error).message ?? err}`;
  process.stderr.write(`microgov: ${message}\n`);
  process.exit(1);
});
