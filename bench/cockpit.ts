/**
 * B3 (the cockpit at scale) and B4 (work lists and search): bulk-loads N cases with their events
 * over some years straight into PostgreSQL, fills the rate roll-ups with the migration's own
 * backfill (`rate_rollups_rebuild()`), then times
 *  - B3: the rates of the city, a county, a township and a department over a month, a quarter,
 *    a year and the whole span, through the real service functions (resolveRateScope +
 *    computeRates, which reads the roll-ups), against the plain aggregate over `cases`
 *    (computeRatesPlain) in the same run, asserting identical figures;
 *  - B4: `GET /worklist` for a grid worker, a township dispatcher and a department handler, and
 *    `GET /cases` with filters, by number and by text, through the HTTP app (app.inject).
 * Run through bench/run.ts (`npm run bench`), which owns the server and the report.
 */
import os from "node:os";
import { isDeepStrictEqual } from "node:util";
import { eq, sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import { openPostgres, type Db, type Tx } from "../src/db/client.js";
import { users } from "../src/db/schema.js";
import type { Actor } from "../src/core/access/actor.js";
import { createSession } from "../src/modules/accounts/sessions.js";
import { computeRates, computeRatesPlain } from "../src/modules/rates/compute-rates.js";
import { chinaDate, resolveRateScope } from "../src/modules/rates/rate-scope.js";
import { loadRateSettings } from "../src/modules/rates/rate-settings.js";
import type { RateScopeReq } from "../src/modules/rates/schemas.js";
import { buildApp } from "../src/server/app.js";
import { SESSION_COOKIE } from "../src/server/auth.js";

// ---- Exported types (agreed with bench/b3-cockpit.ts, which reads `figures`) ----

export interface CockpitBenchOptions {
  /** A migrated or empty database holding the reference data (regions, grids, units, catalogue, demo accounts). */
  databaseUrl: string;
  /** Cases to load (default 5,000,000). */
  cases?: number;
  /** Years of intake they spread over (default 3). */
  years?: number;
  log?: (s: string) => void;
  /** Timed runs per measured request (default 20 for the roll-ups and lists, 3 for the plain aggregate). */
  runs?: number;
  plainRuns?: number;
}

/** One row of the bench table. */
export interface CockpitFigure {
  bench: "B3" | "B4";
  name: string;
  value: number | null;
  unit: string;
  goal?: string;
  pass: boolean | null;
  note?: string;
}

/** Timings of one measured request, in milliseconds. */
export interface Timing {
  name: string;
  p50: number;
  p95: number;
  runs: number;
}

export interface RateTiming {
  scope: "city" | "county" | "township" | "department";
  period: "month" | "quarter" | "year" | "all years";
  rollup: Timing;
  plain: Timing;
  /** plain p50 ÷ roll-up p50. */
  speedup: number;
  /** plain p95 ÷ roll-up p95. */
  speedupP95?: number;
  identical: boolean;
}

export interface CockpitResult {
  figures: CockpitFigure[];
  load: {
    cases: number;
    events: number;
    years: number;
    seconds: number;
    rollupSeconds: number;
    rollupRows: number;
  };
  rates: RateTiming[];
  lists: Timing[];
}

// ---- Helpers ----

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN);

async function time(name: string, runs: number, warmup: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { name, p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), runs };
}

