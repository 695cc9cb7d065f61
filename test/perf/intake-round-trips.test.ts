/**
 * SQL round trips per intake (issue #15, B1): every statement the app sends to a PostgreSQL
 * server while it takes in one appeal, counted at the driver (node-postgres `Client.query`). The
 * count is the lever the benchmark measures, so a change that adds round trips to the intake
 * path fails here (16 and 15 before issue #15's caches and one-statement write, then 3 with the
 * duplicate search on its own; 2 now). Server only (DATABASE_URL): PGlite runs in the process,
 * without a wire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../helpers/app.js";
import { statementsDuring } from "../helpers/statements.js";
import { buildCaseWorld, type CaseWorld } from "../../src/modules/cases/test-fixtures.js";
import { DEMO_OPEN311_KEY, seedDemoOpen311Key } from "../../src/modules/open311/api-keys.js";

const onServer = Boolean(process.env.DATABASE_URL);

describe.runIf(onServer)("SQL round trips per intake", () => {
  let w: CaseWorld;
  let headers: Record<string, string>;
  let n = 0;
  beforeAll(async () => {
    w = await buildCaseWorld();
    await seedDemoOpen311Key(w.t.database.db);
    const operator = await buildUser(w.t.database, [{ role: "operator", region: "131002" }]);
    headers = await sessionHeaders(w.t.database, operator);
  });
  afterAll(async () => w?.t.close());

  const native = () =>
    w.t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { ...headers, "idempotency-key": `rt-${++n}` },
      payload: {
        channel: "hotline",
        categoryCode: "sanitation.garbage",
        description: "小区门口垃圾三天没人清运了",
        location: w.inGrid,
        reporter: { name: "王先生", phone: "13812345678" },
      },
    });
  const open311 = () =>
    w.t.app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      headers: { "content-type": "application/x-www-form-urlencoded", "idempotency-key": `rt-o-${++n}` },
      payload: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        service_code: "sanitation-garbage",
        lat: String(w.inGrid.lat),
        long: String(w.inGrid.lon),
        description: "小区门口垃圾三天没人清运了",
      }).toString(),
    });

  it("native intake (POST /api/v1/cases by an operator)", async () => {
    expect((await native()).statusCode).toBe(201); // warm: caches filled
    let status = 0;
    const statements = await statementsDuring(async () => {
      status = (await native()).statusCode;
    });
    expect(status).toBe(201);
    // The cache counters (shared by concurrent requests), then the write with the duplicate search.
    expect(statements, statements.join("\n")).toHaveLength(2);
    expect(statements.filter((s) => /^(begin|commit)/i.test(s))).toEqual([]);
  });

  it("Open311 intake (POST /open311/v2/requests.json)", async () => {
    const first = await open311();
    expect(first.statusCode, first.body).toBe(200);
    let status = 0;
    const statements = await statementsDuring(async () => {
      status = (await open311()).statusCode;
    });
    expect(status).toBe(200);
    expect(statements, statements.join("\n")).toHaveLength(2);
    expect(statements.filter((s) => /^(begin|commit)/i.test(s))).toEqual([]);
  });
});
