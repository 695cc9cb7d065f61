import { and, eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/contracts/days.js";
import { cases, notifications, organisations, workflowEvents } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { readPdfText } from "../../../test/helpers/pdf.js";
import { buildCase, type WorldRole } from "../cases/actions/test-factory.js";
import { figurePredicates } from "../rates/figures.js";
import { runDisputeDeadlineScan } from "./deadline-scan.js";
import { DISPUTE_STATUSES, disputes } from "./schema.js";
import { loadDemoMediation } from "./demo-disputes.js";
import { DEMO_PASSWORD, seedDemoAccounts } from "../accounts/index.js";
import { buildWorld } from "../cases/actions/test-factory.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

const DAY = 86_400_000;

describe("mediation", () => {
  let t: TestApp;
  let w: MediationWorld;
  let phoneSeq = 0;
  /** A phone no other test uses, so the repeat-party rule stays out of tests that do not look for it. */
  const freshPhone = () => `1380000${String(1000 + ++phoneSeq).padStart(4, "0")}`;

  const walkIn = (overrides: Record<string, unknown> = {}) => ({
    source: "walk_in",
    regionCode: w.village,
    typeCode: "neighbour",
    facts: "两户因院墙滴水问题多次争吵。",
    parties: [
      { role: "applicant", name: "王大山", phone: freshPhone() },
      { role: "respondent", name: "赵小河", phone: freshPhone() },
    ],
    ...overrides,
  });
  const register = (who: WorldRole, body: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: { ...w.headers[who], ...headers },
      payload: body,
    });
  const act = (who: WorldRole, ref: string, action: string, body: object) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/mediation/disputes/${ref}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
  const ok = async (who: WorldRole, ref: string, action: string, body: object) => {
    const res = await act(who, ref, action, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json<{ version: number; status: string }>();
  };
  const view = (who: WorldRole, ref: string) =>
    t.app.inject({ url: `/api/v1/mediation/disputes/${ref}`, headers: w.headers[who] });
  const fresh = async (): Promise<{ id: string; number: string; version: number }> => {
    const res = await register("villageStaff", walkIn());
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
  });
  afterAll(async () => t.close());

  it("registers a walk-in at the village committee, once per Idempotency-Key", async () => {
    const body = walkIn({ amountInDispute: 1200.5 });
    const first = await register("villageStaff", body, { "idempotency-key": "walk-in-1" });
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<{ id: string; number: string; status: string; committeeName: string }>();
    expect(created.number).toMatch(/^\d{12}$/);
    expect(created.status).toBe("registered");
    expect(created.committeeName).toMatch(/人民调解委员会$/);
    const again = await register("villageStaff", body, { "idempotency-key": "walk-in-1" });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().id).toBe(created.id);
    const other = await register("villageStaff", walkIn(), { "idempotency-key": "walk-in-1" });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_mismatch");
    const [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, created.id));
    expect(row?.committeeId).toBe(w.committees.village);
    expect(row?.amountInDispute).toBe("1200.50");
  });

  it("lists applicants before respondents and others, whatever order they were typed in", async () => {
    const res = await register(
      "villageStaff",
      walkIn({
        parties: [
          { role: "other", name: "钱见证", phone: freshPhone() },
          { role: "respondent", name: "赵小河", phone: freshPhone() },
          { role: "applicant", name: "王大山", phone: freshPhone() },
          { role: "applicant", name: "王二山", phone: freshPhone() },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const page = await view("villageStaff", res.json<{ number: string }>().number);
    const parties = page.json<{ parties: { role: string; name: string }[] }>().parties;
    expect(parties.map((p) => `${p.role} ${p.name}`)).toEqual([
      "applicant 王大山",
      "applicant 王二山",
      "respondent 赵小河",
      "other 钱见证",
    ]);
  });

  it("refuses bad input with 400s and a place outside the scope with 404", async () => {
    const bad = await register("villageStaff", walkIn({ typeCode: "no_such_type" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("unknown_dispute_type");
    const noParties = await register("villageStaff", walkIn({ parties: [] }));
    expect(noParties.statusCode).toBe(400);
    const badPhone = await register(
      "villageStaff",
      walkIn({ parties: [{ role: "applicant", name: "甲", phone: "12" }] }),
    );
    expect(badPhone.statusCode).toBe(400);
    const outside = await register("villageStaff", walkIn({ regionCode: w.township }));
    expect(outside.statusCode).toBe(404);
    expect((await register("resident", walkIn())).statusCode).toBe(403);
  });

  it("refuses days and times of things that have not happened yet (400 naming the field)", async () => {
    const d = await fresh();
    let v = d.version;
    v = (await ok("villageStaff", d.number, "assign", { version: v, mediatorId: w.mediators.villageStaff }))
      .version;
    v = (await ok("villageStaff", d.number, "accept", { version: v })).version;
    const session = {
      version: v,
      place: "村委会调解室",
      participants: "双方当事人",
      notes: "约定下次再谈。",
    };
    const fieldOf = async (action: string, body: object) => {
      const res = await act("villageStaff", d.number, action, body);
      expect(res.statusCode, res.body).toBe(400);
      return res.json<{ error: { details: { field: string }[] } }>().error.details.map((x) => x.field);
    };
    const inThreeDays = new Date(Date.now() + 3 * DAY).toISOString();
    expect(await fieldOf("record_session", { ...session, heldAt: inThreeDays })).toEqual(["body.heldAt"]);
    expect(await fieldOf("record_session", { ...session, heldAt: "0001-01-01T00:00:00Z" })).toEqual([
      "body.heldAt",
    ]);
    const tomorrow = chinaToday(new Date(Date.now() + DAY));
    expect(
      await fieldOf("refer", {
        version: v,
        channel: "litigation",
        receivingBody: "安次区人民法院",
        referredOn: tomorrow,
      }),
    ).toEqual(["body.referredOn"]);
    // A session held half an hour from now (written down just before it starts) is taken.
    await ok("villageStaff", d.number, "record_session", {
      ...session,
      heldAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    });
  });

  it("runs the whole lifecycle: assign, accept, two sessions, one extension, written agreement, PDF, follow-up, judicial confirmation, archive", async () => {
    const d = await fresh();
    let v = d.version;
    v = (await ok("villageStaff", d.number, "assign", { version: v, mediatorId: w.mediators.villageStaff }))
      .version;
    const accepted = await ok("villageStaff", d.number, "accept", { version: v });
    expect(accepted.status).toBe("accepted");
    v = accepted.version;
    for (const [i, place] of ["村委会调解室", "当事人家中"].entries()) {
      const s = await ok("villageStaff", d.number, "record_session", {
        version: v,
        heldAt: new Date(Date.now() - (2 - i) * DAY).toISOString(),
        place,
        participants: "王大山、赵小河、村调解员",
        notes: `第${i + 1}次调解：双方陈述了各自意见。`,
      });
      expect(s.status).toBe("in_mediation");
      v = s.version;
    }
    const before = (await view("villageStaff", d.number)).json<{ dueAt: string }>().dueAt;
    v = (
      await ok("villageStaff", d.number, "extend", {
        version: v,
        days: 15,
        consent: "双方当事人同意延期，已签字",
      })
    ).version;
    const after = (await view("villageStaff", d.number)).json<{ dueAt: string }>().dueAt;
    expect(new Date(after).getTime() - new Date(before).getTime()).toBe(15 * DAY);
    const twice = await act("villageStaff", d.number, "extend", { version: v, days: 5, consent: "再次同意" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("extension_used");
    const settled = await ok("villageStaff", d.number, "settle", {
      version: v,
      form: "written",
      matters: "院墙滴水损坏对方墙体的赔偿问题",
      agreed: "王大山于协议签订后十日内自费加装排水槽，并赔偿赵小河墙体修缮费800元。",
      performanceManner: "一次性现金支付",
      performanceDueOn: "2027-01-10",
    });
    expect(settled.status).toBe("settled_written");
    v = settled.version;

    const pdf = await t.app.inject({
      url: `/api/v1/mediation/disputes/${d.number}/agreement.pdf`,
      headers: w.headers.villageStaff,
    });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const text = await readPdfText(pdf.rawPayload);
    for (const needle of [
      "人民调解协议书",
      "王大山",
      "赵小河",
      "两户因院墙滴水问题多次争吵。",
      "院墙滴水损坏对方墙体的赔偿问题",
      "赔偿赵小河墙体修缮费800元",
      "一次性现金支付",
      "2027年1月10日",
      "司法确认",
      "印章",
    ]) {
      expect(text.squeezed, needle).toContain(needle.replace(/\s/g, ""));
    }
    expect(text.squeezed).not.toMatch(/1380000\d{4}/);

    const followed = await ok("villageStaff", d.number, "record_follow_up", {
      version: v,
      followedOn: chinaToday(),
      performed: "yes",
      notes: "排水槽已装好，赔偿已付清。",
    });
    expect(followed.status).toBe("follow_up");
    v = followed.version;
    const decidedFirst = await act("villageStaff", d.number, "record_judicial_confirmation", {
      version: v,
      appliedOn: chinaToday(),
      court: "安次区人民法院",
      decision: "confirmed",
      decidedOn: "2026-01-01",
    });
    expect(decidedFirst.statusCode).toBe(400);
    expect(decidedFirst.json().error.details[0].field).toBe("body.decidedOn");
    v = (
      await ok("villageStaff", d.number, "record_judicial_confirmation", {
        version: v,
        appliedOn: chinaToday(),
        court: "安次区人民法院",
        decision: "confirmed",
        decidedOn: chinaToday(),
      })
    ).version;
    const archived = await ok("villageStaff", d.number, "archive", { version: v });
    expect(archived.status).toBe("archived");

    const detail = (await view("villageStaff", d.number)).json<{
      sessions: unknown[];
      agreement: { form: string };
      followUps: unknown[];
      judicialConfirmation: { decision: string };
      parties: { name: string; phone: string }[];
      timeline: { action: string }[];
      allowedActions: string[];
    }>();
    expect(detail.sessions).toHaveLength(2);
    expect(detail.agreement.form).toBe("written");
    expect(detail.followUps).toHaveLength(1);
    expect(detail.judicialConfirmation.decision).toBe("confirmed");
    expect(detail.parties[0]?.name).toBe("王大山");
    expect(detail.parties[0]?.phone).toMatch(/^138\*{4}\d{4}$/);
    expect(detail.timeline.map((e) => e.action)).toEqual([
      "register",
      "assign",
      "accept",
      "record_session",
      "record_session",
      "extend",
      "settle",
      "record_follow_up",
      "record_judicial_confirmation",
      "archive",
    ]);
    expect(detail.allowedActions).toEqual(["record_judicial_confirmation"]);
  });

  it("offers each person the actions the state table and their place allow them on this dispute", async () => {
    const offered = async (who: WorldRole, ref: string) => {
      const res = await view(who, ref);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ allowedActions: string[] }>().allowedActions;
    };
    const d = await fresh();
    // The village mediator answers the committee's dispute; the township dispatcher (a mediator of
    // another committee) may assign or escalate it but not accept it in the village's stead.
    expect(await offered("villageStaff", d.number)).toEqual([
      "assign",
      "accept",
      "decline",
      "escalate",
      "change_risk",
    ]);
    expect(await offered("dispatcher", d.number)).toEqual(["assign", "escalate", "change_risk"]);
    expect(await offered("operator", d.number)).toEqual([]);
    // …and the server refuses what it was not offered.
    const notHis = await act("dispatcher", d.number, "accept", { version: d.version });
    expect(notHis.statusCode).toBe(403);
    expect(notHis.json().error.code).toBe("not_committee_mediator");
    let v = (await ok("villageStaff", d.number, "accept", { version: d.version })).version;
    expect(await offered("villageStaff", d.number)).toEqual([
      "escalate",
      "record_session",
      "extend",
      "change_risk",
      "refer",
    ]);
    v = (await ok("villageStaff", d.number, "extend", { version: v, days: 5, consent: "双方同意" })).version;
    expect(await offered("villageStaff", d.number)).not.toContain("extend");
    v = (
      await ok("villageStaff", d.number, "record_session", {
        version: v,
        heldAt: new Date().toISOString(),
        place: "调解室",
        participants: "双方",
        notes: "达成一致",
      })
    ).version;
    await ok("villageStaff", d.number, "settle", {
      version: v,
      form: "oral",
      matters: "滴水",
      agreed: "加装排水槽",
      performanceManner: "一周内完成",
    });
    // An oral agreement has nothing for a court to confirm.
    expect(await offered("villageStaff", d.number)).toEqual(["change_risk", "record_follow_up"]);
  });

  it("shows a grid worker, who mediates in no committee, the disputes of their grid", async () => {
    const res = await register("villageStaff", walkIn({ regionCode: w.grid }));
    const { number } = res.json<{ number: string }>();
    const list = (who: WorldRole, mine: boolean) =>
      t.app
        .inject({ url: `/api/v1/mediation/disputes?mine=${mine}&pageSize=200`, headers: w.headers[who] })
        .then((r) => r.json<{ isMediator: boolean; items: { number: string }[] }>());
    const grid = await list("gridWorker", false);
    expect(grid.isMediator).toBe(false);
    expect(grid.items.map((d) => d.number)).toContain(number);
    expect((await list("gridWorker", true)).items).toEqual([]);
    expect((await list("villageStaff", true)).isMediator).toBe(true);
  });

  it("masks party names for roles that do not mediate", async () => {
    const d = await fresh();
    const res = await view("operator", d.number);
    expect(res.statusCode).toBe(200);
    const parties = res.json<{ parties: { name: string; phone: string }[] }>().parties;
    expect(parties[0]?.name).toBe("王**");
    expect(parties[0]?.phone).toMatch(/^138\*{4}/);
  });

  it("refuses a stale version (409 stale_dispute) and a move the state does not allow (409 illegal_transition)", async () => {
    const d = await fresh();
    const v = (await ok("villageStaff", d.number, "accept", { version: d.version })).version;
    const stale = await act("villageStaff", d.number, "record_session", {
      version: v - 1,
      heldAt: new Date().toISOString(),
      place: "村委会",
      participants: "双方",
      notes: "记录",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_dispute");
    expect(stale.json().error.details.status).toBe("accepted");
    const illegal = await act("villageStaff", d.number, "settle", {
      version: v,
      form: "oral",
      matters: "a",
      agreed: "b",
      performanceManner: "c",
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.code).toBe("illegal_transition");
    expect(illegal.json().error.details.allowedActions).toContain("record_session");
    const pdf = await t.app.inject({
      url: `/api/v1/mediation/disputes/${d.number}/agreement.pdf`,
      headers: w.headers.villageStaff,
    });
    expect(pdf.statusCode).toBe(409);
  });

  it("answers 404 outside the scope, for reads, actions and the agreement", async () => {
    const d = await fresh();
    expect((await view("outsider", d.number)).statusCode).toBe(404);
    expect((await act("outsider", d.number, "accept", { version: d.version })).statusCode).toBe(404);
    const list = await t.app.inject({ url: "/api/v1/mediation/disputes", headers: w.headers.outsider });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(d.number);
    const mine = await t.app.inject({
      url: "/api/v1/mediation/disputes?mine=true",
      headers: w.headers.villageStaff,
    });
    expect(mine.body).toContain(d.number);
  });

  it("declines back to the committee, assigns only the committee's mediators, escalates to the township committee", async () => {
    const d = await fresh();
    let v = (
      await ok("villageStaff", d.number, "assign", { version: d.version, mediatorId: w.mediators.leader })
    ).version;
    const elsewhere = await act("villageStaff", d.number, "assign", {
      version: v,
      mediatorId: w.mediators.dispatcher,
    });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.code).toBe("mediator_elsewhere");
    const noReason = await act("villageStaff", d.number, "decline", { version: v });
    expect(noReason.statusCode).toBe(400);
    v = (await ok("villageStaff", d.number, "decline", { version: v, reason: "与当事人有亲属关系，需回避" }))
      .version;
    let [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, d.id));
    expect(row?.mediatorId).toBeNull();
    expect(row?.status).toBe("registered");
    v = (await ok("villageStaff", d.number, "accept", { version: v })).version;
    const up = await ok("villageStaff", d.number, "escalate", {
      version: v,
      reason: "涉及两村土地，村里调不了",
    });
    expect(up.status).toBe("registered");
    [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, d.id));
    expect(row?.committeeId).toBe(w.committees.township);
    expect(row?.dueAt).toBeNull();
    const again = await act("dispatcher", d.number, "escalate", { version: up.version, reason: "再上" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("no_higher_committee");
    expect((await ok("dispatcher", d.number, "accept", { version: up.version })).status).toBe("accepted");
    // The notices carry the reason as the person's own words, so the bell shows it in English too.
    const notes = await t.database.db
      .select({ kind: notifications.kind, data: notifications.data })
      .from(notifications)
      .where(eq(notifications.subjectId, d.id));
    expect(notes.find((n) => n.kind === "dispute_declined")?.data).toEqual({
      note: "与当事人有亲属关系，需回避",
    });
    expect(notes.find((n) => n.kind === "dispute_escalated")?.data).toEqual({
      note: "涉及两村土地，村里调不了",
    });
  });

  it("raises the risk when the same party comes back within the window and alerts the township centre and the police", async () => {
    const phone = "13911112222";
    const body = () =>
      walkIn({
        parties: [
          { role: "applicant", name: "孙一", phone },
          { role: "respondent", name: "周二", phone: freshPhone() },
        ],
      });
    const first = (await register("villageStaff", body())).json<{ riskLevel: string; repeatOf: string[] }>();
    expect(first.riskLevel).toBe("general");
    const second = (await register("villageStaff", body())).json<{
      id: string;
      riskLevel: string;
      repeatOf: string[];
    }>();
    expect(second.riskLevel).toBe("significant");
    expect(second.repeatOf).toHaveLength(1);
    const third = (await register("villageStaff", body())).json<{ riskLevel: string; repeatOf: string[] }>();
    expect(third.riskLevel).toBe("major");
    const alerts = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.recipientOrgId, w.units.townshipCentre),
          eq(notifications.kind, "dispute_repeat_parties"),
          eq(notifications.subjectId, second.id),
        ),
      );
    expect(alerts).toHaveLength(1);
    // The county's police liaison (its public security department) is told too.
    const [police] = await t.database.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.departmentType, "public_security"), eq(organisations.regionCode, w.county)),
      );
    if (!police) throw new Error("fixture: no police in the county");
    const told = await t.database.db
      .select({ kind: notifications.kind, subjectId: notifications.subjectId })
      .from(notifications)
      .where(eq(notifications.recipientOrgId, police.id));
    expect(told).toContainEqual({ kind: "dispute_repeat_parties", subjectId: second.id });
    // A major dispute of new parties alerts both as well; a general one of new parties neither.
    const major = (await register("villageStaff", walkIn({ riskLevel: "major" }))).json<{ id: string }>();
    const general = (await register("villageStaff", walkIn())).json<{ id: string }>();
    const riskAlerts = await t.database.db
      .select({
        org: notifications.recipientOrgId,
        kind: notifications.kind,
        subjectId: notifications.subjectId,
      })
      .from(notifications)
      .where(
        and(
          sql`${notifications.subjectId} in (${major.id}, ${general.id})`,
          sql`${notifications.kind} in ('dispute_major_risk', 'dispute_repeat_parties')`,
        ),
      );
    expect(riskAlerts).toEqual(
      expect.arrayContaining([
        { org: w.units.townshipCentre, kind: "dispute_major_risk", subjectId: major.id },
        { org: police.id, kind: "dispute_major_risk", subjectId: major.id },
      ]),
    );
    expect(riskAlerts).toHaveLength(2);
  });

  it("converts an appeal: the case ends as transferred to mediation, and no rate counts it", async () => {
    const { case: c } = await buildCase(t.database.db, {
      regionCode: w.village,
      description: "邻居家狗夜里一直叫，沟通无果。",
      responseDueAt: new Date(Date.now() - 3_600_000),
    });
    const now = new Date();
    const preds = figurePredicates(now).figures;
    const countWhere = async (pred: SQL | null) =>
      (
        await t.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(and(eq(cases.id, c.id), pred ?? undefined))
      )[0]?.n;
    expect(await countWhere(preds.responseRate.denominator)).toBe(1);

    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes/from-case",
      headers: { ...w.headers.villageStaff, "idempotency-key": "from-case-1" },
      payload: {
        caseRef: c.number,
        caseVersion: c.version,
        typeCode: "neighbour",
        parties: [{ role: "applicant", name: "钱三", phone: freshPhone() }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string }>();
    const [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, created.id));
    expect(row?.source).toBe("appeal");
    expect(row?.caseId).toBe(c.id);
    expect(row?.facts).toBe("邻居家狗夜里一直叫，沟通无果。");
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, c.id));
    expect(after?.status).toBe("rejected");
    const [event] = await t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, c.id), eq(workflowEvents.action, "transfer_to_mediation")));
    expect(event?.data).toMatchObject({ reason: "transferred_to_mediation", disputeId: created.id });
    // The three rates: not in the response rate's denominator, never evaluated.
    expect(await countWhere(preds.responseRate.denominator)).toBe(0);
    expect(await countWhere(preds.resolutionRate.denominator)).toBe(0);
    expect(await countWhere(preds.satisfactionRate.denominator)).toBe(0);
    expect(await countWhere(preds.onTimeRate.denominator)).toBe(0);
    expect(await countWhere(preds.overdue.numerator)).toBe(0);
    // Converting it again: the case is no longer open.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes/from-case",
      headers: w.headers.villageStaff,
      payload: { caseRef: c.number, typeCode: "neighbour", parties: [{ role: "applicant", name: "钱三" }] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("illegal_transition");
    // Another county's dispatcher cannot see the case.
    const { case: other } = await buildCase(t.database.db, { regionCode: w.village });
    const outside = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes/from-case",
      headers: w.headers.outsider,
      payload: {
        caseRef: other.number,
        typeCode: "neighbour",
        parties: [{ role: "applicant", name: "钱三" }],
      },
    });
    expect(outside.statusCode).toBe(404);
    // A reference that is neither an id nor a case number: 400 naming it (it was a 500).
    for (const caseRef of ["abc", "12345", "2612070000011"]) {
      const malformed = await t.app.inject({
        method: "POST",
        url: "/api/v1/mediation/disputes/from-case",
        headers: w.headers.villageStaff,
        payload: { caseRef, typeCode: "neighbour", parties: [{ role: "applicant", name: "钱三" }] },
      });
      expect(malformed.statusCode, caseRef).toBe(400);
      expect(malformed.json().error.details[0].field).toBe("body.caseRef");
    }
  });

  it("marks warnings, overdue, follow-ups due and judicial reminders exactly once, also with scans racing", async () => {
    const d = await fresh();
    let v = (await ok("villageStaff", d.number, "accept", { version: d.version })).version;
    const s = await fresh();
    let sv = (await ok("villageStaff", s.number, "accept", { version: s.version })).version;
    sv = (
      await ok("villageStaff", s.number, "record_session", {
        version: sv,
        heldAt: new Date().toISOString(),
        place: "村委会",
        participants: "双方",
        notes: "达成一致",
      })
    ).version;
    await ok("villageStaff", s.number, "settle", {
      version: sv,
      form: "written",
      matters: "m",
      agreed: "a",
      performanceManner: "p",
    });
    const later = new Date(Date.now() + 31 * DAY);
    const runs = await Promise.all(
      [1, 2, 3].map(() => runDisputeDeadlineScan(t.database.db, { now: later, batchSize: 1 })),
    );
    const sum = (k: "warnings" | "overdue" | "followUpsDue" | "judicialReminders") =>
      runs.reduce((n, r) => n + r[k], 0);
    expect(sum("warnings")).toBeGreaterThanOrEqual(1);
    const again = await runDisputeDeadlineScan(t.database.db, { now: later });
    expect(again).toMatchObject({ warnings: 0, overdue: 0, followUpsDue: 0, judicialReminders: 0 });
    const marks = async (id: string, action: string) =>
      (
        await t.database.db
          .select()
          .from(workflowEvents)
          .where(and(eq(workflowEvents.subjectId, id), eq(workflowEvents.action, action)))
      ).length;
    expect(await marks(d.id, "deadline_warning")).toBe(1);
    expect(await marks(d.id, "deadline_overdue")).toBe(1);
    expect(await marks(s.id, "follow_up_due")).toBe(1);
    expect(await marks(s.id, "judicial_reminder")).toBe(1);
    // Marks do not bump the version: the mediator's next action is not a 409.
    v = (
      await ok("villageStaff", d.number, "record_session", {
        version: v,
        heldAt: new Date().toISOString(),
        place: "村委会",
        participants: "双方",
        notes: "超期后继续调解",
      })
    ).version;
    const mediatorInbox = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectId, d.id), eq(notifications.kind, "dispute_deadline_overdue")));
    expect(mediatorInbox.length).toBeGreaterThanOrEqual(1);
    // An extension re-arms the marks for the new deadline.
    await ok("villageStaff", d.number, "extend", { version: v, days: 10, consent: "双方同意" });
    const reArmed = await runDisputeDeadlineScan(t.database.db, { now: new Date(Date.now() + 36 * DAY) });
    expect(reArmed).toMatchObject({ warnings: 1, overdue: 0 });
  });
});

