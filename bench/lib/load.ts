/**
 * Load generators for intake: autocannon against one or more app processes (each request with
 * its own body and Idempotency-Key through `setupRequest`), and the raw rate of writing the same
 * rows (a case and its intake event) straight into the database with many `pg` clients.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import autocannon from "autocannon";
import pg from "pg";
import { percentile, type Session } from "./http.js";
import type { GridInfo, World } from "./world.js";

export interface LoadFigures {
  /** Answers with a 2xx status per second of the run. */
  rate: number;
  ok: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  seconds: number;
  /** The first few failures, status and body, to say what went wrong. */
  failures: string[];
  /**
   * Arrivals spaced evenly only: each second of the run by when its requests were due, with their
   * count, median and slowest answer (ms), to tell a steady wait from a stall.
   */
  perSecond?: SecondFigures[];
  /** CPU time per appeal answered, when the caller could read it (bench/lib/cpu.ts). */
  cpuPerAppeal?: { appMs: number; postgresMs?: number };
}

export interface SecondFigures {
  second: number;
  n: number;
  p50: number;
  max: number;
}

/** A deterministic-enough random source per run (Math.random is fine for load shapes). */
const rnd = Math.random;
const pick = <T>(list: readonly T[]): T => {
  const item = list[Math.floor(rnd() * list.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};

/** A point near the middle of a grid, where the demo polygon lies. */
export function pointIn(grid: GridInfo): { lon: number; lat: number } {
  const w = grid.maxLon - grid.minLon;
  const h = grid.maxLat - grid.minLat;
  return {
    lon: Math.round((grid.minLon + w * (0.45 + rnd() * 0.1)) * 1e6) / 1e6,
    lat: Math.round((grid.minLat + h * (0.45 + rnd() * 0.1)) * 1e6) / 1e6,
  };
}

const DESCRIPTIONS = [
  "楼道里有人私拉电线给电动车充电，存在安全隐患",
  "小区垃圾已经三天没有清运，气味很大",
  "路灯坏了一个多星期，晚上出行不便",
  "下水道堵塞，污水漫到路面上",
  "健身器材损坏，老人锻炼时容易受伤",
  "邻居装修噪音过大，影响休息",
];
export const description = () => `${pick(DESCRIPTIONS)}（编号${Math.floor(rnd() * 1e9)}）`;
const phone = () => `138${String(Math.floor(rnd() * 1e8)).padStart(8, "0")}`;

/** What one intake request carries. */
export type IntakeKind = "native" | "open311";

export interface IntakeTarget {
  url: string;
}

export interface IntakeLoadOptions {
  kind: IntakeKind;
  targets: IntakeTarget[];
  /** Total connections, shared across the targets. */
  connections: number;
  durationSec: number;
  /** Requests per second over all targets, arriving evenly spaced (`runEvenIntakeLoad`); none = as fast as it goes. */
  overallRate?: number;
  world: World;
  /** native: the operator entering hotline calls (staff intake is not rate-limited per address). */
  session?: Session;
  /** open311: the keys to spread the load over (each key may post 300 a minute). */
  apiKeys?: string[];
  runId: string;
}

/** One intake request: a new appeal with its own body and Idempotency-Key. */
interface IntakeRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the requests of one run: native hotline appeals by the operator, or Open311 posts spread over the keys. */
function intakeRequests(opts: IntakeLoadOptions): () => IntakeRequest {
  const leaves = [...opts.world.categoriesByLevel.values()].flat();
  let counter = 0;
  let keyTurn = 0;
  if (opts.kind === "native") {
    return () => {
      const grid = pick(opts.world.grids);
      const body = {
        channel: "hotline",
        categoryCode: pick(leaves).code,
        description: description(),
        location: pointIn(grid),
        reporter: { name: "张先生", phone: phone() },
      };
      return {
        method: "POST",
        path: "/api/v1/cases",
        headers: {
          "content-type": "application/json",
          "idempotency-key": `${opts.runId}-${++counter}`,
          cookie: opts.session?.cookie ?? "",
          "x-csrf-token": opts.session?.csrfToken ?? "",
        },
        body: JSON.stringify(body),
      };
    };
  }
  return () => {
    const keys = opts.apiKeys ?? [];
    const key = keys[keyTurn++ % keys.length] ?? "";
    const at = pointIn(pick(opts.world.grids));
    const form = new URLSearchParams({
      api_key: key,
      service_code: pick(leaves).open311ServiceCode ?? "other",
      lat: String(at.lat),
      long: String(at.lon),
      description: description(),
      first_name: "张",
      phone: phone(),
    });
    return {
      method: "POST",
      path: "/open311/v2/requests.json",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": `${opts.runId}-${++counter}`,
      },
      body: form.toString(),
    };
  };
}

/**
 * Intake load for `durationSec`; every request is a new appeal. Without `overallRate`: autocannon,
 * each connection sending its next request as soon as the last is answered (the peak). With it:
 * `runEvenIntakeLoad`, arrivals spaced evenly. Latencies are recorded from every answer, across
 * targets.
 */
export async function runIntakeLoad(opts: IntakeLoadOptions): Promise<LoadFigures> {
  if (opts.overallRate !== undefined) return runEvenIntakeLoad({ ...opts, overallRate: opts.overallRate });
  const next = intakeRequests(opts);
  const latencies: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  let failed = 0;
  const perTarget = Math.max(1, Math.floor(opts.connections / opts.targets.length));
  const started = performance.now();
  const runs = opts.targets.map((target) => {
    const instance = autocannon({
      url: target.url,
      connections: perTarget,
      duration: opts.durationSec,
      timeout: 30,
      requests: [
        {
          method: "POST",
          setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, ...next() }),
          onResponse: (status: number, body: string) => {
            if (status >= 300 && failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
          },
        },
      ],
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status >= 200 && status < 300) ok++;
      else failed++;
    });
    return instance;
  });
  const results = await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  for (const r of results) failed += r.errors + r.timeouts;
  return figures(opts.kind, { ok, failed, latencies, failures, seconds });
}

