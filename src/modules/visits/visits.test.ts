import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, cases, grids, notifications, regions, type Role } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { WorldRole } from "../cases/actions/test-factory.js";
import { runVisitScan } from "./deadline-scan.js";
import { planVisits } from "./plan-visits.js";
import { personPopulationTags } from "../people/index.js";
import { visits } from "./schema.js";
import { caseLinks } from "../case-links/schema.js";
import { disputeParties, disputes } from "../mediation/schema.js";
import { seedCommittees } from "../mediation/seed-committees.js";
import { buildings, dwellings, householdMembers, households, persons } from "../people/schema.js";
import { sealIdentity } from "../people/persons.js";
import { personalDataKeysFromEnv } from "../../core/personal-data/keys.js";
import { VISIT_BACKDATE_DAYS } from "./schemas.js";
import { buildVisitWorld, type VisitWorld } from "./test-factory.js";

const DAY = 86_400_000;

interface Item {
  id: string;
  status: string;
  version: number;
  dueAt: string;
  overdue: boolean;
  type: { code: string };
  person: { name: string; phone: string | null; populationTags: { type: { code: string } }[] } | null;
  caseNumber: string | null;
}

describe("visits", () => {
  let t: TestApp;
  let w: VisitWorld;
  const start = new Date();

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildVisitWorld(t, start);
    // The world's grid gets a shape (buildWorld makes only its region row): a visit recorded in
    // it is at the person's home; one recorded outside it is not.
    const [lon, lat] = [116.7, 39.5];
    await t.database.db.insert(grids).values({
      code: w.grid,
      villageCode: w.village,
      countyCode: w.county,
      path: sql`(select path from regions where code = ${w.grid})`,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [lon, lat],
            [lon + 0.01, lat],
            [lon + 0.01, lat + 0.01],
            [lon, lat + 0.01],
            [lon, lat],
          ],
        ],
      },
      minLon: lon,
      minLat: lat,
      maxLon: lon + 0.01,
      maxLat: lat + 0.01,
    });
  });
  afterAll(async () => t.close());

  const get = (who: WorldRole | "assistant", url: string) =>
    t.app.inject({ url: `/api/v1${url}`, headers: who === "assistant" ? w.assistant : w.headers[who] });
  const post = (
    who: WorldRole | "assistant",
    url: string,
    payload: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1${url}`,
      headers: { ...(who === "assistant" ? w.assistant : w.headers[who]), ...headers },
      payload,
    });
  const list = async (who: WorldRole | "assistant", query = "") => {
    const res = await get(who, `/visits${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Item[]; total: number }>();
  };
  const visitOf = async (tag: string) => {
    const [row] = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, tag), eq(visits.status, "planned")));
    if (!row) throw new Error("no planned visit");
    return row;
  };

  it("plans one visit per tag at the type's frequency, and planning again plans nothing", async () => {
    const elderly = await visitOf(w.tags.elderly);
    const correction = await visitOf(w.tags.correction);
    // elderly_alone: every 7 days; community_correction: every 7 days — from when the tag was entered.
    expect(elderly.dueAt.getTime()).toBe(start.getTime() + 7 * DAY);
    expect(correction.dueAt.getTime()).toBe(start.getTime() + 7 * DAY);
    expect(await t.database.db.transaction((tx) => planVisits(tx, new Date()))).toBe(0);
  });

  it("puts the visits on the grid worker's work list with their deadline and the person masked", async () => {
    const body = await list("gridWorker", "?state=planned");
    expect(body.total).toBe(2);
    const elderly = body.items.find((i) => i.type.code === "elderly_alone");
    expect(elderly?.person).toMatchObject({ name: "张秀英", phone: "138****5678" });
    expect(elderly?.dueAt).toBe(new Date(start.getTime() + 7 * DAY).toISOString());
    expect(elderly?.overdue).toBe(false);
  });

  it("leaves a key-population visit out for a role its type does not name: list, total, detail and rate", async () => {
    const body = await list("assistant");
    expect(body.total).toBe(1);
    expect(body.items.map((i) => i.type.code)).toEqual(["elderly_alone"]);
    expect(JSON.stringify(body)).not.toContain("community_correction");
    // A person's file lists their visits only of the types the reader may see.
    expect((await list("gridWorker", `?personId=${w.persons.correction}`)).total).toBe(1);
    expect((await list("assistant", `?personId=${w.persons.correction}`)).total).toBe(0);
    expect((await list("assistant", `?personId=${w.persons.elderly}`)).total).toBe(1);
    const hidden = await visitOf(w.tags.correction);
    expect((await get("assistant", `/visits/${hidden.id}`)).statusCode).toBe(404);
    const rec = await post("assistant", `/visits/${hidden.id}/record`, {
      version: hidden.version,
      method: "home",
      findings: "看不见的走访",
    });
    expect(rec.statusCode).toBe(404);
  });

  it("is 404 out of scope, 403 without the permission, 401 without a session", async () => {
    const v = await visitOf(w.tags.elderly);
    expect((await get("outsider", `/visits/${v.id}`)).statusCode).toBe(404);
    expect((await list("outsider")).total).toBe(0);
    expect((await get("urbanHandler", "/visits")).statusCode).toBe(403);
    expect((await t.app.inject({ url: "/api/v1/visits" })).statusCode).toBe(401);
    expect((await get("gridWorker", "/visits/not-a-uuid")).statusCode).toBe(400);
  });

  it("records a visit with its point, method, findings and photo, and plans the next one", async () => {
    const v = await visitOf(w.tags.elderly);
    const [photo] = await t.database.db
      .insert(attachments)
      .values({
        sha256: "ab".repeat(32),
        mime: "image/jpeg",
        bytes: 10,
        width: 1,
        height: 1,
        storagePath: "x.jpg",
        thumbPath: "x-thumb.jpg",
        uploadedByUserId: w.users.gridWorker.id,
      })
      .returning({ id: attachments.id });
    const future = await post("gridWorker", `/visits/${v.id}/record`, {
      version: v.version,
      method: "home",
      findings: "在家",
      visitedAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe("validation_failed");
    // A point outside the city (a phone's 0,0 when GPS fails) is refused as intake refuses it:
    // an appeal from the visit, placed at that point, could never be raised.
    const nowhere = await post("gridWorker", `/visits/${v.id}/record`, {
      version: v.version,
      method: "home",
      findings: "在家",
      location: { lon: 0, lat: 0 },
    });
    expect(nowhere.statusCode, nowhere.body).toBe(400);
    expect(nowhere.json().error.code).toBe("location_outside_city");
    expect(nowhere.json().error.details[0].field).toBe("location");
    const bad = await post("gridWorker", `/visits/${v.id}/record`, {
      version: v.version,
      method: "car",
      findings: "x",
    });
    expect(bad.statusCode).toBe(400);
    const res = await post("gridWorker", `/visits/${v.id}/record`, {
      version: v.version,
      method: "home",
      location: { lon: 116.705, lat: 39.505 },
      findings: "本人在家，反映楼道灯坏了。",
      attachmentIds: [photo?.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json<{ status: string; version: number; nextVisit: { id: string; dueAt: string } }>();
    expect(done.status).toBe("done");
    const recordedAt = (await t.database.db.select().from(visits).where(eq(visits.id, v.id)))[0]?.visitedAt;
    expect(new Date(done.nextVisit.dueAt).getTime()).toBe((recordedAt?.getTime() ?? 0) + 7 * DAY);
    const detail = (await get("gridWorker", `/visits/${v.id}`)).json();
    expect(detail).toMatchObject({
      status: "done",
      method: "home",
      onTime: true,
      location: { lon: 116.705, lat: 39.505 },
      findings: "本人在家，反映楼道灯坏了。",
      photoIds: [photo?.id],
      allowedActions: ["raise_appeal", "raise_dispute"],
    });
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(["plan", "record"]);
    // Stale, then illegal.
    const stale = await post("gridWorker", `/visits/${v.id}/record`, {
      version: v.version,
      method: "home",
      findings: "再记",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_visit");
    const again = await post("gridWorker", `/visits/${v.id}/record`, {
      version: done.version,
      method: "home",
      findings: "再记",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("illegal_transition");
  });

  it("refuses a backdated visit: before the previous visit, before the tag's start, or beyond the window", async () => {
    const refused = async (visitId: string, version: number, visitedAt: string) => {
      const res = await post("gridWorker", `/visits/${visitId}/record`, {
        version,
        method: "home",
        findings: "补记",
        visitedAt,
      });
      expect(res.statusCode, `${visitedAt}: ${res.body}`).toBe(400);
      const error = res.json<{ error: { code: string; details: { field: string }[] } }>().error;
      expect(error.code).toBe("validation_failed");
      expect(error.details.map((d) => d.field)).toEqual(["visitedAt"]);
    };
    // The elderly tag's next visit: its previous one was recorded moments ago.
    const next = await visitOf(w.tags.elderly);
    await refused(next.id, next.version, "1950-01-01T00:00:00Z");
    await refused(
      next.id,
      next.version,
      new Date(Date.now() - (VISIT_BACKDATE_DAYS + 1) * DAY).toISOString(),
    );
    await refused(next.id, next.version, new Date(Date.now() - 3_600_000).toISOString());
    // A tag that starts today (China time): an hour before its start is refused.
    const correction = await visitOf(w.tags.correction);
    const [tag] = await t.database.db
      .select({ since: personPopulationTags.since })
      .from(personPopulationTags)
      .where(eq(personPopulationTags.id, w.tags.correction));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await t.database.db
      .update(personPopulationTags)
      .set({ since: today })
      .where(eq(personPopulationTags.id, w.tags.correction));
    try {
      const startOfToday = new Date(`${today}T00:00:00+08:00`).getTime();
      await refused(correction.id, correction.version, new Date(startOfToday - 3_600_000).toISOString());
    } finally {
      await t.database.db
        .update(personPopulationTags)
        .set({ since: tag?.since ?? today })
        .where(eq(personPopulationTags.id, w.tags.correction));
    }
    // Nothing was recorded.
    expect((await visitOf(w.tags.elderly)).version).toBe(next.version);
    expect((await visitOf(w.tags.correction)).version).toBe(correction.version);
  });

  it("raises one appeal from a recorded visit into the case loop, linked both ways, idempotently", async () => {
    const planned = await visitOf(w.tags.elderly);
    const early = await post("gridWorker", `/visits/${planned.id}/appeal`, { version: planned.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("illegal_transition");
    const [done] = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "done")));
    if (!done) throw new Error("no done visit");
    const key = { "idempotency-key": "visit-appeal-1" };
    const res = await post("gridWorker", `/visits/${done.id}/appeal`, { version: done.version }, key);
    expect(res.statusCode, res.body).toBe(201);
    const raised = res.json<{ case: { id: string; number: string }; version: number }>();
    const replay = await post("gridWorker", `/visits/${done.id}/appeal`, { version: done.version }, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().case.number).toBe(raised.case.number);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, raised.case.id));
    expect(c).toMatchObject({
      channel: "patrol",
      description: "本人在家，反映楼道灯坏了。",
      lon: 116.705,
      lat: 39.505,
      regionCode: w.grid,
    });
    // From the case back to the visit.
    const back = await list("gridWorker", `?caseId=${raised.case.id}`);
    expect(back.items.map((i) => i.id)).toEqual([done.id]);
    expect(back.items[0]?.caseNumber).toBe(raised.case.number);
    const second = await post("gridWorker", `/visits/${done.id}/appeal`, { version: raised.version });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("appeal_already_raised");
    // A stale second appeal: the 409 offers what the visit's page offers (a dispute), not raise_appeal.
    const detail = (await get("gridWorker", `/visits/${done.id}`)).json<{ allowedActions: string[] }>();
    expect(detail.allowedActions).toEqual(["raise_dispute"]);
    const stale = await post("gridWorker", `/visits/${done.id}/appeal`, { version: done.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_visit");
    expect(stale.json().error.details.allowedActions).toEqual(detail.allowedActions);
    const recordAgain = await post("gridWorker", `/visits/${done.id}/record`, {
      version: raised.version,
      method: "home",
      findings: "再记",
    });
    expect(recordAgain.statusCode).toBe(409);
    expect(recordAgain.json().error.code).toBe("illegal_transition");
    expect(recordAgain.json().error.details.allowedActions).toEqual(["raise_dispute"]);
    // The appeal is linked to the person visited.
    const linked = await t.database.db.select().from(caseLinks).where(eq(caseLinks.caseId, raised.case.id));
    expect(linked.map((l) => l.personId)).toEqual([w.persons.elderly]);
  });

  it("registers one dispute for mediation from a recorded visit, the visited person its first party, idempotently", async () => {
    await seedCommittees(t.database.db, w.county);
    // The person's phone as the register keeps it: sealed under the server's keys.
    await t.database.db
      .update(persons)
      .set(sealIdentity(personalDataKeysFromEnv({}), { phone: "13812345678" }))
      .where(eq(persons.id, w.persons.elderly));
    const [done] = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "done")));
    if (!done) throw new Error("no done visit");
    const body = {
      version: done.version,
      typeCode: "neighbour",
      otherParties: [{ role: "respondent", name: "<b>楼上邻居</b>", phone: "13900002222" }],
    };
    const bad = await post("gridWorker", `/visits/${done.id}/dispute`, { ...body, typeCode: "" });
    expect(bad.statusCode).toBe(400);
    const key = { "idempotency-key": "visit-dispute-1" };
    const res = await post("gridWorker", `/visits/${done.id}/dispute`, body, key);
    expect(res.statusCode, res.body).toBe(201);
    const raised = res.json<{ version: number; dispute: { id: string; number: string; status: string } }>();
    expect(raised.dispute.status).toBe("registered");
    const replay = await post("gridWorker", `/visits/${done.id}/dispute`, body, key);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().dispute.number).toBe(raised.dispute.number);
    const [d] = await t.database.db.select().from(disputes).where(eq(disputes.id, raised.dispute.id));
    expect(d).toMatchObject({ source: "visit", regionCode: w.grid, facts: done.findings });
    const parties = await t.database.db
      .select()
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, raised.dispute.id))
      .orderBy(disputeParties.position);
    const [person] = await t.database.db.select().from(persons).where(eq(persons.id, w.persons.elderly));
    expect(parties.map((p) => [p.role, p.name, p.personId])).toEqual([
      ["applicant", person?.name, w.persons.elderly],
      ["respondent", "<b>楼上邻居</b>", null],
    ]);
    // The person's phone came from the register, sealed again for the party (never in clear).
    expect(parties[0]?.phoneMasked).toBe(person?.phoneMasked);
    expect(parties[0]?.phoneCipher).not.toBe(person?.phoneCipher);
    const detail = (await get("gridWorker", `/visits/${done.id}`)).json<{
      allowedActions: string[];
      dispute: { number: string } | null;
    }>();
    expect(detail.dispute?.number).toBe(raised.dispute.number);
    expect(detail.allowedActions).toEqual([]);
    const second = await post("gridWorker", `/visits/${done.id}/dispute`, {
      ...body,
      version: raised.version,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("dispute_already_raised");
    // Not recorded yet: no dispute.
    const planned = await visitOf(w.tags.elderly);
    const early = await post("gridWorker", `/visits/${planned.id}/dispute`, {
      ...body,
      version: planned.version,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("illegal_transition");
  });

  it("lets whoever may see the visit read its photos, and nobody else (the attachments module asks the manifest)", async () => {
    const { workflowOf } = await import("../../core/modules/manifest.js");
    const { MODULES } = await import("../registry.js");
    const mayRead = workflowOf(MODULES, "visit")?.mayRead;
    if (!mayRead) throw new Error("visits register no mayRead");
    const [grid] = await t.database.db.select().from(regions).where(eq(regions.code, w.grid));
    const actor = (role: Role, scopePath: string): Actor => ({
      userId: w.users.gridWorker.id,
      username: "x",
      displayName: "x",
      organisationId: null,
      bindings: [{ role, scopePath, scopeRegionCode: null, scopeDepartmentId: null }],
    });
    const worker = actor("grid_worker", grid?.path ?? "");
    const assistant = actor("grid_assistant", grid?.path ?? "");
    const far = actor("grid_worker", "1310.131003");
    const elderly = (await visitOf(w.tags.elderly)).id;
    const correction = (await visitOf(w.tags.correction)).id;
    const ask = (a: Actor | null, subjectId: string) =>
      mayRead({ db: t.database.db, actor: a, subjectId, token: undefined });
    expect(await ask(worker, elderly)).toBe(true);
    expect(await ask(worker, correction)).toBe(true);
    expect(await ask(assistant, elderly)).toBe(true);
    expect(await ask(assistant, correction)).toBe(false);
    expect(await ask(far, elderly)).toBe(false);
    expect(await ask(null, elderly)).toBe(false);
  });

  it("marks an overdue visit once, with its event and a notice to the grid post", async () => {
    const v = await visitOf(w.tags.correction);
    const later = new Date(v.dueAt.getTime() + 3_600_000);
    const first = await runVisitScan(t.database.db, { now: later });
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    const second = await runVisitScan(t.database.db, { now: later });
    expect(second.overdue).toBe(0);
    const [row] = await t.database.db.select().from(visits).where(eq(visits.id, v.id));
    expect(row?.overdueAt?.getTime()).toBe(later.getTime());
    expect(row?.version).toBe(v.version);
    const notes = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectType, "visit"), eq(notifications.subjectId, v.id)));
    expect(notes.map((n) => [n.kind, n.recipientOrgId])).toEqual([["visit_overdue", w.units.gridPost]]);
    // The title names neither the person nor the type.
    expect(notes[0]?.title).not.toContain("李强");
    expect(notes[0]?.title).not.toContain("矫正");
  });

  it("computes the completion rate (on time ÷ due) per region with breakdown and drill-down, over visible types only", async () => {
    const later = new Date(Date.now() + 8 * DAY).toISOString().slice(0, 10);
    // By `later` both first visits are due: the elderly one was visited on time, the correction one not.
    const villageRate = await get("villageStaff", `/visits/completion-rate?region=${w.village}&to=${later}`);
    expect(villageRate.statusCode, villageRate.body).toBe(200);
    const body = villageRate.json();
    // The correction visit is not due yet by the clock (its deadline is a week away): only the done one counts.
    expect(body.completionRate).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(body.breakdown).toEqual([
      expect.objectContaining({ code: w.grid, completionRate: { value: 1, numerator: 1, denominator: 1 } }),
    ]);
    const drill = await get(
      "villageStaff",
      `/visits/completion-rate/visits?region=${w.village}&to=${later}&part=numerator`,
    );
    expect(drill.statusCode).toBe(200);
    expect(drill.json().total).toBe(1);
    expect((await get("outsider", `/visits/completion-rate?region=${w.village}`)).statusCode).toBe(404);
    expect((await get("villageStaff", "/visits/completion-rate?region=999")).statusCode).toBe(404);
    const bad = await get("villageStaff", "/visits/completion-rate?from=2026-02-01&to=2026-01-01");
    expect(bad.statusCode).toBe(400);
  });

  it("does not let the assistant infer the hidden type from the rate", async () => {
    // Make the hidden visit count: move its deadline into the past.
    const v = await visitOf(w.tags.correction);
    await t.database.db
      .update(visits)
      .set({ dueAt: new Date(Date.now() - DAY) })
      .where(eq(visits.id, v.id));
    const to = new Date(Date.now() + 8 * DAY).toISOString().slice(0, 10);
    const worker = (await get("gridWorker", `/visits/completion-rate?region=${w.grid}&to=${to}`)).json();
    const assistant = (await get("assistant", `/visits/completion-rate?region=${w.grid}&to=${to}`)).json();
    expect(worker.completionRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(assistant.completionRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect((await list("assistant", "?state=overdue")).total).toBe(0);
    expect((await list("gridWorker", "?state=overdue")).total).toBe(1);
  });

  it("places an appeal whose visit was recorded far from the person's home in the person's village", async () => {
    const next = await visitOf(w.tags.elderly);
    const recorded = await post("gridWorker", `/visits/${next.id}/record`, {
      version: next.version,
      method: "phone",
      findings: "电话回访：家里水管漏水，需要物业上门。",
      // Recorded from the grid worker's desk in another part of the city, in no grid of the person's.
      location: { lon: 116.3, lat: 39.0 },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const res = await post("gridWorker", `/visits/${next.id}/appeal`, {
      version: recorded.json<{ version: number }>().version,
    });
    expect(res.statusCode, res.body).toBe(201);
    const raised = res.json<{ case: { id: string } }>();
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, raised.case.id));
    expect(c?.lon).toBeNull();
    expect(c?.regionCode).toBe(w.village);
    const linked = await t.database.db.select().from(caseLinks).where(eq(caseLinks.caseId, raised.case.id));
    expect(linked.map((l) => l.personId)).toEqual([w.persons.elderly]);
  });

  it("places an appeal from a visit without usable GPS at the household's building, in its grid: on the grid worker's work list", async () => {
    const db = t.database.db;
    // 李强's household lives in a building whose point the register knows, inside the grid.
    const [grid] = await db.select().from(regions).where(eq(regions.code, w.grid));
    const place = {
      regionCode: w.grid,
      regionPath: grid?.path ?? "",
      countyCode: w.county,
      gridCode: w.grid,
    };
    const [building] = await db
      .insert(buildings)
      .values({ kind: "building", name: "3号楼", lon: 116.703, lat: 39.503, ...place })
      .returning({ id: buildings.id });
    const [dwelling] = await db
      .insert(dwellings)
      .values({ buildingId: building?.id ?? "", room: "201", use: "owner_occupied", ...place })
      .returning({ id: dwellings.id });
    const [household] = await db
      .insert(households)
      .values({ dwellingId: dwelling?.id ?? "", type: "registered", ...place })
      .returning({ id: households.id });
    await db.insert(householdMembers).values({
      householdId: household?.id ?? "",
      personId: w.persons.correction,
      relation: "head",
      joinedOn: "2020-01-01",
    });
    const next = await visitOf(w.tags.correction);
    // By phone, no GPS at all.
    const recorded = await post("gridWorker", `/visits/${next.id}/record`, {
      version: next.version,
      method: "phone",
      findings: "电话回访：楼道里私拉电线给电动车充电。",
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const res = await post("gridWorker", `/visits/${next.id}/appeal`, {
      version: recorded.json<{ version: number }>().version,
      categoryCode: "security.wires",
    });
    expect(res.statusCode, res.body).toBe(201);
    const raised = res.json<{ case: { id: string; number: string } }>();
    const [c] = await db.select().from(cases).where(eq(cases.id, raised.case.id));
    expect(c).toMatchObject({ lon: 116.703, lat: 39.503, regionCode: w.grid, gridCode: w.grid });
    // A grid matter in the grid: the grid post holds it, so its grid worker has it to do.
    const work = await get("gridWorker", "/worklist");
    expect(work.statusCode, work.body).toBe(200);
    expect(work.json<{ items: { number: string }[] }>().items.map((i) => i.number)).toContain(
      raised.case.number,
    );
  });
});

describe("recording a visit with an Idempotency-Key (the phone's outbox)", () => {
  let t: TestApp;
  let w: VisitWorld;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildVisitWorld(t);
  });
  afterAll(async () => t.close());

  it("records once however often the outbox resends, and refuses the key for another body", async () => {
    const [planned] = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "planned")));
    if (!planned) throw new Error("no planned visit");
    const send = (findings: string, key = "outbox-visit-1") =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/visits/${planned.id}/record`,
        headers: { ...w.headers.gridWorker, "idempotency-key": key },
        payload: { version: planned.version, method: "phone", findings },
      });
    const first = await send("电话联系，身体尚好。");
    expect(first.statusCode, first.body).toBe(200);
    const again = await send("电话联系，身体尚好。");
    expect(again.statusCode).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    const done = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "done")));
    expect(done).toHaveLength(1);
    const planning = await t.database.db
      .select()
      .from(visits)
      .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "planned")));
    expect(planning).toHaveLength(1);
    const other = await send("别的内容");
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_mismatch");
    const badKey = await send("电话联系，身体尚好。", "bad key with spaces");
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.code).toBe("bad_idempotency_key");
  });
});

describe("visits demo data", () => {
  let t: TestApp;
  afterAll(async () => t.close());

  it("gives each current tag a year of recorded visits at its frequency and the next one planned", async () => {
    t = await buildTestApp();
    const now = new Date();
    const w = await buildVisitWorld(t, new Date(now.getTime() - 400 * DAY));
    // The world planned the first visits; the demo step starts from a county without visits.
    await t.database.db.delete(visits);
    const { loadDemoVisits } = await import("./demo-visits.js");
    const lines = await loadDemoVisits(t.database.db, now);
    expect(lines[0]).toMatch(/^demo visits: \d+ recorded over the past year, 2 planned$/);
    const rows = await t.database.db.select().from(visits).where(eq(visits.tagId, w.tags.elderly));
    const done = rows.filter((r) => r.status === "done");
    // Weekly for a year: about 52 visits (some a few days early, some late).
    expect(done.length).toBeGreaterThan(45);
    expect(done.every((r) => r.findings && r.method && r.visitedAt && r.visitedAt <= now)).toBe(true);
    expect(rows.filter((r) => r.status === "planned")).toHaveLength(1);
    // Running it again changes nothing.
    expect(await loadDemoVisits(t.database.db, now)).toEqual([]);
    const rate = await t.app.inject({
      url: `/api/v1/visits/completion-rate?region=${w.grid}`,
      headers: w.headers.gridWorker,
    });
    const figure = rate.json<{ completionRate: { value: number; denominator: number } }>().completionRate;
    expect(figure.denominator).toBeGreaterThan(80);
    expect(figure.value).toBeGreaterThan(0.7);
    expect(figure.value).toBeLessThan(1);
  });
});
