import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attachments,
  caseEvents,
  caseExtensions,
  caseWhistles,
  cases,
  notifications,
  organisations,
  settings,
} from "../../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../../test/helpers/app.js";
import { intakeCase } from "../intake.js";
import type { ActionResult } from "./schemas.js";
import { buildCase, buildWorld, type World, type WorldRole } from "./test-factory.js";

describe("case lifecycle actions", () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const act = (who: WorldRole, ref: string, action: string, body: object = {}) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${ref}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
  const ok = async (
    who: WorldRole,
    ref: string,
    action: string,
    body: object = {},
  ): Promise<ActionResult> => {
    const res = await act(who, ref, action, body);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json() as ActionResult;
  };
  const notices = (where: { orgId?: string; userId?: string; caseId?: string }) =>
    t.database.db
      .select()
      .from(notifications)
      .where(
        and(
          where.orgId ? eq(notifications.recipientOrgId, where.orgId) : undefined,
          where.userId ? eq(notifications.recipientUserId, where.userId) : undefined,
          where.caseId ? eq(notifications.subjectId, where.caseId) : undefined,
        ),
      );

  it("plays the grid-level loop: dispatch, respond, reply, verify, the reporter rates, closed", async () => {
    const { case: c } = await buildCase(t.database.db, { reporterUserId: w.users.resident.id });
    const dispatched = await ok("dispatcher", c.number, "dispatch", {
      orgId: w.units.gridPost,
      version: c.version,
    });
    expect(dispatched.case).toMatchObject({
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
      leadOrgId: w.units.gridPost,
      handlingLevel: "grid",
    });
    expect(dispatched.event.actorOrgId).toBe(w.units.townshipCentre);
    expect((await notices({ orgId: w.units.gridPost, caseId: c.id })).map((n) => n.kind)).toContain(
      "dispatch",
    );

    const responded = await ok("gridWorker", c.id, "respond", { contactMethod: "phone", note: "已电话联系" });
    expect(responded.case.status).toBe("handling");
    expect(responded.case.respondedAt).not.toBeNull();
    const again = await ok("gridWorker", c.id, "respond", { contactMethod: "visit" });
    expect(again.case.respondedAt).toBe(responded.case.respondedAt);

    const [photo] = await t.database.db
      .insert(attachments)
      .values({
        sha256: "0".repeat(64),
        mime: "image/jpeg",
        bytes: 1,
        width: 1,
        height: 1,
        storagePath: "x",
        thumbPath: "y",
        // The grid worker's own photo: only its uploader may attach it.
        uploadedByUserId: w.users.gridWorker.id,
      })
      .returning();
    const replied = await ok("gridWorker", c.id, "reply", {
      result: "已更换灯泡",
      attachmentIds: [photo?.id],
    });
    expect(replied.case).toMatchObject({ status: "replied", solvedLevel: "grid" });
    const [claimed] = await t.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.id, photo?.id ?? ""));
    expect(claimed).toMatchObject({ subjectType: "case", subjectId: c.id, eventId: replied.event.id });
    expect(replied.case.repliedAt).not.toBeNull();
    expect((await notices({ userId: w.users.resident.id, caseId: c.id })).map((n) => n.kind)).toContain(
      "reply",
    );

    const verified = await ok("villageStaff", c.id, "verify", { passed: true });
    expect(verified.case.status).toBe("replied");
    expect(verified.case.verifiedAt).not.toBeNull();

    const closed = await ok("resident", c.number, "evaluate", { resolved: true, satisfaction: "satisfied" });
    expect(closed.case).toMatchObject({ status: "closed", resolved: true, satisfaction: "satisfied" });
    expect(closed.case.closedAt).not.toBeNull();
    expect(closed.event.data).toMatchObject({ by: "reporter" });
  });

  it("plays the village-level loop, rated by an operator on a follow-up call", async () => {
    const { case: c } = await buildCase(t.database.db, { regionCode: w.village });
    const d = await ok("dispatcher", c.id, "dispatch", { orgId: w.units.villageCommittee });
    expect(d.case.handlingLevel).toBe("village");
    await ok("villageStaff", c.id, "respond", { contactMethod: "visit" });
    const r = await ok("villageStaff", c.id, "reply", { result: "已调解" });
    expect(r.case.solvedLevel).toBe("village");
    const e = await ok("operator", c.id, "evaluate", { resolved: true, satisfaction: "basically_satisfied" });
    expect(e.case.status).toBe("closed");
    expect(e.event.data).toMatchObject({ by: "follow_up" });
  });

  it("plays the township-level loop, rated anonymously through the tracking code", async () => {
    const { case: c, trackingCode } = await buildCase(t.database.db, { withTrackingCode: true });
    await ok("dispatcher", c.id, "dispatch", { orgId: w.units.townshipCentre });
    await ok("dispatcher", c.id, "respond", { contactMethod: "phone" });
    const r = await ok("dispatcher", c.id, "reply", { result: "已协调处理" });
    expect(r.case.solvedLevel).toBe("township");
    expect(await notices({ caseId: c.id })).toContainEqual(
      expect.objectContaining({ kind: "reply", recipientCaseId: c.id, recipientUserId: null }),
    );
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/track/${(trackingCode ?? "").toLowerCase()}/evaluate`,
      payload: { resolved: true, satisfaction: "satisfied", comment: "很快" },
    });
    expect(res.statusCode, res.body).toBe(200);
    // The answer is the public tracking view: the rating, and nothing internal.
    expect(res.json()).toMatchObject({
      number: c.number,
      status: "closed",
      evaluation: { resolved: true, satisfaction: "satisfied" },
    });
    expect(res.body).not.toContain(c.id);
    const [rating] = await t.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.action, "evaluate")));
    expect(rating?.data).toMatchObject({ by: "tracking_code" });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/track/ZZZZ-ZZZZ-ZZ/evaluate",
      payload: { resolved: true, satisfaction: "satisfied" },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("plays the department loop from intake and closes a case whose resident cannot be reached", async () => {
    const intake = await intakeCase(t.database.db, {
      channel: "hotline",
      categoryCode: "sanitation.toilet",
      description: "公厕水管坏了",
      regionCode: w.village,
    });
    const c = intake.case;
    expect(c).toMatchObject({
      status: "dispatched",
      assignedOrgId: w.units.urbanDept,
      handlingLevel: "department",
    });
    await ok("urbanHandler", c.number, "respond", { contactMethod: "phone" });
    const r = await ok("urbanHandler", c.number, "reply", { result: "已维修" });
    expect(r.case.solvedLevel).toBe("department");
    const closed = await ok("operator", c.number, "close", { note: "三次回访未接通" });
    expect(closed.case.status).toBe("closed");
    expect(closed.case.satisfaction).toBeNull();
  });

  it("sends a wrongly dispatched case back to the township centre, which is told", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
      leadOrgId: w.units.gridPost,
      handlingLevel: "grid",
    });
    const back = await ok("gridWorker", c.id, "send_back", { reason: "不属于本网格" });
    expect(back.case).toMatchObject({
      status: "triage",
      assignedOrgId: w.units.townshipCentre,
      handlingLevel: null,
    });
    expect((await notices({ orgId: w.units.townshipCentre, caseId: c.id })).map((n) => n.kind)).toContain(
      "send_back",
    );
    // A department sends back to its county centre.
    const { case: d } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.urbanDept,
    });
    const deptBack = await ok("urbanHandler", d.id, "send_back", { reason: "应由住建部门办理" });
    expect(deptBack.case.assignedOrgId).toBe(w.units.countyCentre);
    const redone = await ok("countyDispatcher", d.id, "dispatch", { orgId: w.units.housingDept });
    expect(redone.case.assignedOrgId).toBe(w.units.housingDept);
  });

  it("escalates grid → village → township → county, the first unit staying the lead", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
      leadOrgId: w.units.gridPost,
      handlingLevel: "grid",
    });
    const one = await ok("gridWorker", c.id, "escalate", { reason: "需村里协调。" });
    expect(one.case).toMatchObject({
      status: "dispatched",
      assignedOrgId: w.units.villageCommittee,
      handlingLevel: "village",
      leadOrgId: w.units.gridPost,
    });
    const two = await ok("villageStaff", c.id, "escalate", { reason: "村里协调不了" });
    expect(two.case).toMatchObject({ assignedOrgId: w.units.townshipCentre, handlingLevel: "township" });
    const three = await ok("dispatcher", c.id, "escalate", { reason: "需县里统筹" });
    expect(three.case).toMatchObject({ assignedOrgId: w.units.countyCentre, leadOrgId: w.units.gridPost });
    expect((await notices({ orgId: w.units.countyCentre, caseId: c.id })).map((n) => n.kind)).toContain(
      "escalate",
    );
    // The unit above is told why, in one sentence (the reason's own "。" is not doubled).
    const toVillage = (await notices({ orgId: w.units.villageCommittee, caseId: c.id })).find(
      (n) => n.kind === "escalate",
    );
    expect(toVillage?.body).toMatch(/理由：需村里协调。$/);
    const noReason = await act("villageStaff", c.id, "escalate", { reason: " " });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe("body.reason");
    const missing = await act("villageStaff", c.id, "escalate", {});
    expect(missing.json().error.details[0]).toMatchObject({
      field: "body.reason",
      message: "reason is required",
    });
    // The grid worker still sees the case in their grid but no longer works it.
    const stale = await act("gridWorker", c.id, "escalate", { reason: "再上报" });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.code).toBe("not_assigned_unit");
  });

  it("whistles departments in; each reports once, and a stranger department cannot", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "handling",
      assignedOrgId: w.units.townshipCentre,
      regionCode: w.village,
    });
    const whistled = await ok("dispatcher", c.id, "whistle", {
      orgIds: [w.units.urbanDept],
      note: "占道经营",
      reportWithinHours: 2,
    });
    expect(whistled.case.status).toBe("handling");
    expect((await notices({ orgId: w.units.urbanDept, caseId: c.id })).map((n) => n.kind)).toContain(
      "whistle",
    );
    expect(
      (await act("dispatcher", c.id, "whistle", { orgIds: [w.units.urbanDept] })).json().error.code,
    ).toBe("already_whistled");
    expect(
      (await act("dispatcher", c.id, "whistle", { orgIds: [w.units.otherTownshipCentre] })).statusCode,
    ).toBe(404);
    // The housing department was not whistled: it does not even see the case.
    expect((await act("housingHandler", c.id, "report", {})).statusCode).toBe(404);
    const reported = await ok("urbanHandler", c.id, "report", { note: "已到场" });
    expect(reported.event.actorOrgId).toBe(w.units.urbanDept);
    const [row] = await t.database.db.select().from(caseWhistles).where(eq(caseWhistles.caseId, c.id));
    expect(row?.reportedAt).not.toBeNull();
    expect(row?.reportNote).toBe("已到场");
    expect((await act("urbanHandler", c.id, "report", {})).json().error.code).toBe("already_reported");
    // The case page shows the whistle as stored, its times exact, and the events in order.
    const page = (await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: w.headers.dispatcher })).json();
    const [dept] = await t.database.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, w.units.urbanDept));
    expect(page.whistles).toEqual([
      {
        id: row?.id,
        unit: { id: w.units.urbanDept, name: dept?.name },
        reportDueAt: row?.reportDueAt.toISOString(),
        reportedAt: row?.reportedAt?.toISOString(),
        reportNote: "已到场",
        overdue: false,
      },
    ]);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(page.timeline.map((e: { at: string; action: string }) => [e.at, e.action])).toEqual(
      events.sort((a, b) => a.id - b.id).map((e) => [e.at.toISOString(), e.action]),
    );
    expect(page.timeline.slice(-2).map((e: { unit: { name: string } }) => e.unit.name)).toEqual([
      expect.any(String),
      dept?.name,
    ]);
  });

  it("approves an extension (the deadline moves) and denies one (it stays)", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "handling",
      assignedOrgId: w.units.gridPost,
    });
    const due = c.handleDueAt?.getTime() ?? 0;
    const asked = await ok("gridWorker", c.id, "request_extension", { extraHours: 24, reason: "等待配件" });
    const extensionId = (asked.event.data as { extensionId: string }).extensionId;
    expect(
      (await act("gridWorker", c.id, "request_extension", { extraHours: 2, reason: "x" })).statusCode,
    ).toBe(409);
    const board = await t.app.inject({
      url: "/api/v1/supervision/extensions",
      headers: w.headers.supervisor,
    });
    expect(board.json().items.map((e: { id: string }) => e.id)).toContain(extensionId);
    expect(
      (await act("gridWorker", c.id, "decide_extension", { extensionId, decision: "approved" })).statusCode,
    ).toBe(403);
    const approved = await ok("supervisor", c.id, "decide_extension", { extensionId, decision: "approved" });
    expect(new Date(approved.case.handleDueAt ?? 0).getTime()).toBe(due + 24 * 3_600_000);
    const twice = await act("supervisor", c.id, "decide_extension", { extensionId, decision: "denied" });
    expect(twice.json().error.code).toBe("extension_decided");
    expect((await notices({ orgId: w.units.gridPost, caseId: c.id })).map((n) => n.kind)).toContain(
      "decide_extension",
    );

    const second = await ok("gridWorker", c.id, "request_extension", { extraHours: 48, reason: "再等等" });
    const denied = await ok("supervisor", c.id, "decide_extension", {
      extensionId: (second.event.data as { extensionId: string }).extensionId,
      decision: "denied",
    });
    expect(denied.case.handleDueAt).toBe(approved.case.handleDueAt);
    // The case page lists both requests in the order asked, with their decisions and times.
    const page = (await t.app.inject({ url: `/api/v1/cases/${c.id}`, headers: w.headers.supervisor })).json();
    const stored = await t.database.db
      .select()
      .from(caseExtensions)
      .where(eq(caseExtensions.caseId, c.id))
      .orderBy(asc(caseExtensions.createdAt));
    expect(page.extensions).toEqual(
      stored.map((x) => ({
        id: x.id,
        unit: { id: w.units.gridPost, name: expect.stringMatching(/\S/) },
        extraHours: x.extraHours,
        reason: x.reason,
        decision: x.decision,
        decidedAt: x.decidedAt?.toISOString(),
        createdAt: x.createdAt.toISOString(),
      })),
    );
    expect(page.extensions.map((x: { decision: string }) => x.decision)).toEqual(["approved", "denied"]);
  });

  it("sends a reply that fails verification back to the unit", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "replied",
      assignedOrgId: w.units.gridPost,
      repliedAt: new Date(),
    });
    const failed = await ok("gridWorker", c.id, "verify", { passed: false, note: "灯还是不亮" });
    expect(failed.case.status).toBe("handling");
    expect((await notices({ orgId: w.units.gridPost, caseId: c.id })).map((n) => n.kind)).toContain(
      "verify_failed",
    );
  });

  it("reopens on unsatisfied evaluations up to the limit, then a supervisor decides", async () => {
    const { case: c } = await buildCase(t.database.db, {
      status: "replied",
      assignedOrgId: w.units.gridPost,
      categoryCode: "micro_wish",
      reporterUserId: w.users.resident.id,
    });
    for (let round = 1; round <= 2; round++) {
      const reopened = await ok("resident", c.id, "evaluate", {
        resolved: false,
        satisfaction: "unsatisfied",
      });
      expect(reopened.case).toMatchObject({
        status: "handling",
        reopenCount: round,
        assignedOrgId: w.units.gridPost,
      });
      expect(new Date(reopened.case.handleDueAt ?? 0).getTime()).toBeGreaterThan(Date.now());
      await ok("gridWorker", c.id, "reply", { result: `第${round + 1}次答复` });
    }
    const review = await ok("resident", c.id, "evaluate", { resolved: true, satisfaction: "unsatisfied" });
    expect(review.case).toMatchObject({ status: "supervisor_review", reopenCount: 2 });
    expect((await notices({ orgId: w.units.townshipCentre, caseId: c.id })).map((n) => n.kind)).toContain(
      "supervisor_review",
    );
    expect((await act("gridWorker", c.id, "supervisor_decide", { decision: "close" })).statusCode).toBe(403);
    const decided = await ok("supervisor", c.id, "supervisor_decide", {
      decision: "reopen",
      note: "再办一次",
    });
    expect(decided.case).toMatchObject({ status: "handling", reopenCount: 3 });
    await ok("gridWorker", c.id, "reply", { result: "第四次答复" });
    const again = await ok("resident", c.id, "evaluate", { resolved: false, satisfaction: "unsatisfied" });
    expect(again.case.status).toBe("supervisor_review");
    const closed = await ok("supervisor", c.id, "supervisor_decide", { decision: "close" });
    expect(closed.case.status).toBe("closed");
  });

  it("honours a configured reopen limit", async () => {
    await t.database.db.insert(settings).values({ key: "reopen_limit", value: 0 });
    try {
      const { case: c } = await buildCase(t.database.db, {
        status: "replied",
        assignedOrgId: w.units.gridPost,
        reporterUserId: w.users.resident.id,
      });
      const review = await ok("resident", c.id, "evaluate", { resolved: false, satisfaction: "satisfied" });
      expect(review.case).toMatchObject({ status: "supervisor_review", reopenCount: 0 });
    } finally {
      await t.database.db.delete(settings).where(eq(settings.key, "reopen_limit"));
    }
  });

  it("merges a duplicate: both numbers resolve, its reporter is told and rates the primary's reply", async () => {
    const { case: primary } = await buildCase(t.database.db, {
      status: "dispatched",
      assignedOrgId: w.units.gridPost,
    });
    const { case: dup, trackingCode } = await buildCase(t.database.db, { withTrackingCode: true });
    expect((await act("dispatcher", dup.id, "merge", { intoCaseId: dup.number })).json().error.code).toBe(
      "merge_into_self",
    );
    const merged = await ok("dispatcher", dup.number, "merge", { intoCaseId: primary.number });
    expect(merged.case).toMatchObject({ status: "merged", mergedIntoId: primary.id });
    for (const number of [dup.number, primary.number]) {
      const view = await t.app.inject({ url: `/api/v1/cases/${number}`, headers: w.headers.dispatcher });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json().number).toBe(number);
    }
    const dupView = await t.app.inject({ url: `/api/v1/cases/${dup.number}`, headers: w.headers.dispatcher });
    expect(dupView.json().mergedInto).toMatchObject({ number: primary.number });
    expect(await notices({ caseId: dup.id })).toContainEqual(
      expect.objectContaining({ kind: "merge", recipientCaseId: dup.id }),
    );
    // The merged number still resolves: actions on it are refused by state, not "not found".
    const onMerged = await act("dispatcher", dup.number, "dispatch", { orgId: w.units.gridPost });
    expect(onMerged.statusCode).toBe(409);
    expect(onMerged.json().error.details.status).toBe("merged");
    // Too early to rate: the primary has no reply yet.
    const early = await t.app.inject({
      method: "POST",
      url: `/api/v1/track/${trackingCode}/evaluate`,
      payload: { resolved: true, satisfaction: "satisfied" },
    });
    expect(early.json().error.code).toBe("primary_not_replied");

    await ok("gridWorker", primary.id, "respond", { contactMethod: "phone" });
    await ok("gridWorker", primary.id, "reply", { result: "已修复" });
    expect(await notices({ caseId: dup.id })).toContainEqual(
      expect.objectContaining({ kind: "reply", recipientCaseId: dup.id }),
    );
    const rated = await t.app.inject({
      method: "POST",
      url: `/api/v1/track/${trackingCode}/evaluate`,
      payload: { resolved: true, satisfaction: "unsatisfied" },
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({
      status: "merged",
      evaluation: { satisfaction: "unsatisfied" },
      mergedInto: { number: primary.number },
    });
    const [primaryNow] = await t.database.db.select().from(cases).where(eq(cases.id, primary.id));
    expect(primaryNow?.status).toBe("replied");
    expect((await notices({ orgId: w.units.gridPost, caseId: primary.id })).map((n) => n.kind)).toContain(
      "evaluate_merged",
    );
  });
});
