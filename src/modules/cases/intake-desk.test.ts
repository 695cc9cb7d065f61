/**
 * The intake desk of operators and talk-station staff: answering on the spot (当场办结) files and
 * closes in one step, the duplicate check shows open cases of the category in the region within
 * the desk's scope, the caller's earlier appeals come from the phone search (a logged read), and
 * the follow-up list (回访) holds replied cases until the evaluation given on the call is recorded.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseEvents, cases, notifications, personalDataReads } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./actions/test-factory.js";
import { figurePredicates } from "../rates/figures.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const CATEGORY = "sanitation.garbage";

const as = (who: WorldRole | null, method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(who ? w.headers[who] : {}), "idempotency-key": `k-${Math.random()}` },
    ...(payload ? { payload } : {}),
  });

const hotline = (extra: object = {}) => ({
  channel: "hotline",
  categoryCode: CATEGORY,
  description: "来电反映小区门口垃圾没人清运",
  regionCode: w.village,
  reporter: { name: "李大爷", phone: "13811112222" },
  ...extra,
});

async function stored(id: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw new Error(`no case ${id}`);
  return row;
}

describe("answered on the spot (当场办结)", () => {
  it("files and closes the case in one step, the answer as its reply, held by the desk's unit", async () => {
    const res = await as(
      "operator",
      "POST",
      "/cases",
      hotline({ answeredOnSpot: { answer: "已告知清运时间为每天早上七点" } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: "closed", assignedUnit: { id: w.units.countyCentre } });
    const row = await stored(body.id);
    expect(row.status).toBe("closed");
    expect(row.leadOrgId).toBe(w.units.countyCentre);
    expect(row.respondedAt?.getTime()).toBe(row.createdAt.getTime());
    expect(row.repliedAt?.getTime()).toBe(row.createdAt.getTime());
    expect(row.closedAt?.getTime()).toBe(row.createdAt.getTime());
    expect(row.evaluatedAt).toBeNull();

    const events = await t.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, row.id))
      .orderBy(caseEvents.id);
    expect(events.map((e) => [e.action, e.toStatus])).toEqual([
      ["intake", "dispatched"],
      ["answer_on_spot", "closed"],
    ]);
    expect(events[1]?.note).toBe("已告知清运时间为每天早上七点");
    // Nobody else has work to do: the unit routing found is not told.
    const notices = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectType, "case"), eq(notifications.subjectId, row.id)));
    expect(notices).toEqual([]);

    // The rates: responded in time and replied on time; not evaluated, so outside resolution.
    const { figures } = figurePredicates(new Date());
    const [counted] = await t.database.db
      .select({
        responseDue: figures.responseRate.denominator ?? figures.responseRate.numerator,
        responded: figures.responseRate.numerator,
        onTime: figures.onTimeRate.numerator,
        evaluated: figures.resolutionRate.denominator ?? figures.resolutionRate.numerator,
        closed: figures.closed.numerator,
      })
      .from(cases)
      .where(eq(cases.id, row.id));
    expect(counted).toEqual({
      responseDue: true,
      responded: true,
      onTime: true,
      evaluated: false,
      closed: true,
    });

    // The resident's timeline shows the answer.
    const staffView = await as("operator", "GET", `/cases/${row.id}`);
    expect(staffView.statusCode).toBe(200);
    expect(staffView.body).toContain("已告知清运时间为每天早上七点");
  });

  it("is refused on a resident's own channel (400) and for roles without cases.intake (403)", async () => {
    const web = await as(null, "POST", "/cases", {
      ...hotline({ answeredOnSpot: { answer: "自己答复自己" } }),
      channel: "web",
    });
    expect(web.statusCode).toBe(400);
    expect(web.json().error.code).toBe("validation_failed");
    const patrol = await as("gridWorker", "POST", "/cases", {
      ...hotline({ answeredOnSpot: { answer: "巡查发现即办" } }),
      channel: "patrol",
    });
    expect(patrol.statusCode).toBe(400);
    const supervisor = await as(
      "supervisor",
      "POST",
      "/cases",
      hotline({ answeredOnSpot: { answer: "答复" } }),
    );
    expect(supervisor.statusCode).toBe(403);
    const empty = await as("operator", "POST", "/cases", hotline({ answeredOnSpot: { answer: " " } }));
    expect(empty.statusCode).toBe(400);
  });

  it("is a move the state table allows only from a new case's states", async () => {
    const { STATE_TABLE } = await import("./state-table.js");
    expect(STATE_TABLE.answer_on_spot).toMatchObject({
      from: ["triage", "dispatched"],
      to: ["closed"],
      offered: false,
    });
  });
});

describe("duplicate check while typing", () => {
  it("lists open cases of the category in the region that the desk may see", async () => {
    const db = t.database.db;
    const open = (
      await buildCase(db, { status: "dispatched", categoryCode: CATEGORY, regionCode: w.village })
    ).case;
    const closed = (await buildCase(db, { status: "closed", categoryCode: CATEGORY, regionCode: w.village }))
      .case;
    const otherCategory = (
      await buildCase(db, { status: "handling", categoryCode: "sanitation.toilet", regionCode: w.village })
    ).case;
    const ids = async (who: WorldRole, region: string) => {
      const res = await as(who, "GET", `/intake/duplicates?category=${CATEGORY}&region=${region}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((i) => i.id);
    };
    for (const who of ["operator", "dispatcher", "villageStaff"] as const) {
      const found = await ids(who, w.township);
      expect(found, who).toContain(open.id);
      expect(found).not.toContain(closed.id);
      expect(found).not.toContain(otherCategory.id);
    }
    // Another township's dispatcher does not see it; the list carries no personal data.
    expect(await ids("outsider", w.township)).not.toContain(open.id);
    const body = (await as("operator", "GET", `/intake/duplicates?category=${CATEGORY}&region=${w.village}`))
      .body;
    expect(body).not.toContain("13811112222");
  });

  it("needs cases.intake and a category and region", async () => {
    const url = `/intake/duplicates?category=${CATEGORY}&region=${w.village}`;
    expect((await as(null, "GET", url)).statusCode).toBe(401);
    expect((await as("supervisor", "GET", url)).statusCode).toBe(403);
    expect((await as("resident", "GET", url)).statusCode).toBe(403);
    const bad = await as("operator", "GET", `/intake/duplicates?region=${w.village}`);
    expect(bad.statusCode).toBe(400);
    expect(
      (await as("operator", "GET", `/intake/duplicates?category=${CATEGORY}&region=x1`)).statusCode,
    ).toBe(400);
  });
});

describe("the caller's earlier appeals", () => {
  it("come from the phone search, each case found a logged read of the caller's phone", async () => {
    const db = t.database.db;
    const earlier = (
      await buildCase(db, { status: "closed", reporterPhone: "139-0000-7777", regionCode: w.village })
    ).case;
    const res = await as("operator", "GET", "/cases?phone=13900007777&sort=created");
    expect(res.statusCode).toBe(200);
    expect((res.json().items as { id: string }[]).map((i) => i.id)).toEqual([earlier.id]);
    expect(res.body).not.toContain("7777");
    const reads = await db
      .select()
      .from(personalDataReads)
      .where(
        and(eq(personalDataReads.caseId, earlier.id), eq(personalDataReads.userId, w.users.operator.id)),
      );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ fields: "phone", reason: "search:phone" });
  });
});

describe("follow-up calls (回访)", () => {
  it("lists replied cases with their reply until the evaluation given on the call is recorded", async () => {
    const db = t.database.db;
    const replied = (
      await buildCase(db, {
        status: "handling",
        categoryCode: CATEGORY,
        regionCode: w.grid,
        assignedOrgId: w.units.gridPost,
        respondedAt: new Date(),
      })
    ).case;
    const reply = await as("gridWorker", "POST", `/cases/${replied.id}/actions/reply`, {
      result: "垃圾已清运完毕",
      version: replied.version,
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const waiting = (await buildCase(db, { status: "handling", regionCode: w.grid })).case;

    const list = await as("operator", "GET", "/follow-ups");
    expect(list.statusCode, list.body).toBe(200);
    const item = (
      list.json().items as { id: string; reply: string; version: number; repliedAt: string }[]
    ).find((i) => i.id === replied.id);
    expect(item).toMatchObject({ reply: "垃圾已清运完毕", version: reply.json().case.version });
    expect(item?.repliedAt).toBeTruthy();
    expect(list.body).not.toContain(waiting.id);
    // Out of the follow-up desk's scope, nothing; roles without cases.follow_up, 403.
    expect((await as("outsider", "GET", "/follow-ups")).body).not.toContain(replied.id);
    expect((await as("gridWorker", "GET", "/follow-ups")).statusCode).toBe(403);
    expect((await as(null, "GET", "/follow-ups")).statusCode).toBe(401);

    const evaluated = await as("operator", "POST", `/cases/${replied.id}/actions/evaluate`, {
      resolved: true,
      satisfaction: "satisfied",
      comment: "电话回访：满意",
      version: item?.version,
    });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const row = await stored(replied.id);
    expect(row).toMatchObject({ status: "closed", satisfaction: "satisfied", resolved: true });
    const [event] = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, replied.id), eq(caseEvents.action, "evaluate")));
    expect(event?.data).toMatchObject({ by: "follow_up" });
    expect((await as("operator", "GET", "/follow-ups")).body).not.toContain(replied.id);
  });
});
