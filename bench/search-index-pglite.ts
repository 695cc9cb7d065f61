/**
 * `npx tsx bench/search-index-pglite.ts [--rows 1000] [--rounds 3]`: what the text search's GIN
 * index (migration 0016_case_text_search.sql) costs each case written on embedded PGlite, where
 * every statement runs in the app's own process: cases inserted one statement each (as intake
 * writes them, autocommitted), with the index and without it, alternating, on one in-memory
 * PGlite. Prints cases per second and the time per case of each.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openPglite } from "../src/db/client.js";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000" }, rounds: { type: "string", default: "3" } },
});
const rows = Number(values.rows);
const rounds = Number(values.rounds);

const database = await openPglite(undefined);
const db = database.db;
await db.execute(
  sql`insert into regions (code, name, level, path) values ('1310', '廊坊市', 'city', '1310')`,
);
const PHRASES = [
  "楼道堆放杂物影响通行",
  "路灯不亮已经一周",
  "下水道堵塞返味",
  "夜间施工噪音扰民",
  "楼顶漏水墙皮脱落",
];
let next = 0;
async function insertMany(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    next++;
    await db.execute(sql`insert into cases (number, channel, description, address, region_code, region_path, status)
      values (${`261207${String(next).padStart(6, "0")}`}, 'web',
        ${`${PHRASES[next % PHRASES.length]}，请尽快处理（${next}）`}, ${`幸福路${next % 200}号院${next % 7}单元`},
        '1310', '1310', 'dispatched')`);
  }
  return (performance.now() - t0) / 1000;
}
await insertMany(200); // warm-up
const out: { round: number; index: boolean; perSecond: number; msPerCase: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const index of [true, false]) {
    if (!index) await db.execute(sql`drop index cases_text_grams_gin`);
    const s = await insertMany(rows);
    out.push({
      round,
      index,
      perSecond: Math.round(rows / s),
      msPerCase: Math.round((s / rows) * 1000 * 100) / 100,
    });
    process.stdout.write(`${JSON.stringify(out.at(-1))}\n`);
    if (!index) {
      await db.execute(sql`create index cases_text_grams_gin on cases
        using gin (case_text_grams(description || E'\\n' || coalesce(address, '') || E'\\n' || number))`);
    }
  }
}
const mean = (index: boolean) => {
  const xs = out.filter((r) => r.index === index).map((r) => r.msPerCase);
  return Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
};
process.stdout.write(
  `PGlite, ${rows} cases per phase, ${rounds} rounds: ${mean(true)} ms per case with the index, ${mean(false)} ms without\n`,
);
await database.close();
