/**
 * B4 text search (`npm run bench -- --only search`): city-wide GET /cases?q= over N cases, before
 * and after the n-gram index of migration 0016_case_text_search.sql, in one run on one database:
 *  1. loads N cases straight into PostgreSQL (descriptions and addresses put together from
 *     everyday phrases, landmark names and house numbers, so words range from common to rare),
 *     with the GIN index dropped;
 *  2. "before": the query the code made before the index — the `ilike` on description and address
 *     and an exact `count(*)` — through `pageOf`, the list's own reader;
 *  3. builds the index (timed), analyzes;
 *  4. "after": `listCases` itself (the n-gram index, the `ilike` on the candidates, the count
 *     stopped at 10,000), for a city-wide supervisor, default order (deadline);
 *  checking that both answer the same first page. p95 of each query; the ratio is before ÷ after.
 */
import { and, ilike, or, sql } from "drizzle-orm";
import { openPostgres, type Db } from "../src/db/client.js";
import { cases } from "../src/db/schema.js";
import type { Actor } from "../src/core/access/actor.js";
import { listCases, pageOf } from "../src/modules/cases/find-cases.js";
import { visibleCases } from "../src/modules/cases/policy.js";
import type { BenchContext } from "./b1-intake.js";
import { createDatabaseFrom } from "./lib/pg.js";
import { goal, type Figure } from "./lib/report.js";

