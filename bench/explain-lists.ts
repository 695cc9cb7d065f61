/**
 * The plans behind B4's lists (`measureLists` in bench/cockpit.ts) on a loaded database: every SQL
 * statement the ten list requests send, each run once after two warm-ups, with its
 * EXPLAIN (ANALYZE, BUFFERS) written to the server's log by PostgreSQL's auto_explain (set for
 * this database only while it runs, then reset). For a database left by a stepped run:
 *
 *   npm run bench -- --size full --only B3,B4 --cockpit-steps 500000,1000000 --keep-pg
 *   npx tsx bench/explain-lists.ts --url postgres://postgres@127.0.0.1:PORT/bench_cockpit [--min-ms 10]
 *   less DIR/server.log        # DIR as printed by --keep-pg; then scripts/pg-throwaway.sh stop DIR
 *
 * `--min-ms`: log only the statements that took at least this long (default 0: all of them).
 * `--time`: time the lists instead (20 runs after 2 warm-ups, as the bench does), no plans.
 * `--no-text`: leave out the two text searches (they take seconds each at 5 M cases).
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { openPostgres } from "../src/db/client.js";
import { installRegisteredModules } from "../src/modules/registry.js";
import { measureLists } from "./cockpit.js";

installRegisteredModules();
const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "min-ms": { type: "string", default: "0" },
    time: { type: "boolean", default: false },
    "no-text": { type: "boolean", default: false },
  },
});
const url = values.url;
if (!url) throw new Error("--url is required");
const minMs = Number(values["min-ms"]);
if (!Number.isFinite(minMs) || minMs < 0) throw new Error("--min-ms must be a number of milliseconds");

const print = (s: string) => process.stdout.write(`${s}\n`);
const only = values["no-text"] ? "no text" : "all";
if (values.time) {
  const database = await openPostgres(url, { poolSize: 4 });
  try {
    await measureLists(database.db, 20, print, only);
  } finally {
    await database.close();
  }
  process.exit(0);
}

const settings: [string, string][] = [
  ["session_preload_libraries", "auto_explain"],
  ["auto_explain.log_min_duration", String(minMs)],
  ["auto_explain.log_analyze", "on"],
  ["auto_explain.log_buffers", "on"],
];
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const name = admin.escapeIdentifier(new URL(url).pathname.slice(1));
try {
  for (const [k, v] of settings) await admin.query(`alter database ${name} set ${k} = '${v}'`);
  // A pool opened after the settings: each of its connections loads auto_explain.
  const database = await openPostgres(url, { poolSize: 4 });
  try {
    await measureLists(database.db, 1, print, only);
  } finally {
    await database.close();
  }
} finally {
  for (const [k] of settings) await admin.query(`alter database ${name} reset ${k}`);
  await admin.end();
}
process.stdout.write("Plans written to the server's log (server.log in the server's directory).\n");
