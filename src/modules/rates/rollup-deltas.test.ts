/**
 * Roll-up contributions that wait in `rate_rollup_deltas` (migration 0024_rollup_deltas): the
 * readers count them, the fold moves them into `rate_rollups` without changing any answer, and on
 * PostgreSQL a trigger never waits for a roll-up row another transaction holds (it appends).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, rateRollupDeltas, rateRollups, regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { Actor } from "../../core/access/actor.js";
import { computeRates, computeRatesPlain } from "./compute-rates.js";
import { foldRollupDeltas } from "./fold-rollup-deltas.js";
import { resolveRateScope } from "./rate-scope.js";
import { DEFAULT_BASIC_WEIGHT, DEFAULT_WEIGHTS } from "./rate-settings.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const settings = { basicWeight: DEFAULT_BASIC_WEIGHT, weights: { ...DEFAULT_WEIGHTS } };
const city: Actor = {
  userId: crypto.randomUUID(),
  username: "reader",
  displayName: "reader",
  organisationId: null,
  bindings: [{ role: "supervisor", scopePath: "1310", scopeRegionCode: "1310", scopeDepartmentId: null }],
};

describe("rate roll-up deltas", () => {
  let t: TestApp;
  let village: { code: string; path: string; county: string | null };
  const now = Date.now();
  let serial = 0;

  beforeAll(async () => {
    t = await buildTestApp();
    const [v] = await t.database.db
      .select({ code: regions.code, path: sql<string>`${regions.path}::text`, county: regions.countyCode })
      .from(regions)
      .where(eq(regions.level, "village"))
      .limit(1);
    if (!v) throw new Error("no village");
    village = v;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A case of the village, created `daysAgo` days ago at the same hour. */
  const aCase = (daysAgo: number, replied: boolean) => ({
    number: `9903${String(serial++).padStart(8, "0")}`,
    channel: "web" as const,
    description: "delta test",
    regionCode: village.code,
    regionPath: village.path,
    countyCode: village.county,
    createdAt: new Date(now - daysAgo * DAY),
    status: replied ? ("replied" as const) : ("handling" as const),
    responseDueAt: new Date(now - daysAgo * DAY + 2 * HOUR),
    respondedAt: new Date(now - daysAgo * DAY + HOUR),
    handleDueAt: new Date(now - daysAgo * DAY + 3 * DAY),
    repliedAt: replied ? new Date(now - daysAgo * DAY + DAY) : null,
    solvedLevel: replied ? ("grid" as const) : null,
  });

  const periods = [{}, { from: new Date(now - 40 * DAY).toISOString().slice(0, 10) }];
  async function expectEqualPlain() {
    const db = t.database.db;
    const at = new Date();
    for (const req of periods) {
      for (const r of [req, { ...req, region: village.code.slice(0, 9) }]) {
        const scope = await resolveRateScope(db, city, r);
        expect(scope.rollup).not.toBeNull();
        expect(await computeRates(db, scope, settings, at)).toEqual(
          await computeRatesPlain(db, scope.where, settings, at),
        );
      }
    }
  }
  const count = async (table: typeof rateRollups | typeof rateRollupDeltas) =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n ?? 0;

  it("runs the triggers' two functions in PL/pgSQL, whose statements keep their plans (migration 0026)", async () => {
    // A SQL-language function that cannot be inlined is planned again on every call: about 3 ms
    // of the server's CPU per appeal in B1 (bench/README.md, "Issue #15, B1: the 70 % phase,
    // and where the CPU per appeal goes").
    const result = await t.database.db.execute(sql`select p.proname, l.lanname from pg_proc p
      join pg_language l on l.oid = p.prolang
      where p.proname in ('rate_rollup_deltas', 'rate_rollups_add') order by p.proname`);
    expect((result as unknown as { rows: unknown[] }).rows).toEqual([
      { proname: "rate_rollup_deltas", lanname: "plpgsql" },
      { proname: "rate_rollups_add", lanname: "plpgsql" },
    ]);
  });

  it("counts contributions still in the deltas, and folds them without changing an answer", async () => {
    const db = t.database.db;
    await db.insert(cases).values([aCase(3, true), aCase(3, false), aCase(35, true)]);
    await expectEqualPlain();
    const before = await db
      .select()
      .from(rateRollups)
      .orderBy(sql`1, 2, 3, 4, 5`);
    expect(before.length).toBeGreaterThan(0);
    // Every contribution moved to the deltas, as triggers append them when the rows are held.
    await db.execute(sql`insert into rate_rollup_deltas select * from rate_rollups`);
    await db.delete(rateRollups);
    expect(await count(rateRollups)).toBe(0);
    await expectEqualPlain();
    expect(await foldRollupDeltas(db)).toBe(before.length);
    expect(await count(rateRollupDeltas)).toBe(0);
    expect(
      await db
        .select()
        .from(rateRollups)
        .orderBy(sql`1, 2, 3, 4, 5`),
    ).toEqual(before);
    await expectEqualPlain();
    expect(await foldRollupDeltas(db)).toBe(0);
  });

  it.runIf(process.env.DATABASE_URL)(
    "appends instead of waiting when another transaction holds the roll-up row (PostgreSQL)",
    async () => {
      const db = t.database.db;
      const [held] = await db.insert(cases).values(aCase(5, false)).returning({ id: cases.id });
      if (!held) throw new Error("no case");
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      // Transaction 1 replies to a case of the village and day: it holds their roll-up rows.
      const first = db.transaction(async (tx) => {
        await tx
          .update(cases)
          .set({ status: "replied", repliedAt: new Date(now - 4 * DAY), solvedLevel: "village" })
          .where(eq(cases.id, held.id));
        holding();
        await released;
      });
      await isHolding;
      try {
        // Another intake of the same village and day, while those rows are held: without the
        // deltas its trigger would wait for transaction 1 and hit the timeout.
        await db.transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '2s'`);
          await tx.insert(cases).values(aCase(5, true));
        });
        expect(await count(rateRollupDeltas)).toBeGreaterThan(0);
        await expectEqualPlain();
      } finally {
        release();
        await first;
      }
      await expectEqualPlain();
      expect(await foldRollupDeltas(db)).toBeGreaterThan(0);
      expect(await count(rateRollupDeltas)).toBe(0);
      await expectEqualPlain();
    },
  );
});
