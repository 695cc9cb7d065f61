/**
 * The leftovers of issue 14: parties' phones sealed at rest (masked in answers, revealed with a
 * log, matched by blind index, moved from the old plain column, erased by retention), raising a
 * dispute's risk after registration, the police liaison reading the disputes it was alerted about,
 * and the screening record under an Idempotency-Key.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, organisations, personalDataReads, regions, workflowEvents } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { loadConfig } from "../../config.js";
import { runRetention } from "../retention/run-retention.js";
import { persons } from "../people/index.js";
import { disputeParties, disputes } from "./schema.js";
import { sealPartyPhones } from "./party-phones.js";
import { runScreeningScan } from "./screening-scan.js";
import { monthOf } from "./screening-workflow.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";
import type { WorldRole } from "../cases/actions/test-factory.js";

describe("dispute parties' phones", () => {
  let t: TestApp;
  let w: MediationWorld;
  const keys = loadConfig({ DATA_DIR: "/nonexistent" }).personalDataKeys;

  const walkIn = (phones: [string, string], overrides: Record<string, unknown> = {}) => ({
    source: "walk_in",
    regionCode: w.village,
    typeCode: "neighbour",
    facts: "两户因宅基地边界争吵。",
    parties: [
      { role: "applicant", name: "钱多多", phone: phones[0] },
      { role: "respondent", name: "孙少少", phone: phones[1] },
    ],
    ...overrides,
  });
  const register = async (body: object, who: WorldRole = "villageStaff") => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers[who],
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; number: string; riskLevel: string; repeatOf: string[]; version: number }>();
  };

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
  });
  afterAll(async () => t.close());

  it("keeps no plain phone in the table, masks it in answers, and still finds repeated parties", async () => {
    const first = await register(walkIn(["+86 139 2222 3333", "13922224444"]));
    const rows = await t.database.db
      .select()
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, first.id));
    expect(rows).toHaveLength(2);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain("13922223333");
    expect(raw).not.toContain("22223333");
    expect(rows.map((r) => r.phoneMasked)).toEqual(["139****3333", "139****4444"]);
    expect(rows.every((r) => r.phoneCipher?.startsWith("v2.") && r.phoneIndex?.length === 64)).toBe(true);
    // Nothing in the whole table reads as the number either (the row of any column).
    const [{ n } = { n: -1 }] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(disputeParties)
      .where(sql`${disputeParties}::text like '%13922223333%'`);
    expect(n).toBe(0);

    const detail = await t.app.inject({
      url: `/api/v1/mediation/disputes/${first.number}`,
      headers: w.headers.villageStaff,
    });
    expect(detail.json().parties.map((p: { phone: string }) => p.phone)).toEqual([
      "139****3333",
      "139****4444",
    ]);
    expect(detail.body).not.toContain("13922223333");

    // The same number written differently is the same party: the blind index matches.
    const again = await register(walkIn(["139-2222-3333", "13922225555"]));
    expect(again.repeatOf).toEqual([first.number]);
    expect(again.riskLevel).toBe("significant");
  });

  it("reveals the phones in full to a mediator with a reason, logs it, and refuses others", async () => {
    const d = await register(walkIn(["13933334444", "13933335555"]));
    const reveal = (who: WorldRole, payload: object = { reason: "电话通知双方调解时间" }) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/mediation/disputes/${d.number}/reveal-parties`,
        headers: w.headers[who],
        payload,
      });
    const before = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.disputeId, d.id));
    expect(before).toHaveLength(0);
    const res = await reveal("villageStaff");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().parties.map((p: { phone: string }) => p.phone)).toEqual(["13933334444", "13933335555"]);
    const logged = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.disputeId, d.id));
    expect(logged).toEqual([
      expect.objectContaining({
        userId: w.users.villageStaff.id,
        fields: "party_phone",
        reason: "电话通知双方调解时间",
      }),
    ]);
    // The audit page of the county's admins lists it under the dispute.
    const admin = await buildUser(t.database, [{ role: "admin", region: w.county }]);
    const audit = await t.app.inject({
      url: `/api/v1/personal-data-reads?pageSize=100`,
      headers: await sessionHeaders(t.database, admin),
    });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items).toContainEqual(
      expect.objectContaining({
        dispute: expect.objectContaining({ number: d.number }),
        fields: ["party_phone"],
      }),
    );
    // A reason is required; a supervisor reads disputes but does not mediate (403); a resident 403.
    expect((await reveal("villageStaff", {})).statusCode).toBe(400);
    expect((await reveal("supervisor")).statusCode).toBe(403);
    expect((await reveal("resident")).statusCode).toBe(403);
    // Another county's staff do not find it at all.
    expect((await reveal("outsider")).statusCode).toBe(404);
  });

  it("moves the phones the migration set aside into cipher and blind index at start", async () => {
    const d = await register(walkIn(["13944445555", "13944446666"]));
    // As the migration leaves a party registered before the encryption.
    await t.database.db
      .update(disputeParties)
      .set({ phoneCipher: null, phoneIndex: null, phoneToSeal: "13944445555" })
      .where(and(eq(disputeParties.disputeId, d.id), eq(disputeParties.position, 0)));
    expect(await sealPartyPhones(t.database.db, keys)).toBe(1);
    expect(await sealPartyPhones(t.database.db, keys)).toBe(0);
    const [row] = await t.database.db
      .select()
      .from(disputeParties)
      .where(and(eq(disputeParties.disputeId, d.id), eq(disputeParties.position, 0)));
    expect(row?.phoneToSeal).toBeNull();
    expect(row?.phoneCipher).toMatch(/^v2\.[0-9a-f]{8}\./);
    const again = await register(walkIn(["13944445555", "13944447777"]));
    expect(again.repeatOf).toContain(d.number);
  });

  it("erases the phones of disputes archived before the retention cutoff, not of later ones", async () => {
    const old = await register(walkIn(["13955556666", "13955557777"]));
    const recent = await register(walkIn(["13955558888", "13955559999"]));
    const fourYearsAgo = new Date(Date.now() - 4 * 366 * 86_400_000);
    await t.database.db
      .update(disputes)
      .set({ status: "archived", archivedAt: fourYearsAgo })
      .where(eq(disputes.id, old.id));
    await t.database.db
      .update(disputes)
      .set({ status: "archived", archivedAt: new Date() })
      .where(eq(disputes.id, recent.id));
    const counts = await runRetention(t.database.db, {
      policy: {
        signIn: null,
        unclaimedUploads: null,
        patrolTraces: null,
        reporterContact: { amount: 3, unit: "years" },
      },
      uploadDir: "/nonexistent",
    });
    expect(counts.partyPhonesErased).toBe(2);
    const parties = await t.database.db.select().from(disputeParties);
    const of = (id: string) => parties.filter((p) => p.disputeId === id);
    expect(
      of(old.id).every((p) => p.phoneCipher === null && p.phoneIndex === null && p.phoneMasked === null),
    ).toBe(true);
    expect(of(old.id).every((p) => p.phoneErasedAt !== null)).toBe(true);
    expect(
      of(old.id)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["孙少少", "钱多多"].sort());
    expect(of(recent.id).every((p) => p.phoneCipher !== null)).toBe(true);
  });

  it("changes the risk with a reason after registration; raising to major alerts the township centre and the police", async () => {
    const d = await register(walkIn(["13966667777", "13966668888"]));
    const change = (who: WorldRole, payload: object) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/mediation/disputes/${d.number}/actions/change_risk`,
        headers: w.headers[who],
        payload,
      });
    const alertsOf = () =>
      t.database.db
        .select({ org: notifications.recipientOrgId, kind: notifications.kind })
        .from(notifications)
        .where(and(eq(notifications.subjectId, d.id), eq(notifications.kind, "dispute_major_risk")));
    expect(await alertsOf()).toEqual([]);
    // Offered on the page to who mediates.
    const page = await t.app.inject({
      url: `/api/v1/mediation/disputes/${d.number}`,
      headers: w.headers.villageStaff,
    });
    expect(page.json().allowedActions).toContain("change_risk");
    expect((await change("villageStaff", { version: d.version, riskLevel: "major" })).statusCode).toBe(400);
    expect(
      (await change("supervisor", { version: d.version, riskLevel: "major", reason: "r" })).statusCode,
    ).toBe(403);
    const same = await change("villageStaff", { version: d.version, riskLevel: "general", reason: "复核" });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe("risk_unchanged");
    const up = await change("villageStaff", {
      version: d.version,
      riskLevel: "major",
      reason: "一方扬言报复，情绪激动",
    });
    expect(up.statusCode, up.body).toBe(200);
    const [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, d.id));
    expect(row?.riskLevel).toBe("major");
    const [police] = await t.database.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.departmentType, "public_security"), eq(organisations.regionCode, w.county)),
      );
    expect(await alertsOf()).toEqual(
      expect.arrayContaining([
        { org: w.units.townshipCentre, kind: "dispute_major_risk" },
        { org: police?.id, kind: "dispute_major_risk" },
      ]),
    );
    expect(await alertsOf()).toHaveLength(2);
    const [event] = await t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, d.id), eq(workflowEvents.action, "change_risk")));
    expect(event?.note).toBe("一方扬言报复，情绪激动");
    expect(event?.data).toEqual({ from: "general", to: "major" });
    // Lowering it again alerts no one; a stale version is refused.
    const down = await change("villageStaff", {
      version: up.json().version,
      riskLevel: "significant",
      reason: "已稳控",
    });
    expect(down.statusCode).toBe(200);
    expect(await alertsOf()).toHaveLength(2);
    const stale = await change("villageStaff", { version: d.version, riskLevel: "major", reason: "x" });
    expect(stale.json().error.code).toBe("stale_dispute");
  });

  it("lets the county police liaison read (only) the disputes it was alerted about", async () => {
    const [police] = await t.database.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        and(eq(organisations.departmentType, "public_security"), eq(organisations.regionCode, w.county)),
      );
    if (!police) throw new Error("fixture: no police in the county");
    const officer = await buildUser(t.database, [{ role: "department_handler", department: police.id }]);
    const h = await sessionHeaders(t.database, officer);
    const major = await register(walkIn(["13977778888", "13977779999"], { riskLevel: "major" }));
    const quiet = await register(walkIn(["13977770000", "13977771111"]));
    const page = await t.app.inject({ url: `/api/v1/mediation/disputes/${major.number}`, headers: h });
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json<{ allowedActions: string[]; parties: { name: string; phone: string }[] }>();
    // Read-only: no action offered, names and phones masked.
    expect(body.allowedActions).toEqual([]);
    expect(body.parties.map((p) => p.name)).not.toContain("钱多多");
    expect(body.parties.map((p) => p.phone)).toEqual(["139****8888", "139****9999"]);
    // Its bell entry names the dispute, so the console opens the dispute's page.
    const inbox = await t.app.inject({ url: "/api/v1/notifications", headers: h });
    expect(inbox.json().items).toContainEqual(
      expect.objectContaining({
        subjectType: "dispute",
        subjectLabel: major.number,
        kind: "dispute_major_risk",
      }),
    );
    // A dispute it was not alerted about is not found; acting on the alerted one is refused.
    const other = await t.app.inject({ url: `/api/v1/mediation/disputes/${quiet.number}`, headers: h });
    expect(other.statusCode).toBe(404);
    const list = await t.app.inject({ url: "/api/v1/mediation/disputes", headers: h });
    expect(list.statusCode).toBe(403);
    const act = await t.app.inject({
      method: "POST",
      url: `/api/v1/mediation/disputes/${major.number}/actions/change_risk`,
      headers: h,
      payload: { version: major.version, riskLevel: "general", reason: "x" },
    });
    expect(act.statusCode).toBe(403);
    const reveal = await t.app.inject({
      method: "POST",
      url: `/api/v1/mediation/disputes/${major.number}/reveal-parties`,
      headers: h,
      payload: { reason: "x" },
    });
    expect(reveal.statusCode).toBe(403);
    // Another county department (not alerted) finds nothing.
    const urban = await t.app.inject({
      url: `/api/v1/mediation/disputes/${major.number}`,
      headers: w.headers.urbanHandler,
    });
    expect(urban.statusCode).toBe(404);
  });

  it("answers a retried screening record with its first answer under the same Idempotency-Key", async () => {
    await runScreeningScan(t.database.db);
    const tasks = await t.app.inject({
      url: `/api/v1/mediation/screening-tasks?month=${monthOf(new Date())}`,
      headers: w.headers.villageStaff,
    });
    const task = tasks.json<{ items: { id: string; version: number; status: string }[] }>().items[0];
    if (!task) throw new Error(`no screening task: ${tasks.body}`);
    const record = (key: string | null, payload: object) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/mediation/screening-tasks/${task.id}/record`,
        headers: { ...w.headers.villageStaff, ...(key ? { "idempotency-key": key } : {}) },
        payload,
      });
    const body = { result: "none_found", note: "本月走访全村，未发现纠纷", version: task.version };
    const first = await record("screening-retry-1", body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe("done");
    const retry = await record("screening-retry-1", body);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
    // Without the key the second record is refused as recorded; the key with another body, as a mismatch.
    const again = await record(null, { result: body.result, note: body.note });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("screening_recorded");
    const other = await record("screening-retry-1", { ...body, note: "另一次" });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_mismatch");
    const events = await t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, task.id), eq(workflowEvents.action, "record")));
    expect(events).toHaveLength(1);
  });

  it("names in the register answer only the repeated disputes the registering actor may open; the risk and alerts count them all", async () => {
    const db = t.database.db;
    // A second village of the same township, with its own staff: the first village is not theirs.
    const [other] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.parentCode, w.township), ne(regions.code, w.village)))
      .orderBy(regions.code)
      .limit(1);
    const otherVillage = other?.code ?? "";
    const otherStaff = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "village_staff", region: otherVillage }]),
    );
    const post = async (headers: Record<string, string>, body: object) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/mediation/disputes",
        headers,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string; number: string; riskLevel: string; repeatOf: string[] }>();
    };
    const phones: [string, string] = ["13977770001", "13977770002"];
    const first = await register(walkIn(phones));
    // The other village's staff register the same parties: the risk rises, but the first
    // village's dispute number is not theirs to read.
    const second = await post(otherStaff, walkIn(phones, { regionCode: otherVillage }));
    expect(second.riskLevel).toBe("significant");
    expect(second.repeatOf).toEqual([]);
    const opened = await t.app.inject({
      url: `/api/v1/mediation/disputes/${first.number}`,
      headers: otherStaff,
    });
    expect(opened.statusCode).toBe(404);
    // The event and the township centre's alert still name it, as before.
    const [event] = await db
      .select({ data: workflowEvents.data })
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, second.id), eq(workflowEvents.action, "register")));
    expect(event?.data).toMatchObject({ repeatOf: [first.number] });
    const alerts = await db
      .select({ body: notifications.body, org: notifications.recipientOrgId })
      .from(notifications)
      .where(and(eq(notifications.subjectId, second.id), eq(notifications.kind, "dispute_repeat_parties")));
    expect(alerts).toContainEqual({
      org: w.units.townshipCentre,
      body: expect.stringContaining(first.number),
    });
    // The first village's staff see their own dispute named, not the other village's.
    const third = await register(walkIn(phones));
    expect(third.riskLevel).toBe("major");
    expect(third.repeatOf).toEqual([first.number]);
    // The township, over both villages, sees all three named.
    const fourth = await post(w.headers.dispatcher, walkIn(phones, { regionCode: otherVillage }));
    expect([...fourth.repeatOf].sort()).toEqual([first.number, second.number, third.number].sort());
  });

  it("takes a party from the register only when the registering actor reads that person there (404 otherwise, nothing stored)", async () => {
    const db = t.database.db;
    const placeOf = async (code: string) => {
      const [r] = await db
        .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
        .from(regions)
        .where(eq(regions.code, code));
      return { regionCode: code, regionPath: r?.path ?? "", countyCode: code.slice(0, 6) };
    };
    const [farTownship] = await db
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.parentCode, "131003"))
      .orderBy(regions.code)
      .limit(1);
    const [mine, stranger] = await db
      .insert(persons)
      .values([
        { name: "本村村民", ...(await placeOf(w.village)) },
        { name: "外县村民", ...(await placeOf(farTownship?.code ?? "")) },
      ])
      .returning({ id: persons.id });
    const withPerson = (personId: string) =>
      walkIn(["13977780001", "13977780002"], {
        parties: [
          { role: "applicant", name: "本村村民", personId },
          { role: "respondent", name: "孙少少" },
        ],
      });
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(disputes);
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.villageStaff,
      payload: withPerson(stranger?.id ?? ""),
    });
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.json().error.code).toBe("not_found");
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.villageStaff,
      payload: withPerson("00000000-0000-4000-8000-000000000000"),
    });
    expect(unknown.statusCode).toBe(404);
    // The same answer as for a person who does not exist: nothing tells the two apart.
    expect(unknown.json().error.code).toBe(refused.json().error.code);
    const after = await db.select({ n: sql<number>`count(*)::int` }).from(disputes);
    expect(after[0]?.n).toBe(before[0]?.n);

    const taken = await register(withPerson(mine?.id ?? ""));
    const parties = await db.select().from(disputeParties).where(eq(disputeParties.disputeId, taken.id));
    expect(parties.map((p) => p.personId)).toContain(mine?.id);
  });
});
