/**
 * `npx tsx bench/search-index-cost.ts [--seconds 8] [--rounds 2] [--clients 16]`: what the text
 * search's GIN index (migration 0016_case_text_search.sql) costs intake's writes on PostgreSQL —
 * B1's raw path (16 `pg` clients, one transaction per appeal: the case row and its intake event)
 * on a fresh copy of the seeded database each time: without the index, with it as the migration
 * makes it (GIN fastupdate on: new entries go to a pending list that one insert in many folds in),
 * and with fastupdate off; alternating, so a shared machine's load falls on each alike.
 */
import { parseArgs } from "node:util";
import os from "node:os";
import { openPostgres } from "../src/db/client.js";
import { installRegisteredModules } from "../src/modules/registry.js";
import { cleanupAll } from "./lib/cleanup.js";
import { runRawInserts } from "./lib/load.js";
import { createDatabaseFrom, startPg, withClient } from "./lib/pg.js";
import { seedReferenceData } from "./lib/seed.js";
import { loadWorld } from "./lib/world.js";

const log = (m: string) =>
  process.stderr.write(`[index-cost ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

async function main(): Promise<void> {
  installRegisteredModules();
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "8" },
      rounds: { type: "string", default: "2" },
      clients: { type: "string", default: "16" },
    },
  });
  const pg = await startPg({ durable: true });
  try {
    await withClient(pg.url, (c) => c.query("create database ic_seed"));
    const seed = await openPostgres(pg.urlOf("ic_seed"));
    await seedReferenceData(seed.db);
    await seed.close();
    const world = await withClient(pg.urlOf("ic_seed"), loadWorld);
    log(`seeded; ${values.rounds} rounds of ${values.seconds} s per variant`);
    const variants = [
      { name: "no index", sql: "drop index cases_text_grams_gin" },
      { name: "index (fastupdate on)", sql: null },
      { name: "index (fastupdate off)", sql: "alter index cases_text_grams_gin set (fastupdate = off)" },
    ];
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const [i, v] of variants.entries()) {
        const url = await createDatabaseFrom(pg, `ic_${round}_${i}`, "ic_seed");
        const enteredBy = await withClient(url, async (c) => {
          if (v.sql) await c.query(v.sql);
          const r = await c.query<{ id: string }>("select id from users where username = 'operator'");
          return r.rows[0]?.id ?? "";
        });
        const raw = await runRawInserts({
          url,
          clients: Number(values.clients),
          durationSec: Number(values.seconds),
          world,
          enteredBy,
        });
        process.stdout.write(
          `${JSON.stringify({ round, variant: v.name, load: os.loadavg()[0], perSecond: Math.round(raw.rate), p50: raw.p50, p99: raw.p99 })}\n`,
        );
      }
    }
  } finally {
    await pg.stop();
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void cleanupAll().then(() => process.exit()));
