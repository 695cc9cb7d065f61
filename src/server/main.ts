/**
 * Starts Microgov: configuration from the environment, the database (PGlite under DATA_DIR or the
 * server at DATABASE_URL), migrations, optional demo data (`--demo`), then the HTTP server.
 * Anything a person must fix ends the process with one line on stderr and exit code 1, not a
 * stack trace. SIGINT/SIGTERM stop it cleanly and give the DATA_DIR back.
 */
import net from "node:net";
import { ConfigError, loadConfig, type Config } from "../config.js";
import type { Database } from "../db/client.js";
import { openDatabase } from "../db/open.js";
import { prepareUploadDir } from "../modules/attachments/attachment-files.js";
import { serveBackups, type BackupSocket } from "../modules/backup/backup-socket.js";
import { loadDemoData } from "../modules/demo/load-demo-data.js";
import { AliyunSmsGateway } from "../core/notifications/aliyun-sms.js";
import { LogSmsChannel } from "../core/notifications/channels.js";
import { SmsChannel } from "../core/notifications/sms.js";
import { retentionTask } from "../modules/retention/run-retention-if-due.js";
import {
  foldRollupDeltas,
  startRollupFolding,
  type RollupFolding,
} from "../modules/rates/fold-rollup-deltas.js";
import { startScheduler, type Scheduler } from "../core/scheduler/start-scheduler.js";
import { deadlineScansOf } from "../core/modules/manifest.js";
import { installRegisteredModules, MODULES } from "../modules/registry.js";
import { buildApp } from "./app.js";
import type { App } from "./context.js";
import { loggerOptions } from "./operations.js";
import {
  MEDIATOR_SEALED_NUMBERS,
  PARTY_SEALED_NUMBERS,
  sealMediatorPhones,
  sealPartyPhones,
} from "../modules/mediation/index.js";
import { PERSON_SEALED_NUMBERS } from "../modules/people/index.js";
import { rowsUnderOtherKeys } from "../core/personal-data/rotate-keys.js";

/** A shutdown that hangs (a stuck query, a slow client) must not keep the process alive. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How often the deadline scheduler scans; deadlines are hours long, a minute late is nothing. */
const SCHEDULER_INTERVAL_MS = 60_000;
/** How often the rate roll-ups' deltas are folded in (PostgreSQL; see fold-rollup-deltas.ts). */
const ROLLUP_FOLD_INTERVAL_MS = 3_000;

