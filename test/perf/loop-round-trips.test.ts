/**
 * SQL round trips of the appeal loop's hot actions after intake (issue #15, B2): every statement
 * the app sends to PostgreSQL for one request, counted at the driver. Under load each round trip
 * waits for a pooled connection, so their number is much of the loop's latency: a change that
 * adds one to these requests fails here and has to say why (bench/README.md, "B2: round trips per
 * request"; intake is test/perf/intake-round-trips.test.ts). Server only (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { statementsDuring } from "../helpers/statements.js";
import type { CaseStatus } from "../../src/db/schema.js";
import { buildCase, buildWorld, type World } from "../../src/modules/cases/actions/test-factory.js";
import { HOLIDAYS_VERSION_KEY } from "../../src/modules/catalogue/holidays-version.js";

/**
 * The working calendar checks its version at most every 5 s (load-working-calendar.ts): a clock,
 * not the request, decides whether that read falls in the counted request.
 */
const calendarCheck = (_text: string, values: readonly unknown[]) => values[0] === HOLIDAYS_VERSION_KEY;

describe.runIf(Boolean(process.env.DATABASE_URL))("SQL round trips of the appeal loop", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  /** A case in `status` held by the grid post, with a tracking code. */
  const caseIn = async (status: CaseStatus) =>
    buildCase(t.database.db, {
      status,
      assignedOrgId: w.units.gridPost,
      withTrackingCode: true,
      repliedAt: status === "replied" ? new Date() : null,
    });

  type Answer = { statusCode: number; body: string };

  /**
   * The statements of the second of two requests (the first fills the caches and the session's
   * memo); `prepare` makes each its case, outside the count.
   */
  async function counted<T>(
    prepare: () => Promise<T>,
    request: (made: T) => Promise<Answer>,
  ): Promise<string[]> {
    const warm = await request(await prepare());
    expect(warm.statusCode, warm.body).toBeLessThan(300);
    const made = await prepare();
    let res: Answer = { statusCode: 0, body: "" };
    const statements = await statementsDuring(async () => {
      res = await request(made);
    }, calendarCheck);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return statements;
  }

  const action = (name: string, body: object) => (made: { case: { id: string; version: number } }) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${made.case.id}/actions/${name}`,
      headers: w.headers.gridWorker,
      payload: { ...body, version: made.case.version },
    });

  it("respond and reply by the unit holding the case", async () => {
    // The cache counters, begin, the case locked in scope, the move, its event, commit: the units
    // the worker acts for are kept with the session, and the move takes the locked row.
    const respond = await counted(() => caseIn("dispatched"), action("respond", { contactMethod: "phone" }));
    expect(respond, respond.join("\n")).toHaveLength(6);
    // …and the reporter's notice, and the look for duplicates merged into the case to tell.
    const reply = await counted(() => caseIn("handling"), action("reply", { result: "已修好" }));
    expect(reply, reply.join("\n")).toHaveLength(8);
  });

  it("the resident's evaluation by tracking code, and the tracking page", async () => {
    const code = async () => (await caseIn("replied")).trackingCode ?? "";
    // Begin, the case by its code (locked), the move, its event, commit, and the tracking page's
    // context in one statement, from the row the move returned.
    const evaluation = await counted(code, (tracking) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/track/${tracking}/evaluate`,
        payload: { resolved: true, satisfaction: "satisfied" },
      }),
    );
    expect(evaluation, evaluation.join("\n")).toHaveLength(6);
    // The case by its code, and its context.
    const page = await counted(code, (tracking) => t.app.inject({ url: `/api/v1/track/${tracking}` }));
    expect(page, page.join("\n")).toHaveLength(2);
  });
});