/**
 * Intake at a steady `overallRate`: the i-th request is due at start + i / rate and goes out then,
 * on a free keep-alive connection (at most `connections`, shared across the targets in turn), or
 * waits for one. Its latency counts from when it was due, not from when it went out, so time spent
 * waiting for a connection, or for this process to get the CPU, counts against the app (no
 * coordinated omission). Autocannon's own rate limit is not used for this: it lets each connection
 * send its share of a second back to back when the second starts (lib/httpClient.js,
 * `reqsMadeThisSecond`), so every second began with a burst of one request per connection and the
 * answers queued behind it (bench/README.md, "Issue #15, B1: the 70 % phase, and where the CPU
 * per appeal goes").
 */
export async function runEvenIntakeLoad(
  opts: IntakeLoadOptions & { overallRate: number },
): Promise<LoadFigures> {
  const next = intakeRequests(opts);
  const latencies: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  let failed = 0;
  const perTarget = Math.max(1, Math.floor(opts.connections / opts.targets.length));
  const agents = opts.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: perTarget }));
  const interval = 1000 / opts.overallRate;
  const started = performance.now();
  const total = Math.floor(opts.overallRate * opts.durationSec);
  const inFlight = new Set<Promise<void>>();
  const bySecond: number[][] = [];
  const send = (i: number, due: number) => {
    const target = opts.targets[i % opts.targets.length];
    const agent = agents[i % agents.length];
    if (!target || !agent) throw new Error("no intake target");
    const request = next();
    const sent = new Promise<void>((resolve) => {
      const req = http.request(
        new URL(request.path, target.url),
        { method: request.method, headers: request.headers, agent, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const ms = performance.now() - due;
            latencies.push(ms);
            const second = Math.floor((due - started) / 1000);
            (bySecond[second] ??= []).push(ms);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) ok++;
            else {
              failed++;
              if (failures.length < 5)
                failures.push(`${status} ${Buffer.concat(chunks).toString().slice(0, 300)}`);
            }
            resolve();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("no answer in 30 s")));
      req.on("error", (err) => {
        failed++;
        if (failures.length < 5) failures.push(err.message);
        resolve();
      });
      req.end(request.body);
    });
    inFlight.add(sent);
    void sent.then(() => inFlight.delete(sent));
  };
  let i = 0;
  try {
    while (i < total) {
      const now = performance.now();
      // Everything due by now goes out; a late tick sends its backlog at once, timed from when due.
      while (i < total && started + i * interval <= now) {
        send(i, started + i * interval);
        i++;
      }
      const wait = started + i * interval - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 5))));
    }
    await Promise.all(inFlight);
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = bySecond.map((values, second) => ({
    second,
    n: values.length,
    p50: Math.round(percentile(values, 50) * 10) / 10,
    max: Math.round(Math.max(...values) * 10) / 10,
  }));
  return { ...figures(opts.kind, { ok, failed, latencies, failures, seconds }), perSecond };
}