async function rows<T>(db: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

// ---- Bulk load ----

/** Lookup tables the generator draws from: villages with their units, departments, categories. */
async function prepareLookups(db: Db): Promise<{ villages: number; categories: number }> {
  await db.execute(sql`drop table if exists bench_villages, bench_departments, bench_categories`);
  await db.execute(sql`create unlogged table bench_villages as
    select (row_number() over (order by r.code))::int as i, r.code, r.path, r.county_code,
      (select o.id from organisations o where o.region_code = r.code and o.kind = 'village_committee' limit 1)
        as committee,
      (select o.id from organisations o where o.region_code = r.parent_code and o.kind = 'township_centre' limit 1)
        as centre,
      g.code as grid_code, g.path as grid_path,
      (select o.id from organisations o where o.region_code = g.code and o.kind = 'grid_post' limit 1) as grid_post
    from regions r
    left join lateral (select code, path from regions g where g.parent_code = r.code and g.level = 'grid'
      order by g.code limit 1) g on true
    where r.level = 'village'`);
  await db.execute(sql`create unlogged table bench_departments as
    select (row_number() over (partition by county_code order by id))::int as i, county_code, id
    from organisations where kind = 'department'`);
  await db.execute(sql`create unlogged table bench_categories as
    select (row_number() over (order by code))::int as i, code from categories`);
  const [counts] = await rows<{ villages: number; categories: number }>(
    db,
    sql`select (select count(*) from bench_villages)::int as villages,
      (select count(*) from bench_categories)::int as categories`,
  );
  if (!counts || counts.villages === 0) throw new Error("no villages: load the reference data first");
  return counts;
}

/** Inserts cases g in [from, to] of `total`, evenly spread from `start` to `end`, with their events. */
async function loadChunk(
  db: Tx,
  opts: {
    from: number;
    to: number;
    total: number;
    start: Date;
    end: Date;
    villages: number;
    categories: number;
    /** Case g = (j - 1) × stride + offset for j in [from, to] (default 1 and 1: g = j). */
    stride?: number;
    offset?: number;
  },
): Promise<number> {
  const stride = opts.stride ?? 1;
  const offset = opts.offset ?? 1;
  const stepMs = (opts.end.getTime() - opts.start.getTime()) / opts.total;
  const start = opts.start.toISOString();
  const now = opts.end.toISOString();
  const [events] = await rows<{ n: number }>(
    db,
    sql`
    with c as (
    insert into cases (number, channel, category_code, description, address, region_code, region_path,
      county_code, grid_code, status, handling_level, assigned_org_id, lead_org_id, response_due_at,
      handle_due_at, responded_at, replied_at, closed_at, solved_level, resolved, satisfaction, evaluated_at,
      created_at, updated_at)
    select
      to_char((x.created_at at time zone 'UTC') + interval '8 hours', 'YYMMDD') || lpad((x.g % 1000000)::text, 6, '0'),
      (array['web', 'hotline', 'app', 'patrol'])[1 + x.g % 4],
      x.category,
      (array['楼道堆放杂物影响通行', '路灯不亮', '下水道堵塞返味', '夜间施工噪音扰民', '垃圾未及时清运', '楼顶漏水'])[1 + (x.h % 6)]
        || ' #' || x.g,
      null, x.region_code, x.region_path, x.county_code, x.grid_code,
      x.status, x.level, x.assigned, x.lead,
      x.created_at + interval '4 hours',
      x.created_at + case when x.level = 'department' then interval '7 days' else interval '3 days' end,
      x.responded_at, x.replied_at,
      case when x.status = 'closed' then coalesce(x.replied_at, x.created_at) + interval '2 days' end,
      case when x.replied_at is not null then x.level end,
      case when x.evaluated then x.r4 < 0.85 end,
      case when x.evaluated then case when x.r5 < 0.7 then 'satisfied' when x.r5 < 0.88 then 'basically_satisfied'
        else 'unsatisfied' end end,
      case when x.evaluated then x.replied_at + interval '1 day' end,
      x.created_at, x.created_at
    from (
      select y.*,
        case when y.status in ('triage', 'rejected', 'merged') or (y.status = 'dispatched' and y.r2 < 0.5) then null
          else y.created_at + y.r2 * interval '6 hours' end as responded_at,
        case when y.status in ('replied', 'closed', 'supervisor_review')
          then y.created_at + y.r3 * case when y.level = 'department' then interval '10 days' else interval '4 days' end
        end as replied_at,
        y.status = 'closed' and y.r4 < 0.8 as evaluated
      from (
        select z.*,
          case when z.age > interval '20 days' then
            case when z.r1 < 0.02 then 'merged' when z.r1 < 0.05 then 'rejected' when z.r1 < 0.10 then 'replied'
              else 'closed' end
          else case when z.r1 < 0.05 then 'triage' when z.r1 < 0.2 then 'dispatched' when z.r1 < 0.45 then 'handling'
              when z.r1 < 0.5 then 'supervisor_review' when z.r1 < 0.75 then 'replied' else 'closed' end
          end as status,
          case z.level when 'grid' then coalesce(z.grid_post, z.committee) when 'village' then z.committee
            when 'township' then z.centre else z.department end as assigned,
          case when z.level = 'department' then z.centre
            when z.level = 'grid' then coalesce(z.grid_post, z.committee) when z.level = 'village' then z.committee
            else z.centre end as lead,
          case when z.level = 'grid' and z.grid_path is not null then z.grid_code else v_code end as region_code,
          case when z.level = 'grid' and z.grid_path is not null then z.grid_path else v_path end as region_path
        from (
          select s.g, s.h, s.created_at, ${now}::timestamptz - s.created_at as age,
            random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
            case when s.lv < 0.45 then 'grid' when s.lv < 0.75 then 'village' when s.lv < 0.88 then 'township'
              else 'department' end as level,
            v.code as v_code, v.path as v_path, v.county_code, v.committee, v.centre, v.grid_code, v.grid_path,
            v.grid_post, c.code as category,
            (select d.id from bench_departments d where d.county_code = v.county_code
              and d.i = 1 + (s.h % greatest(1, (select count(*) from bench_departments d2
                where d2.county_code = v.county_code)))::int) as department
          from (
            select g, (hashint8(g::bigint * 7919) & 2147483647) as h, random() as lv,
              ${start}::timestamptz + (g - 1)::float8 * ${stepMs}::float8 * interval '1 millisecond' as created_at
            from (select (j - 1) * ${stride}::int + ${offset}::int as g
              from generate_series(${opts.from}::int, ${opts.to}::int) j) gs
          ) s
          join bench_villages v on v.i = 1 + ((hashint8(s.g::bigint) & 2147483647) % ${opts.villages})
          left join bench_categories c on c.i = 1 + ((hashint8(s.g::bigint * 31) & 2147483647) % greatest(1, ${opts.categories}))
        ) z
      ) y
    ) x
    returning id, county_code, lead_org_id, assigned_org_id, handling_level, status, created_at, responded_at,
      replied_at, evaluated_at, closed_at
    ),
    ins as (
      insert into workflow_events (subject_type, subject_id, county_code, action, from_status, to_status, actor_org_id, actor_label, at)
      select 'case', id, county_code, 'create', null, 'dispatched', lead_org_id, null, created_at from c
      union all
      select 'case', id, county_code, 'dispatch', 'dispatched', 'dispatched', lead_org_id, null, created_at + interval '10 minutes'
        from c where handling_level = 'department'
      union all
      select 'case', id, county_code, 'respond', 'dispatched', 'handling', assigned_org_id, null, responded_at
        from c where responded_at is not null
      union all
      select 'case', id, county_code, 'reply', 'handling', 'replied', assigned_org_id, null, replied_at
        from c where replied_at is not null
      union all
      select 'case', id, county_code, 'evaluate', 'replied', 'closed', null, 'resident', evaluated_at
        from c where evaluated_at is not null
      union all
      select 'case', id, county_code, 'close', 'replied', 'closed', lead_org_id, null, closed_at
        from c where closed_at is not null and evaluated_at is null
      union all
      select 'case', id, county_code, status, 'dispatched', status, lead_org_id, null, created_at + interval '1 hour'
        from c where status in ('rejected', 'merged')
      returning 1
    )
    select count(*)::int as n from ins`,
  );
  return events?.n ?? 0;
}

/**
 * Loads `total` cases over `years` years up to now: triggers off during the load (the roll-ups
 * are then rebuilt by the migration's backfill function, exactly what a migration over existing
 * rows does), chunks of 250,000 cases. With `part` it loads only the cases g ≡ offset (mod
 * stride) of those `total`: one stride-th of the cases, spread over the same years, so that
 * loading parts one after another grows the same data set in steps (0.5 M, 1 M, … 5 M).
 */
async function bulkLoad(
  db: Db,
  total: number,
  years: number,
  log: (s: string) => void,
  part: { stride: number; offset: number; end: Date; finish?: boolean } = {
    stride: 1,
    offset: 1,
    end: new Date(),
  },
) {
  const t0 = performance.now();
  const { villages, categories } = await prepareLookups(db);
  const end = part.end;
  const start = new Date(end.getTime() - years * 365 * 86_400_000);
  const chunk = 250_000;
  const count = Math.floor((total - part.offset) / part.stride) + 1;
  let events = 0;
  // One connection for the session setting: a transaction pins it.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      events += await loadChunk(tx, {
        from,
        to,
        total,
        start,
        end,
        villages,
        categories,
        stride: part.stride,
        offset: part.offset,
      });
      log(
        `  loaded ${to.toLocaleString("en")} cases, ${events.toLocaleString("en")} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }
  });
  const loaded = (performance.now() - t0) / 1000;
  const r0 = performance.now();
  let rollupSeconds = 0;
  // In steps, the roll-ups are rebuilt (and the tables analysed) once the step's last part is in.
  if (part.finish !== false) {
    await db.execute(sql`select rate_rollups_rebuild()`);
    rollupSeconds = (performance.now() - r0) / 1000;
    await db.execute(sql`analyze cases`);
    await db.execute(sql`analyze workflow_events`);
    await db.execute(sql`analyze rate_rollups`);
  }
  await db.execute(sql`drop table if exists bench_villages, bench_departments, bench_categories`);
  const [n] = await rows<{ n: number; cases: number }>(
    db,
    sql`select (select count(*) from rate_rollups)::int as n, (select count(*) from cases)::int as cases`,
  );
  return {
    cases: n?.cases ?? count,
    events,
    years,
    seconds: Math.round(loaded),
    rollupSeconds: Math.round(rollupSeconds * 10) / 10,
    rollupRows: n?.n ?? 0,
  };
}

// ---- B3 ----

async function measureRates(
  db: Db,
  runs: number,
  plainRuns: number,
  log: (s: string) => void,
): Promise<RateTiming[]> {
  const cityActor: Actor = {
    userId: crypto.randomUUID(),
    username: "bench-supervisor",
    displayName: "bench",
    organisationId: null,
    bindings: [{ role: "supervisor", scopePath: "1310", scopeRegionCode: "1310", scopeDepartmentId: null }],
  };
  const [township] = await rows<{ code: string; county: string }>(
    db,
    sql`select subpath(region_path, 2, 1)::text as code, subpath(region_path, 1, 1)::text as county
      from cases where nlevel(region_path) >= 3 group by 1, 2 order by count(*) desc limit 1`,
  );
  const [department] = await rows<{ id: string }>(
    db,
    sql`select o.id::text as id from cases c join organisations o on o.id = c.assigned_org_id
      where o.kind = 'department' group by o.id order by count(*) desc limit 1`,
  );
  if (!township || !department) throw new Error("no cases loaded");
  const scopes: [RateTiming["scope"], RateScopeReq][] = [
    ["city", {}],
    ["county", { region: township.county }],
    ["township", { region: township.code }],
    ["department", { department: department.id }],
  ];
  const today = chinaDate(new Date());
  const daysBack = (n: number) => chinaDate(new Date(Date.now() - n * 86_400_000));
  const periods: [RateTiming["period"], number][] = [
    ["month", 29],
    ["quarter", 89],
    ["year", 364],
    ["all years", 3 * 365 + 1],
  ];
  const settings = await loadRateSettings(db);
  const out: RateTiming[] = [];
  for (const [scopeName, scopeReq] of scopes) {
    for (const [periodName, back] of periods) {
      const req: RateScopeReq = { ...scopeReq, from: daysBack(back), to: today };
      const now = new Date();
      const scope = await resolveRateScope(db, cityActor, req);
      if (!scope.rollup) throw new Error(`${scopeName}: the roll-ups cannot answer this scope`);
      const fromRollups = await computeRates(db, scope, settings, now);
      const plain = await computeRatesPlain(db, scope.where, settings, now);
      const identical = isDeepStrictEqual(fromRollups, plain);
      if (!identical) {
        throw new Error(
          `${scopeName} ${periodName}: roll-up and plain figures differ\n${JSON.stringify(fromRollups)}\n${JSON.stringify(plain)}`,
        );
      }
      // The real service path: scope, settings and figures, as GET /rates does.
      const rollup = await time(`${scopeName} ${periodName} roll-up`, runs, 2, async () => {
        const s = await resolveRateScope(db, cityActor, req);
        await computeRates(db, s, await loadRateSettings(db), new Date());
      });
      const plainTiming = await time(`${scopeName} ${periodName} plain`, plainRuns, 0, async () => {
        const s = await resolveRateScope(db, cityActor, req);
        await computeRatesPlain(db, s.where, await loadRateSettings(db), new Date());
      });
      const speedup = Math.round((plainTiming.p50 / Math.max(rollup.p50, 0.01)) * 10) / 10;
      const speedupP95 = Math.round((plainTiming.p95 / Math.max(rollup.p95, 0.01)) * 10) / 10;
      log(
        `  B3 ${scopeName} ${periodName}: roll-up p50 ${rollup.p50} ms p95 ${rollup.p95} ms; plain p50 ${plainTiming.p50} ms; ${speedup}×; received ${plain.received.value}`,
      );
      out.push({
        scope: scopeName,
        period: periodName,
        rollup,
        plain: plainTiming,
        speedup,
        speedupP95,
        identical,
      });
    }
  }
  return out;
}

// ---- B4 ----

/** The two text-search requests of measureLists (the n-gram index must exist, or they are scans). */
export const TEXT_SEARCH_LISTS = ["search by text, dispatcher", "search by text, supervisor (city)"];

/**
 * Times the work lists and case lists through the HTTP app. `only`: "all" (default), "no text"
 * (everything but TEXT_SEARCH_LISTS: the stepped run before its text index is built) or "text"
 * (only those two).
 */
export async function measureLists(
  db: Db,
  runs: number,
  log: (s: string) => void,
  only: "all" | "no text" | "text" = "all",
): Promise<Timing[]> {
  const app = await buildApp({
    database: { db, kind: "postgres", ping: async () => undefined, close: async () => undefined },
    config: { ...loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent", SCHEDULER: "off" }) },
  });
  await app.ready();
  try {
    const headersOf = async (username: string) => {
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      if (!user) throw new Error(`no demo account ${username}`);
      const session = await createSession(db, { userId: user.id });
      return { cookie: `${SESSION_COOKIE}=${session.token}` };
    };
    const [sample] = await rows<{ number: string }>(
      db,
      sql`select number from cases where region_path <@ '1310.131002.131002001'::ltree order by created_at desc limit 1`,
    );
    const number = sample?.number ?? "260101000001";
    const requests: [string, string, string][] = [
      ["worklist, grid worker", "grid_worker", "/api/v1/worklist"],
      ["worklist, township dispatcher", "dispatcher", "/api/v1/worklist"],
      ["worklist, department handler", "dept_handler", "/api/v1/worklist"],
      ["case list, dispatcher (by deadline)", "dispatcher", "/api/v1/cases"],
      ["case list, dispatcher, status=handling", "dispatcher", "/api/v1/cases?status=handling"],
      ["case list, dispatcher, newest first", "dispatcher", "/api/v1/cases?sort=created"],
      ["case list, supervisor, county + overdue", "supervisor", "/api/v1/cases?region=131002&overdue=true"],
      ["search by number, supervisor", "supervisor", `/api/v1/cases?q=${number}`],
      ["search by text, dispatcher", "dispatcher", `/api/v1/cases?q=${encodeURIComponent("漏水")}`],
      [
        "search by text, supervisor (city)",
        "supervisor",
        `/api/v1/cases?q=${encodeURIComponent("漏水")}&sort=created`,
      ],
    ];
    const out: Timing[] = [];
    for (const [name, username, url] of requests) {
      const text = TEXT_SEARCH_LISTS.includes(name);
      if ((only === "no text" && text) || (only === "text" && !text)) continue;
      const headers = await headersOf(username);
      const first = await app.inject({ method: "GET", url, headers });
      if (first.statusCode !== 200)
        throw new Error(`${name}: ${first.statusCode} ${first.body.slice(0, 200)}`);
      const t = await time(name, runs, 2, async () => {
        const res = await app.inject({ method: "GET", url, headers });
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode}`);
      });
      const body = first.json<{ total?: number; items?: unknown[] } | unknown[]>();
      const size = Array.isArray(body) ? body.length : (body.total ?? body.items?.length ?? 0);
      log(`  B4 ${name}: p50 ${t.p50} ms p95 ${t.p95} ms (${size} rows/total)`);
      out.push(t);
    }
    return out;
  } finally {
    await app.close();
  }
}

