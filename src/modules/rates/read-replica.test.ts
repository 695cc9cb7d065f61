/**
 * DATABASE_READ_URL: dashboard reads (rates, breakdowns, drill-downs) go to the read pool,
 * everything else to the primary. Shown with a second database on the test server standing in
 * for the replica: cases written only there are counted by /rates and absent from /cases.
 */
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import { openDatabase } from "../../db/open.js";
import { cases, regions } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import type { App } from "../../server/context.js";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { createTestDatabase } from "../../../test/helpers/db.js";

describe("DATABASE_READ_URL configuration", () => {
  const primary = "postgres://u:secret@db1:5432/microgov";
  it("is read beside DATABASE_URL, and refused without it or when malformed", () => {
    const config = loadConfig({
      DATABASE_URL: primary,
      DATABASE_READ_URL: "postgres://u:pw@db2:5432/microgov",
    });
    expect(config.databaseReadUrl).toBe("postgres://u:pw@db2:5432/microgov");
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: "" }).databaseReadUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_READ_URL: primary })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: "mysql://u:secret@x/y" })).toThrow(
      /^DATABASE_READ_URL must be a URL like postgres:\/\/[^"]*\.$/,
    );
  });
});

// PGlite is one embedded database in this process: there is no second server to read from.
describe.skipIf(!process.env.DATABASE_URL)(
  "dashboard reads on the read replica (needs DATABASE_URL: skipped on PGlite, which has no replica)",
  () => {
    let primary: Database;
    let replica: Database;
    let app: App;
    let headers: Record<string, string>;

    beforeAll(async () => {
      primary = await createTestDatabase();
      replica = await createTestDatabase();
      app = await buildApp({
        database: { ...primary, readDb: replica.db },
        config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }),
      });
      await app.ready();
      // The same account on both, as replication would make it.
      const user = await buildUser(primary, [{ role: "supervisor", region: "1310" }]);
      headers = await sessionHeaders(primary, user);
      const [village] = await replica.db
        .select({ code: regions.code, path: sql<string>`${regions.path}::text`, county: regions.countyCode })
        .from(regions)
        .where(eq(regions.level, "village"))
        .orderBy(asc(regions.code))
        .limit(1);
      if (!village) throw new Error("no village");
      await replica.db.insert(cases).values(
        [1, 2, 3].map((i) => ({
          number: `9903${String(i).padStart(8, "0")}`,
          channel: "web" as const,
          description: "only on the replica",
          regionCode: village.code,
          regionPath: village.path,
          countyCode: village.county,
          status: "closed" as const,
        })),
      );
    });

    afterAll(async () => {
      await app?.close();
      await primary?.close();
      await replica?.close();
    });

    it("counts the replica's cases in rates, breakdowns and drill-downs; case lists read the primary", async () => {
      const get = (url: string) => app.inject({ method: "GET", url, headers });
      const rates = await get("/api/v1/rates");
      expect(rates.statusCode, rates.body).toBe(200);
      expect(rates.json().figures.received.value).toBe(3);
      expect(rates.json().figures.closed.value).toBe(3);
      const breakdown = await get("/api/v1/rates/breakdown?by=county");
      expect(
        breakdown
          .json()
          .rows.map((r: { figures: { received: { value: number } } }) => r.figures.received.value),
      ).toEqual([3]);
      const list = await get("/api/v1/rates/cases?figure=received");
      expect(list.json().total).toBe(3);
      const primaryList = await get("/api/v1/cases");
      expect(primaryList.statusCode, primaryList.body).toBe(200);
      expect(primaryList.json().total).toBe(0);
    });

    it("opens the read pool from DATABASE_READ_URL beside the primary", async () => {
      const name = async (db: Database["db"]) =>
        (
          (await db.execute(sql`select current_database() as name`)) as unknown as {
            rows: { name: string }[];
          }
        ).rows[0]?.name;
      const primaryName = await name(primary.db);
      const replicaName = await name(replica.db);
      const url = (db: string) => {
        const u = new URL(process.env.DATABASE_URL ?? "");
        u.pathname = `/${db}`;
        return u.toString();
      };
      const { database } = await openDatabase(
        loadConfig({ DATABASE_URL: url(primaryName ?? ""), DATABASE_READ_URL: url(replicaName ?? "") }),
      );
      try {
        expect(database.readDb).toBeDefined();
        expect(await name(database.db)).toBe(primaryName);
        expect(await name(database.readDb ?? database.db)).toBe(replicaName);
      } finally {
        await database.close();
      }
    });
  },
);