describe("mediation demo step", () => {
  it("makes committees, mediators and disputes in every state through the actions, once", async () => {
    const t = await buildTestApp();
    try {
      // The demo county's regions and units (the case world), and the demo accounts.
      await buildWorld(t);
      await seedDemoAccounts(t.database.db);
      const lines = await loadDemoMediation(t.database.db);
      expect(lines.join(" ")).toMatch(/disputes in every state/);
      const rows = await t.database.db.select({ status: disputes.status }).from(disputes);
      const states = new Set(rows.map((r) => r.status));
      for (const s of DISPUTE_STATUSES) expect(states, s).toContain(s);
      expect(await loadDemoMediation(t.database.db)).toEqual([]);

      // The workbench lists what waits on someone first: a new dispute (no deadline yet) before
      // those being mediated, and the archived last.
      const login = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "admin", password: DEMO_PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === "mg_session")?.value ?? "";
      const list = await t.app.inject({
        url: "/api/v1/mediation/disputes?pageSize=200",
        cookies: { mg_session: cookie },
      });
      expect(list.statusCode).toBe(200);
      const order = (list.json() as { items: { status: string }[] }).items.map((d) => d.status);
      expect(order[0]).toBe("registered");
      expect(order.lastIndexOf("registered")).toBeLessThan(order.indexOf("in_mediation"));
      expect(order.indexOf("archived")).toBe(order.length - order.filter((s) => s === "archived").length);
    } finally {
      await t.close();
    }
  });
});