// ---- Entry ----

/** Loads, measures and answers the figures of B3 and B4 (see the file's header). */
export async function runCockpitBench(opts: CockpitBenchOptions): Promise<CockpitResult> {
  const log = opts.log ?? (() => undefined);
  const total = opts.cases ?? 5_000_000;
  const years = opts.years ?? 3;
  const runs = opts.runs ?? 20;
  const plainRuns = opts.plainRuns ?? 3;
  const database = await openPostgres(opts.databaseUrl, { poolSize: 4 });
  try {
    const db = database.db;
    log(`B3/B4: loading ${total.toLocaleString("en")} cases over ${years} years`);
    const load = await bulkLoad(db, total, years, log);
    log(
      `B3/B4: loaded in ${load.seconds} s (${load.events.toLocaleString("en")} events); roll-ups rebuilt in ${load.rollupSeconds} s (${load.rollupRows.toLocaleString("en")} rows)`,
    );
    const rates = await measureRates(db, runs, plainRuns, log);
    const lists = await measureLists(db, runs, log);
    const worstP95 = Math.max(...rates.map((r) => r.rollup.p95));
    const worstP50 = Math.max(...rates.map((r) => r.rollup.p50));
    const minSpeedup = Math.min(...rates.map((r) => r.speedup));
    const listP95 = Math.max(...lists.map((l) => l.p95));
    const sizeNote = `${total.toLocaleString("en")} cases over ${years} years`;
    const figures: CockpitFigure[] = [
      {
        bench: "B3",
        name: "bulk load (cases + events, roll-ups rebuilt)",
        value: load.seconds + load.rollupSeconds,
        unit: "s",
        pass: null,
        note: `${sizeNote}, ${load.events.toLocaleString("en")} events; roll-up rebuild ${load.rollupSeconds} s`,
      },
      {
        bench: "B3",
        name: "rates p95 (city/county/township/department × month/quarter/year/all)",
        value: worstP95,
        unit: "ms",
        goal: "≤ 50 ms",
        pass: worstP95 <= 50,
        note: `worst of 16; worst p50 ${worstP50} ms; figures identical to the plain aggregate`,
      },
      {
        bench: "B3",
        name: "roll-up speed-up over the plain aggregate (p50, worst case)",
        value: minSpeedup,
        unit: "×",
        goal: "≥ 50×",
        pass: minSpeedup >= 50,
        note: rates
          .filter((r) => r.speedup === minSpeedup)
          .map((r) => `${r.scope} ${r.period}: plain ${r.plain.p50} ms vs ${r.rollup.p50} ms`)
          .join("; "),
      },
      ...lists.map((l): CockpitFigure => ({
        bench: "B4",
        name: `${l.name} p95`,
        value: l.p95,
        unit: "ms",
        goal: "≤ 30 ms",
        pass: l.p95 <= 30,
        note: `p50 ${l.p50} ms`,
      })),
      {
        bench: "B4",
        name: "work lists and search p95 (worst)",
        value: listP95,
        unit: "ms",
        goal: "≤ 30 ms",
        pass: listP95 <= 30,
        note: sizeNote,
      },
    ];
    return { figures, load, rates, lists };
  } finally {
    await database.close();
  }
}

