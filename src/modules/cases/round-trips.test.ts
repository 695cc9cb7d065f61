/**
 * The statements the hot requests of the appeal loop send to PostgreSQL, counted: under load
 * each round trip waits for a pooled connection, so their number is the loop's latency and a
 * large part of its cost (issue #15; bench/README.md, "B2: round trips per request"). A budget
 * here is a floor reached by work, not a wish: a change that adds a statement to one of these
 * requests fails this test and has to say why. PostgreSQL only (the count is taken at the
 * driver's client); the same code runs on PGlite.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "./actions/test-factory.js";
import type { CaseStatus } from "../../db/schema.js";
import { HOLIDAYS_VERSION_KEY } from "../catalogue/holidays-version.js";

/** The statements sent by pooled clients, in order (their first line, for the failure message). */
const sent: string[] = [];
const query = pg.Client.prototype.query;

describe.skipIf(!process.env.DATABASE_URL)("round trips of the appeal loop (needs DATABASE_URL)", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string; values?: unknown[] } | undefined;
      const values = typeof first === "object" ? first.values : (args[1] as unknown[] | undefined);
      // The working calendar checks its version at most every 5 s (load-working-calendar.ts): a
      // clock, not the request, decides whether that read falls in the counted request.
      if (values?.[0] === HOLIDAYS_VERSION_KEY)
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      sent.push((typeof first === "string" ? first : (first?.text ?? "")).replace(/\s+/g, " ").slice(0, 80));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await t?.close();
  });

  /** The statements one request sends, after `setup` (not counted) and a first request to warm the caches. */
  async function count(
    request: (n: number) => Promise<{ statusCode: number; body: string }>,
  ): Promise<{ statements: string[]; statusCode: number }> {
    const warm = await request(0);
    expect(warm.statusCode, warm.body).toBeLessThan(300);
    sent.length = 0;
    const res = await request(1);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return { statements: [...sent], statusCode: res.statusCode };
  }

  const caseIn = (status: CaseStatus) =>
    buildCase(t.database.db, {
      status,
      assignedOrgId: w.units.gridPost,
      withTrackingCode: true,
      repliedAt: status === "replied" ? new Date() : null,
    });

  it("stays within each request's budget", async () => {
    const intake = await count((n) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/cases",
        payload: {
          channel: "app",
          categoryCode: "disputes.neighbour",
          description: "楼上噪音扰民",
          regionCode: w.village,
        },
        remoteAddress: `10.9.0.${n + 1}`,
      }),
    );
    // The cache counters, the place, and the case with its event and notice in one statement.
    expect(intake.statements, intake.statements.join("\n")).toHaveLength(3);

    const act = (status: CaseStatus, action: string, body: object) =>
      count(async () => {
        const { case: c } = await caseIn(status);
        sent.length = 0;
        return t.app.inject({
          method: "POST",
          url: `/api/v1/cases/${c.id}/actions/${action}`,
          headers: w.headers.gridWorker,
          payload: { ...body, version: c.version },
        });
      });
    // Counters, begin, the case locked in scope, the move, its event, commit (the units the
    // worker acts for are kept with the session).
    const respond = await act("dispatched", "respond", { contactMethod: "phone" });
    expect(respond.statements, respond.statements.join("\n")).toHaveLength(6);
    // …and the reporter's notice and the merged duplicates to tell.
    const reply = await act("handling", "reply", { result: "已修好" });
    expect(reply.statements, reply.statements.join("\n")).toHaveLength(8);

    let code = "";
    const evaluation = await count(async () => {
      code = (await caseIn("replied")).trackingCode ?? "";
      sent.length = 0;
      return t.app.inject({
        method: "POST",
        url: `/api/v1/track/${code}/evaluate`,
        payload: { resolved: true, satisfaction: "satisfied" },
        remoteAddress: "10.9.1.1",
      });
    });
    // Begin, the case by its code, the move, its event, commit, and the tracking page's context.
    expect(evaluation.statements, evaluation.statements.join("\n")).toHaveLength(6);

    const tracking = await count(() => t.app.inject({ url: `/api/v1/track/${code}` }));
    // The case by its code, and its context in one statement.
    expect(tracking.statements, tracking.statements.join("\n")).toHaveLength(2);
  });
});