/** "slowest second: 5 s in, 1,486 ms" for a log line; empty without a per-second series. */
export function slowestSecond(load: LoadFigures): string {
  const worst = (load.perSecond ?? []).reduce<SecondFigures | undefined>(
    (a, b) => (a === undefined || b.max > a.max ? b : a),
    undefined,
  );
  return worst
    ? `; slowest second ${worst.second} s in: max ${worst.max.toFixed(0)} ms, p50 ${worst.p50.toFixed(0)} ms`
    : "";
}

function figures(
  kind: IntakeKind,
  run: { ok: number; failed: number; latencies: number[]; failures: string[]; seconds: number },
): LoadFigures {
  if (run.ok === 0 && run.failed > 0) {
    throw new Error(
      `${kind} intake: no request succeeded (${run.failed} failed): ${run.failures[0] ?? "connection errors"}`,
    );
  }
  return {
    rate: run.ok / run.seconds,
    ok: run.ok,
    failed: run.failed,
    p50: percentile(run.latencies, 50),
    p95: percentile(run.latencies, 95),
    p99: percentile(run.latencies, 99),
    seconds: run.seconds,
    failures: run.failures,
  };
}

/** One raw row as the app would write it (hotline intake, routed to the grid's post). */
interface RawRow {
  grid: GridInfo;
  gridPost: string;
  categoryCode: string;
}

/**
 * The database's own limit for the same writes: `clients` connections each inserting, in one
 * transaction per appeal, the case row (the columns intake fills, its number from the same
 * sequence) and its intake event, as fast as they can for `durationSec`.
 */
export async function runRawInserts(opts: {
  url: string;
  clients: number;
  durationSec: number;
  world: World;
  enteredBy: string;
}): Promise<LoadFigures> {
  const leaves = [...opts.world.categoriesByLevel.values()].flat();
  const rows: RawRow[] = [];
  for (const grid of opts.world.grids) {
    const post = opts.world.unitAt.get(`${grid.code}|grid_post`);
    if (post) rows.push({ grid, gridPost: post.id, categoryCode: "" });
  }
  if (rows.length === 0) throw new Error("no grid posts: seed first");
  const pathOf = (g: GridInfo) => `1310.${g.countyCode}.${g.townshipCode}.${g.villageCode}.${g.code}`;
  const clients = await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      const c = new pg.Client({ connectionString: opts.url });
      c.on("error", () => undefined);
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let ok = 0;
  const deadline = performance.now() + opts.durationSec * 1000;
  const started = performance.now();
  const insertCase = `insert into cases (number, tracking_code_hash, channel, category_code, description, lon, lat,
      region_code, region_path, county_code, grid_code, urgent, reporter_name, reporter_phone, entered_by_user_id,
      status, handling_level, assigned_org_id, lead_org_id, response_due_at, handle_due_at, created_at, updated_at)
    values (to_char(now() at time zone 'Asia/Shanghai', 'YYMMDD') || lpad((nextval('case_number_seq') % 1000000)::text, 6, '0'),
      $1, 'hotline', $2, $3, $4, $5, $6, $7::ltree, $8, $9, false, $10, $11, $12, 'dispatched', 'grid', $13, $13,
      now() + interval '12 hours', now() + interval '48 hours', now(), now())
    returning id`;
  const insertEvent = `insert into workflow_events (subject_type, subject_id, county_code, action, from_status, to_status, actor_user_id,
      actor_org_id, actor_label, data) values ('case', $1, $2, 'intake', null, 'dispatched', $3, null, null, $4::jsonb)`;
  try {
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < deadline) {
          const row = pick(rows);
          const at = pointIn(row.grid);
          const t0 = performance.now();
          await c.query("begin");
          const created = await c.query<{ id: string }>({
            name: "bench_raw_case",
            text: insertCase,
            values: [
              createHash("sha256").update(randomBytes(8)).digest("hex"),
              pick(leaves).code,
              description(),
              at.lon,
              at.lat,
              row.grid.code,
              pathOf(row.grid),
              row.grid.countyCode,
              row.grid.code,
              "张先生",
              phone(),
              opts.enteredBy,
              row.gridPost,
            ],
          });
          await c.query({
            name: "bench_raw_event",
            text: insertEvent,
            values: [
              created.rows[0]?.id,
              row.grid.countyCode,
              opts.enteredBy,
              JSON.stringify({
                channel: "hotline",
                routing: "grid-level category: the grid's post",
                assignedOrgId: row.gridPost,
              }),
            ],
          });
          await c.query("commit");
          latencies.push(performance.now() - t0);
          ok++;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    rate: ok / seconds,
    ok,
    failed: 0,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    seconds,
    failures: [],
  };
}