// ---- B3 in steps (0.5 M, 1 M, 5 M) ----

/** One table row per list of a step: its p95 against the goal, its p50 in the note. */
function listFigures(size: string, lists: Timing[], goalMs: number, note: string): CockpitFigure[] {
  return lists.map((l) => ({
    bench: "B4",
    name: `${size}: ${l.name} p95`,
    value: l.p95,
    unit: "ms",
    goal: `≤ ${goalMs} ms`,
    pass: l.p95 <= goalMs,
    note: `p50 ${l.p50} ms; ${note}`,
  }));
}

export interface CockpitStep {
  cases: number;
  events: number;
  /** Seconds to load this step's new cases and events, and to rebuild every roll-up after. */
  loadSeconds: number;
  rollupSeconds: number;
  rollupRows: number;
  loadAverage: number;
  rates: RateTiming[];
  /** B4's lists at this step, without the two text searches (with `lists`); load average after them. */
  lists?: Timing[];
  listsLoadAverage?: number;
  /** After the last step only (with `lists`): the n-gram text index built, then the text searches. */
  textSearch?: {
    indexSeconds: number;
    indexMb: number;
    tableMb: number;
    analyzeSeconds: number;
    loadAverage: number;
    lists: Timing[];
  };
}

/**
 * B3 at growing sizes on one database: loads the first step's cases, measures the rates, adds
 * cases up to the next step (the same years, denser), measures again, and so on. Each step is a
 * share 1/stride of the largest (every step must be a multiple of the first, and the largest of
 * them all); the n-gram text index (B4's, migration 0016) is dropped for the load: the rates do
 * not read it, and at millions of cases it would be most of the load time.
 * With `lists` (B4 in steps), each step also times B4's work lists and case lists (measureLists)
 * except the two text searches, which without their index would be scans; after the last step
 * the index is built again (timed, exactly migration 0016's CREATE INDEX), the table analysed as
 * autovacuum would after such a change, and the two text searches timed.
 */
