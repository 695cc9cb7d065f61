/**
 * `npx tsx bench/address-search.ts [--rows 100000] [--runs 30]`: the address search of intake and
 * triage (GET /api/v1/addresses/search, `searchPlaces`) over a county of N standard addresses, for
 * the county's operator (the widest scope that searches it). With DATABASE_URL it runs on that
 * PostgreSQL server (a throwaway one: `scripts/pg-throwaway.sh`), else on an in-memory PGlite.
 * Loads one county: 5 townships × 10 villages, N addresses (a road or a village group, house
 * number, building, unit and room, so words range from common to rare), analyzes, then times each
 * query (p50 / p95 over the runs, after a warm-up) and prints one line of JSON per query.
 * Figures of the search before and after the n-gram index (migration 0017): bench/README.md.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openPglite, openPostgres } from "../src/db/client.js";
import type { Actor } from "../src/core/access/actor.js";
import { searchPlaces } from "../src/modules/people/address-search.js";
import { installRegisteredModules } from "../src/modules/registry.js";

installRegisteredModules();

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, runs: { type: "string", default: "30" } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL;
const database = url ? await openPostgres(url) : await openPglite(undefined);
const db = database.db;

const ROADS = [
  "幸福路",
  "光明道",
  "建设路",
  "新华路",
  "和平街",
  "人民路",
  "银河南路",
  "永兴路",
  "广阳道",
  "金光道",
];
const VILLAGE_NAMES = ["幸福", "吉祥", "前进", "红旗", "东方", "胜利", "团结", "和平", "张家", "李家"];
await db.execute(sql`insert into regions (code, name, level, path) values
  ('1310', '廊坊市', 'city', '1310'), ('131002', '安次区', 'county', '1310.131002')`);
for (let t = 1; t <= 5; t++) {
  const tc = `131002${String(t).padStart(3, "0")}`;
  await db.execute(sql`insert into regions (code, name, level, path)
    values (${tc}, ${`第${t}街道`}, 'township', ${`1310.131002.${tc}`})`);
  for (let v = 0; v < 10; v++) {
    const vc = `${tc}${String(v + 1).padStart(3, "0")}`;
    const name = `${VILLAGE_NAMES[v]}${t % 2 === 0 ? "村" : "社区"}`;
    await db.execute(sql`insert into regions (code, name, level, path)
      values (${vc}, ${name}, 'village', ${`1310.131002.${tc}.${vc}`})`);
  }
}
const t0 = performance.now();
// One statement: each address in one of the 50 villages, half on roads, half in village groups.
await db.execute(sql`
  insert into addresses (road, village_group, house_number, building, unit, room, label,
    region_code, region_path, county_code)
  select road, grp, hn, bld, un, rm,
    coalesce(road, grp) || hn || coalesce(bld, '') || coalesce(un, '') || coalesce(rm, ''),
    v.code, v.path, '131002'
  from (
    select i,
      case when i % 2 = 0 then (${sql.raw(`array['${ROADS.join("','")}']`)})[1 + (i / 2) % 10] end as road,
      case when i % 2 = 1 then (i % 9 + 1)::text || '组' end as grp,
      (i % 97 + 1)::text || '号' as hn,
      case when i % 3 <> 0 then (i % 23 + 1)::text || '号楼' end as bld,
      case when i % 3 <> 0 then (i % 4 + 1)::text || '单元' end as un,
      case when i % 3 <> 0 then (i % 6 + 1)::text || '0' || (i % 4 + 1)::text || '室' end as rm,
      i % 50 as vi
    from generate_series(1, ${rows}) as i
  ) a
  join (select code, path, row_number() over (order by code) - 1 as vi from regions where level = 'village') v
    on v.vi = a.vi`);
// BENCH_DROP_INDEX=1: without the n-gram index (the "before" figures were taken so, with the
// address-search.ts of before migration 0017 checked out).
if (process.env.BENCH_DROP_INDEX) await db.execute(sql`drop index addresses_label_grams_gin`);
// As a database in use stands (autovacuum): the GIN index's pending list of the bulk load merged.
await db.execute(sql`vacuum analyze addresses`);
await db.execute(sql`analyze regions`);
process.stdout.write(
  `${url ? "PostgreSQL" : "PGlite"}: ${rows} addresses loaded in ${Math.round(performance.now() - t0)} ms\n`,
);

const operator: Actor = {
  userId: "00000000-0000-0000-0000-000000000001",
  username: "bench",
  displayName: "bench",
  organisationId: null,
  bindings: [
    { role: "operator", scopePath: "1310.131002", scopeRegionCode: "131002", scopeDepartmentId: null },
  ],
};
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const QUERIES: [string, string][] = [
  ["幸福路12号", "a road and house number (common words)"],
  ["3号楼2单元", "building and unit (very common grams)"],
  ["银河南路5号2", "a rare road"],
  ["吉祥社区3组", "a village's full name and its group"],
  ["吉祥", "part of a village's name"],
  ["不存在的地方", "no address: the region fallback, nothing"],
];
for (const [q, what] of QUERIES) {
  let result = await searchPlaces(db, operator, q);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    result = await searchPlaces(db, operator, q);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      q,
      what,
      source: result.source,
      hits: result.items.length,
      p50: Math.round(quantile(ms, 0.5) * 10) / 10,
      p95: Math.round(quantile(ms, 0.95) * 10) / 10,
    })}\n`,
  );
}
await database.close();