/** What a failed listen means, as a sentence a person can act on. */
function listenProblem(err: unknown, config: Config): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case "EADDRINUSE":
      return `port ${config.port} on ${config.host} is already in use; stop what holds it or set PORT.`;
    case "EACCES":
      return `not allowed to listen on port ${config.port} (EACCES); use a port above 1023 or set PORT.`;
    case "EADDRNOTAVAIL":
      return `HOST ${config.host} is not an address of this machine; set HOST (e.g. 0.0.0.0 or 127.0.0.1).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `HOST ${config.host} does not resolve; set HOST to an address of this machine.`;
    default:
      return `cannot listen on ${config.host}:${config.port}: ${e.message}`;
  }
}

/**
 * Binds and frees the port before the slow part of startup, so a port conflict is reported in a
 * second rather than after migrations and the demo import.
 */
async function checkPortFree(config: Config): Promise<void> {
  if (config.port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err) => reject(new ConfigError(listenProblem(err, config))));
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () =>
      probe.close(() => resolve()),
    );
  });
}

function fail(message: string): never {
  process.stderr.write(`microgov: ${message.split("\n")[0]}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  installRegisteredModules();
  const withDemo = process.argv.includes("--demo");
  const startedAt = Date.now();
  // Demo mode is a start-up choice (`--demo`), like the demo data it goes with.
  const config: Config = { ...loadConfig(), demoMode: withDemo };
  await checkPortFree(config);
  const { database, release } = await openDatabase(config);

  let app: App | undefined;
  let scheduler: Scheduler | undefined;
  let folding: RollupFolding | undefined;
  let backups: BackupSocket | undefined;
  let stopping = false;
  /** Closes what is open, gives the DATA_DIR back and exits; a second signal exits at once. */
  const stop = async (reason: string, code: number) => {
    if (stopping) {
      release();
      process.exit(code);
    }
    stopping = true;
    app?.log.info({ reason }, "stopping");
    setTimeout(() => {
      release();
      process.exit(code);
    }, SHUTDOWN_GRACE_MS).unref();
    await scheduler?.stop().catch(() => undefined);
    await folding?.stop().catch(() => undefined);
    await backups?.close().catch(() => undefined);
    await closeQuietly(app, database);
    release();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop("SIGINT", 0));
  process.on("SIGTERM", () => void stop("SIGTERM", 0));

  try {
    // After the DATA_DIR lock: the upload folder may live inside DATA_DIR.
    prepareUploadDir(config.uploadDir);
    app = await buildApp({ database, config, logger: loggerOptions(config) });
    const log = app.log;
    // Parties' and mediators' phones the upgrade moved aside (SQL has no keys) are sealed before anything answers.
    const sealed = await sealPartyPhones(database.db, config.personalDataKeys);
    if (sealed > 0) log.info({ sealed }, "dispute parties' phones encrypted");
    const sealedMediators = await sealMediatorPhones(database.db, config.personalDataKeys);
    if (sealedMediators > 0) log.info({ sealed: sealedMediators }, "mediators' phones encrypted");
    const { retired } = config.personalDataKeys;
    if (retired.data.length + retired.index.length > 0) {
      const left = await rowsUnderOtherKeys(database.db, config.personalDataKeys, [
        PERSON_SEALED_NUMBERS,
        PARTY_SEALED_NUMBERS,
        MEDIATOR_SEALED_NUMBERS,
      ]);
      log.warn(
        { left },
        "retired data keys are set (DATA_KEY_PREVIOUS / DATA_INDEX_KEY_PREVIOUS): run `npm run cli -- rotate-keys`, then unset them",
      );
    }
    process.on("uncaughtException", (err) => {
      log.fatal({ err }, "uncaught exception");
      void stop("uncaught exception", 1);
    });
    process.on("unhandledRejection", (err) => {
      log.fatal({ err }, "unhandled promise rejection");
      void stop("unhandled promise rejection", 1);
    });
    if (config.personalDataKeys.development) {
      log.warn(
        "DATA_KEY and DATA_INDEX_KEY are unset: ID and phone numbers are encrypted under the public development keys; set both (openssl rand -hex 32) before real data is entered, and back them up",
      );
    }
    if (withDemo) {
      const loaded = await loadDemoData(database.db, (msg) => log.info(msg));
      log.info(loaded ? "demo data loaded" : "demo data already present");
    }
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      throw new ConfigError(listenProblem(err, config));
    }
  } catch (err) {
    await closeQuietly(app, database);
    release();
    throw err;
  }
  if (config.scheduler) {
    // SMS rows go to the provider when SMS_PROVIDER is set; else, with demo data, to the log.
    const sms = config.sms;
    const channels = sms
      ? [new SmsChannel(database.db, new AliyunSmsGateway(sms), sms.templates)]
      : withDemo
        ? [new LogSmsChannel(app.log)]
        : [];
    scheduler = startScheduler(database.db, {
      intervalMs: SCHEDULER_INTERVAL_MS,
      log: app.log,
      channels,
      deadlineScans: deadlineScansOf(MODULES),
      tasks: [
        retentionTask({ policy: config.retention, uploadDir: config.uploadDir, log: app.log }),
        // A slow safety net; on PostgreSQL the loop below folds every few seconds.
        foldRollupDeltas,
      ],
    });
    // Only PostgreSQL has concurrent writers, so only there do triggers append deltas.
    if (database.kind === "postgres")
      folding = startRollupFolding(database.db, { intervalMs: ROLLUP_FOLD_INTERVAL_MS, log: app.log });
  }
  // The embedded database lives in this process: only it can copy it while serving.
  if (database.kind === "pglite") backups = await serveBackups({ database, config, log: app.log });
  const address = app.server.address();
  const base = `http://localhost:${typeof address === "object" && address ? address.port : config.port}`;
  app.log.info(
    {
      database: database.kind,
      dataDir: database.kind === "pglite" ? config.dataDir : undefined,
      startupMs: Date.now() - startedAt,
      // Where a person goes next: the console, the mobile pages, the API documentation.
      console: `${base}/console/`,
      mobile: `${base}/m/`,
      apiDocs: `${base}/api/docs`,
    },
    "microgov ready",
  );
}

async function closeQuietly(app: App | undefined, database: Database): Promise<void> {
  await app?.close().catch(() => undefined);
  await database.close().catch(() => undefined);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message);
  // Not a configuration problem: a bug or a database failure. Still one line, but say what it was.
  const e = err instanceof Error ? err : new Error(String(err));
  if (process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace") {
    process.stderr.write(`${e.stack ?? e.message}\n`);
  }
  fail(`startup failed: ${e.message || e.name} (LOG_LEVEL=debug shows the stack)`);
});