export async function runCockpitSteps(opts: {
  databaseUrl: string;
  steps: number[];
  years?: number;
  runs?: number;
  plainRuns?: number;
  log?: (s: string) => void;
  /** B4's lists too (see above). */
  lists?: boolean;
  /** Called after each step (so an interrupted run keeps what it measured). */
  onStep?: (steps: CockpitStep[]) => void;
}): Promise<{ figures: CockpitFigure[]; steps: CockpitStep[] }> {
  const log = opts.log ?? (() => undefined);
  const steps = [...opts.steps].sort((a, b) => a - b);
  const unit = steps[0] ?? 0;
  const total = steps[steps.length - 1] ?? 0;
  if (unit <= 0 || steps.some((s) => s % unit !== 0))
    throw new Error("every step must be a multiple of the first");
  const stride = total / unit;
  const years = opts.years ?? 3;
  const database = await openPostgres(opts.databaseUrl, { poolSize: 4 });
  const out: CockpitStep[] = [];
  const figures: CockpitFigure[] = [];
  try {
    const db = database.db;
    await db.execute(sql`drop index if exists cases_text_grams_gin`);
    const end = new Date();
    let parts = 0;
    for (const step of steps) {
      const t0 = performance.now();
      let events = 0;
      let last = { rollupSeconds: 0, rollupRows: 0, cases: 0 };
      while (parts * unit < step) {
        parts++;
        log(`B3 steps: part ${parts} of ${stride} (${unit.toLocaleString("en")} cases)`);
        const r = await bulkLoad(db, total, years, log, {
          stride,
          offset: parts,
          end,
          finish: (parts + 1) * unit > step,
        });
        events += r.events;
        last = r;
      }
      const loadSeconds = Math.round((performance.now() - t0) / 1000);
      log(
        `B3 steps: ${last.cases.toLocaleString("en")} cases; loaded in ${loadSeconds} s (last roll-up rebuild ${last.rollupSeconds} s, ${last.rollupRows.toLocaleString("en")} rows)`,
      );
      const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
      const rates = await measureRates(db, opts.runs ?? 20, opts.plainRuns ?? 3, log);
      const measured: CockpitStep = {
        cases: last.cases,
        events,
        loadSeconds,
        rollupSeconds: last.rollupSeconds,
        rollupRows: last.rollupRows,
        loadAverage,
        rates,
      };
      out.push(measured);
      const worstP95 = Math.max(...rates.map((r) => r.rollup.p95));
      const minSpeedup = Math.min(...rates.map((r) => r.speedup));
      const size = `${(last.cases / 1e6).toLocaleString("en")} M`;
      if (opts.lists) {
        // Saved with the rates first: the lists take a while at millions of cases.
        opts.onStep?.(out);
        measured.lists = await measureLists(db, opts.runs ?? 20, log, "no text");
        measured.listsLoadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
      }
      figures.push(
        {
          bench: "B3",
          name: `${size}: load (cases + events, roll-ups rebuilt)`,
          value: loadSeconds,
          unit: "s",
          pass: null,
          note: `${events.toLocaleString("en")} events added; roll-up rebuild ${last.rollupSeconds} s; text index dropped`,
        },
        {
          bench: "B3",
          name: `${size}: rates p95, worst of 16`,
          value: worstP95,
          unit: "ms",
          goal: "≤ 50 ms",
          pass: worstP95 <= 50,
          note: `load average ${loadAverage}`,
        },
        {
          bench: "B3",
          name: `${size}: speed-up over the plain aggregate (p50, worst)`,
          value: minSpeedup,
          unit: "×",
          goal: "≥ 50×",
          pass: minSpeedup >= 50,
          note: rates
            .filter((r) => r.speedup === minSpeedup)
            .map((r) => `${r.scope} ${r.period}: plain ${r.plain.p50} ms vs ${r.rollup.p50} ms`)
            .join("; "),
        },
        ...listFigures(size, measured.lists ?? [], 30, `load average ${measured.listsLoadAverage}`),
      );
      opts.onStep?.(out);
    }
    const lastStep = out[out.length - 1];
    if (opts.lists && lastStep) {
      const size = `${(lastStep.cases / 1e6).toLocaleString("en")} M`;
      log(`B4 steps: building the n-gram text index over ${lastStep.cases.toLocaleString("en")} cases`);
      const t0 = performance.now();
      // Migration 0016_case_text_search.sql's CREATE INDEX, word for word.
      await db.execute(sql`CREATE INDEX cases_text_grams_gin ON cases
  USING gin (case_text_grams(description || E'\\n' || coalesce(address, '') || E'\\n' || number))`);
      const indexSeconds = Math.round((performance.now() - t0) / 100) / 10;
      const a0 = performance.now();
      await db.execute(sql`analyze cases`);
      const analyzeSeconds = Math.round((performance.now() - a0) / 100) / 10;
      const [mb] = await rows<{ index: number; table: number }>(
        db,
        sql`select round(pg_relation_size('cases_text_grams_gin') / 1048576.0)::int as index,
          round(pg_relation_size('cases') / 1048576.0)::int as table`,
      );
      log(`B4 steps: text index built in ${indexSeconds} s (${mb?.index} MB; analyse ${analyzeSeconds} s)`);
      const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
      const lists = await measureLists(db, opts.runs ?? 20, log, "text");
      lastStep.textSearch = {
        indexSeconds,
        indexMb: mb?.index ?? 0,
        tableMb: mb?.table ?? 0,
        analyzeSeconds,
        loadAverage,
        lists,
      };
      figures.push(
        {
          bench: "B4",
          name: `${size}: text index build (n-gram GIN)`,
          value: indexSeconds,
          unit: "s",
          pass: null,
          note: `${mb?.index} MB for a ${mb?.table} MB table; analyse after it ${analyzeSeconds} s`,
        },
        ...listFigures(size, lists, 50, `load average ${loadAverage}`),
      );
      opts.onStep?.(out);
    }
    return { figures, steps: out };
  } finally {
    await database.close();
  }
}