export interface SearchTiming {
  q: string;
  what: string;
  matches: number;
  before: { p50: number; p95: number };
  after: { p50: number; p95: number };
  ratio: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

async function time(
  runs: number,
  fn: () => Promise<unknown>,
  warmup = true,
): Promise<{ p50: number; p95: number }> {
  if (warmup) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(quantile(ms, 0.5)), p95: r(quantile(ms, 0.95)) };
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** N cases over a year, in chunks, each with a village of the city, a deadline and varied text. */
async function loadCases(db: Db, total: number, log: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`create unlogged table bench_search_villages as
    select (row_number() over (order by code))::int as i, code, path, county_code from regions where level = 'village'`);
  const [v] = await rows<{ n: number }>(db, sql`select count(*)::int as n from bench_search_villages`);
  const villages = v?.n ?? 0;
  if (villages === 0) throw new Error("no villages: load the reference data first");
  const chunk = 100_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await db.execute(sql`
      insert into cases (number, channel, description, address, region_code, region_path, county_code,
        status, handle_due_at, response_due_at, created_at, updated_at)
      select to_char(x.created_at + interval '8 hours', 'YYMMDD') || lpad(x.g::text, 6, '0'), 'web',
        (array['小区', '楼道', '路口', '菜市场', '公园', '学校门口', '单元楼下', '停车场', '公交站', '河边'])[1 + x.h % 10]
          || (array['漏水', '堆放杂物', '路灯不亮', '噪音扰民', '垃圾未清运', '井盖缺失', '违章停车', '占道经营',
               '下水道堵塞', '电动车飞线充电', '树木倒伏', '墙皮脱落', '供暖不热', '小广告乱贴', '流浪狗伤人'])[1 + (x.h / 10) % 15]
          || '，' || (array['已经三天了', '影响出行', '存在安全隐患', '多次反映未解决', '请尽快处理', '老人孩子不便',
               '夜间尤其严重'])[1 + (x.h / 150) % 7]
          || '，在' || substr('东南西北中新老金银春秋华安康福寿明德泰和', 1 + (x.h / 1050) % 20, 1)
          || substr('园苑庄府里坊湾阁居城', 1 + (x.h / 21000) % 10, 1) || '附近',
        (array['幸福路', '和平街', '建设路', '解放道', '新华路', '光明街', '人民路', '银河南路', '永兴路', '金光道'])[1 + x.k % 10]
          || (1 + x.k / 10 % 200)::text || '号' || (array['', '', 'A座', 'B座'])[1 + x.k / 2000 % 4],
        v.code, v.path, v.county_code, 'handling',
        x.created_at + interval '3 days', x.created_at + interval '4 hours', x.created_at, x.created_at
      from (
        select g, (hashint8(g::bigint * 7919) & 2147483647) as h, (hashint8(g::bigint * 104729) & 2147483647) as k,
          now() - interval '365 days' + (g::float8 / ${total}::float8) * interval '365 days' as created_at
        from generate_series(${from}::int, ${to}::int) g
      ) x
      join bench_search_villages v on v.i = 1 + ((hashint8(x.g::bigint) & 2147483647) % ${villages})`);
    log(
      `  search: loaded ${to.toLocaleString("en")} cases (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  await db.execute(sql`drop table bench_search_villages`);
  return (performance.now() - t0) / 1000;
}

const CITY_SUPERVISOR: Actor = {
  userId: "00000000-0000-4000-8000-000000000000",
  username: "bench-search",
  displayName: "bench",
  organisationId: null,
  bindings: [{ role: "supervisor", scopePath: "1310", scopeRegionCode: "1310", scopeDepartmentId: null }],
};

/** The list query the code sent before the index: the ilike over description and address, count(*). */
async function before(db: Db, q: string) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = and(
    visibleCases(CITY_SUPERVISOR, "cases.read"),
    or(ilike(cases.description, pattern), ilike(cases.address, pattern)),
  );
  const order = [sql`${cases.handleDueAt} asc nulls last`, sql`${cases.createdAt} asc`, sql`${cases.id} asc`];
  return pageOf(db, where, order, 1, 20);
}

async function after(db: Db, q: string) {
  return listCases(db, CITY_SUPERVISOR, { q, sort: "deadline", page: 1, pageSize: 20 });
}

export async function runSearch(
  ctx: BenchContext,
  opts: { cases: number; runs?: number; beforeRuns?: number },
): Promise<{ figures: Figure[]; details: unknown }> {
  const url = await createDatabaseFrom(ctx.pg, "bench_search", ctx.template);
  const database = await openPostgres(url, { poolSize: 2 });
  const db = database.db;
  const runs = opts.runs ?? 20;
  // The sequential scans of "before" take seconds each on a loaded machine: fewer runs.
  const beforeRuns = opts.beforeRuns ?? 3;
  try {
    ctx.log(`B4 search: ${opts.cases.toLocaleString("en")} cases, index dropped for the load and "before"`);
    await db.execute(sql`drop index cases_text_grams_gin`);
    const loadSeconds = await loadCases(db, opts.cases, ctx.log);
    await db.execute(sql`vacuum analyze cases`);
    const [sample] = await rows<{ number: string }>(
      db,
      sql`select number from cases order by created_at desc offset 1000 limit 1`,
    );
    const fragment = (sample?.number ?? "261207000001").slice(4, 12);
    const queries: [string, string][] = [
      ["漏水", "two characters, common (1 case in 15)"],
      ["秋湾", "two characters, rare (1 in 200)"],
      ["井盖缺失", "four characters"],
      ["银河南路17号", "address with a number"],
      [fragment, "8 digits of a case number"],
      ["B座", "ASCII and Chinese"],
      ["火灾", "no match"],
    ];
    const timings: SearchTiming[] = [];
    const beforeTimes: { p50: number; p95: number; total: number; first: string[] }[] = [];
    for (const [q] of queries) {
      const first = await before(db, q);
      const t = await time(beforeRuns, () => before(db, q), false);
      beforeTimes.push({ ...t, total: first.total, first: first.rows.map((r) => r.id) });
      ctx.log(`  search before "${q}": p50 ${t.p50} ms p95 ${t.p95} ms (${first.total} cases)`);
    }
    const b0 = performance.now();
    await db.execute(sql`create index cases_text_grams_gin on cases
      using gin (case_text_grams(description || E'\\n' || coalesce(address, '') || E'\\n' || number))`);
    const buildSeconds = Math.round((performance.now() - b0) / 100) / 10;
    await db.execute(sql`analyze cases`);
    const [size] = await rows<{ mb: number; table: number }>(
      db,
      sql`select round(pg_relation_size('cases_text_grams_gin') / 1048576.0)::int as mb,
        round(pg_relation_size('cases') / 1048576.0)::int as table`,
    );
    ctx.log(`  search: index built in ${buildSeconds} s, ${size?.mb} MB (table ${size?.table} MB)`);
    for (const [i, [q, what]] of queries.entries()) {
      const b = beforeTimes[i];
      if (!b) continue;
      const first = await after(db, q);
      // Same first page; the number fragment is new to "after" (numbers were not searched before).
      const same = q === fragment || JSON.stringify(first.rows.map((r) => r.id)) === JSON.stringify(b.first);
      if (!same) throw new Error(`search "${q}": the first page differs before and after the index`);
      const t = await time(runs, () => after(db, q));
      const ratio = Math.round((b.p95 / Math.max(t.p95, 0.1)) * 10) / 10;
      timings.push({ q, what, matches: b.total, before: { p50: b.p50, p95: b.p95 }, after: t, ratio });
      ctx.log(
        `  search after "${q}": p50 ${t.p50} ms p95 ${t.p95} ms (${first.total}${first.totalCapped ? "+" : ""} cases); ${ratio}× faster`,
      );
    }
    const worstAfter = Math.max(...timings.map((t) => t.after.p95));
    const worstBefore = Math.max(...timings.map((t) => t.before.p95));
    const minRatio = Math.min(...timings.map((t) => t.ratio));
    const sizeNote = `${opts.cases.toLocaleString("en")} cases, city-wide supervisor, by deadline`;
    const figures: Figure[] = [
      goal(
        {
          bench: "B4",
          name: "text search p95 (worst query), n-gram index",
          value: worstAfter,
          unit: "ms",
          note: `${sizeNote}; ${timings.map((t) => `"${t.q}" ${t.after.p95}`).join(", ")} ms`,
        },
        "≤",
        50,
      ),
      {
        bench: "B4",
        name: "text search p95 (worst query) before: ilike + count(*)",
        value: worstBefore,
        unit: "ms",
        pass: null,
        note: `same run and data; ${timings.map((t) => `"${t.q}" ${t.before.p95}`).join(", ")} ms`,
      },
      {
        bench: "B4",
        name: "text search speed-up, before p95 ÷ after p95 (worst query)",
        value: minRatio,
        unit: "×",
        pass: null,
        note: `worst-case ratio ${Math.round((worstBefore / Math.max(worstAfter, 0.1)) * 10) / 10}×; per query ${timings.map((t) => `"${t.q}" ${t.ratio}×`).join(", ")}`,
      },
      {
        bench: "B4",
        name: "text search index build",
        value: buildSeconds,
        unit: "s",
        pass: null,
        note: `${size?.mb ?? "?"} MB index for a ${size?.table ?? "?"} MB table; load ${Math.round(loadSeconds)} s without it`,
      },
    ];
    return {
      figures,
      details: { cases: opts.cases, runs, beforeRuns, loadSeconds, buildSeconds, size, timings },
    };
  } finally {
    await database.close();
  }
}
