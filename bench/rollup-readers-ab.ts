/**
 * `tsx bench/rollup-readers-ab.ts --base DIR --url URL [--deltas N] [--runs 20]`: the rate
 * roll-up readers of another checkout (A, e.g. 58a0fbf: `rate_rollups` alone) and of this one
 * (B: `rate_rollups UNION ALL rate_rollup_deltas`), alternating run by run on one database that
 * already holds cases and roll-ups (e.g. the B3 database of `npm run bench -- --only B3`), for
 * the city, a county, a township and a department over a month, a quarter, a year and three
 * years. `--deltas N` copies N random roll-up rows into `rate_rollup_deltas` for the run (as a
 * fold lagging behind would leave them; the figures then differ, the timings are the point) and
 * deletes them after. Prints p50/p95 of `computeRates` (the scope resolved once) and one JSON line.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql, type SQL } from "drizzle-orm";
import { openPostgres } from "../src/db/client.js";
import type { Actor } from "../src/core/access/actor.js";
import { computeRates } from "../src/modules/rates/compute-rates.js";
import { chinaDate, resolveRateScope } from "../src/modules/rates/rate-scope.js";
import { loadRateSettings } from "../src/modules/rates/rate-settings.js";
import type { RateScopeReq } from "../src/modules/rates/schemas.js";
import { installRegisteredModules } from "../src/modules/registry.js";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    url: { type: "string" },
    deltas: { type: "string", default: "0" },
    runs: { type: "string", default: "20" },
  },
});
if (!values.base || !values.url) throw new Error("--base DIR --url URL");
installRegisteredModules();
const older = (await import(path.resolve(values.base, "src/modules/rates/compute-rates.ts"))) as {
  computeRates: typeof computeRates;
};
const database = await openPostgres(values.url, { poolSize: 4 });
const db = database.db;
const rows = async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const city: Actor = {
  userId: crypto.randomUUID(),
  username: "bench",
  displayName: "bench",
  organisationId: null,
  bindings: [{ role: "supervisor", scopePath: "1310", scopeRegionCode: "1310", scopeDepartmentId: null }],
};
const [township] = await rows<{ code: string; county: string }>(
  sql`select subpath(region_path, 2, 1)::text as code, subpath(region_path, 1, 1)::text as county
    from rate_rollups where nlevel(region_path) >= 3 and dim = 'all' group by 1, 2 order by sum(received) desc limit 1`,
);
const [department] = await rows<{ id: string }>(
  sql`select dim_key as id from rate_rollups where dim = 'department' group by 1 order by sum(received) desc limit 1`,
);
if (!township || !department) throw new Error("no roll-ups in this database");
const scopes: [string, RateScopeReq][] = [
  ["city", {}],
  ["county", { region: township.county }],
  ["township", { region: township.code }],
  ["department", { department: department.id }],
];
const periods: [string, number][] = [
  ["month", 29],
  ["quarter", 89],
  ["year", 364],
  ["all years", 3 * 365 + 1],
];
const settings = await loadRateSettings(db);
const quantile = (a: number[], q: number) => {
  const s = [...a].sort((x, y) => x - y);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN) * 10) / 10;
};
const deltaRows = Number(values.deltas);
const runs = Number(values.runs);
if (deltaRows > 0)
  await db.execute(
    sql`insert into rate_rollup_deltas select * from rate_rollups order by random() limit ${deltaRows}`,
  );
const out: Record<string, unknown>[] = [];
try {
  for (const [scopeName, scopeReq] of scopes)
    for (const [periodName, back] of periods) {
      const req = {
        ...scopeReq,
        from: chinaDate(new Date(Date.now() - back * 86_400_000)),
        to: chinaDate(new Date()),
      };
      const scope = await resolveRateScope(db, city, req);
      const t = { A: [] as number[], B: [] as number[] };
      for (let i = 0; i < runs + 2; i++)
        for (const [name, f] of [
          ["A", older.computeRates],
          ["B", computeRates],
        ] as const) {
          const t0 = performance.now();
          await f(db, scope, settings, new Date());
          if (i >= 2) t[name].push(performance.now() - t0);
        }
      const r = {
        scope: scopeName,
        period: periodName,
        aP50: quantile(t.A, 0.5),
        aP95: quantile(t.A, 0.95),
        bP50: quantile(t.B, 0.5),
        bP95: quantile(t.B, 0.95),
      };
      out.push(r);
      console.log(
        `${scopeName} ${periodName}: A p50 ${r.aP50} p95 ${r.aP95} | B p50 ${r.bP50} p95 ${r.bP95} ms`,
      );
    }
} finally {
  if (deltaRows > 0) await db.execute(sql`delete from rate_rollup_deltas`);
}
const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from rate_rollups`);
console.log(JSON.stringify({ deltaRows, load: os.loadavg()[0], rollupRows: n?.n, runs: out }));
await database.close();
