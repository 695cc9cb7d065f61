/**
 * A resident who is a party sees their disputes (GET /my/disputes): found by the phone they proved
 * with a one-time code; the other parties by role only; another's dispute 404; staff 403.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.js";
import { personalDataKeysFromEnv } from "../../core/personal-data/keys.js";
import { partyPhoneIndex } from "./party-phones.js";
import { disputeParties } from "./schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

describe("a party's own disputes", () => {
  let t: TestApp;
  let w: MediationWorld;
  let mine: { id: string; number: string };
  let theirs: { number: string };
  let party: Record<string, string>;
  let stranger: Record<string, string>;
  const PHONE = "13911112222";
  const OTHER_NAME = "赵对方";
  const OTHER_PHONE = "13733334444";

  const staff = (url: string, payload: object) =>
    t.app.inject({ method: "POST", url: `/api/v1${url}`, headers: w.headers.villageStaff, payload });
  const get = (url: string, headers: Record<string, string>) =>
    t.app.inject({ method: "GET", url: `/api/v1${url}`, headers });
  /** A phone sign-in account, as /auth/otp/verify makes one. */
  const phoneResident = async (phone: string) =>
    sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "resident", region: "1310" }], {
        username: `res_${phone}`,
        phone,
        passwordHash: "!otp-only",
      }),
    );

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    const res = await staff("/mediation/disputes", {
      source: "walk_in",
      regionCode: w.village,
      typeCode: "neighbour",
      facts: "院墙滴水，双方多次争吵。",
      parties: [
        // Entered with spaces and a +86: the blind index is of the normalised number.
        { role: "applicant", name: "王本人", phone: `+86 139 1111 2222` },
        { role: "respondent", name: OTHER_NAME, phone: OTHER_PHONE },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    mine = res.json();
    const v = (await staff(`/mediation/disputes/${mine.number}/actions/accept`, { version: 1 })).json<{
      version: number;
    }>().version;
    const session = await staff(`/mediation/disputes/${mine.number}/actions/record_session`, {
      version: v,
      heldAt: new Date().toISOString(),
      place: "村调解室",
      participants: "双方当事人",
      notes: "秘密的调解内容",
    });
    expect(session.statusCode, session.body).toBe(200);
    const other = await staff("/mediation/disputes", {
      source: "walk_in",
      regionCode: w.village,
      typeCode: "family",
      facts: "别人的纠纷",
      parties: [{ role: "applicant", name: "钱别人", phone: "13855556666" }],
    });
    expect(other.statusCode, other.body).toBe(201);
    theirs = other.json();
    party = await phoneResident(PHONE);
    stranger = await phoneResident("13600007777");
  });
  afterAll(async () => t.close());

  it("lists the party's disputes and not another's", async () => {
    const res = await get("/my/disputes", party);
    expect(res.statusCode, res.body).toBe(200);
    const numbers = res.json<{ items: { number: string }[] }>().items.map((d) => d.number);
    expect(numbers).toEqual([mine.number]);
    expect(res.body).not.toContain(theirs.number);
    expect(res.body).not.toContain(OTHER_NAME);
  });

  it("shows one dispute's progress, the other party by role only, and audits the read", async () => {
    const res = await get(`/my/disputes/${mine.number}`, party);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<{
      status: string;
      statusText: { zh: string; en: string };
      committeeName: string;
      parties: { mine: boolean; role: { zh: string }; name: string | null }[];
      sessions: { place: string }[];
      timeline: { text: { zh: string; en: string } }[];
    }>();
    expect(d.status).toBe("in_mediation");
    expect(d.statusText.zh).toContain("调解中");
    expect(d.committeeName).toBeTruthy();
    expect(d.parties).toEqual([
      { mine: true, role: { zh: "申请人", en: "Applicant" }, name: "王本人" },
      { mine: false, role: { zh: "被申请人", en: "Respondent" }, name: null },
    ]);
    expect(d.sessions.map((s) => s.place)).toEqual(["村调解室"]);
    expect(d.timeline.map((e) => e.text.zh).join("|")).toContain("村调解室");
    // Nothing of the other party, nothing said in the session, no masked phone either.
    for (const absent of [OTHER_NAME, OTHER_PHONE, OTHER_PHONE.slice(-4), "秘密的调解内容", "双方当事人"]) {
      expect(res.body).not.toContain(absent);
    }
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dispute.resident_view"), eq(auditLog.entityId, mine.id)));
    expect(audited).toHaveLength(1);
  });

  it("answers another's dispute, and one that does not exist, 404", async () => {
    expect((await get(`/my/disputes/${theirs.number}`, party)).statusCode).toBe(404);
    expect((await get(`/my/disputes/${mine.number}`, stranger)).statusCode).toBe(404);
    expect((await get("/my/disputes/999999999999", party)).statusCode).toBe(404);
    expect((await get("/my/disputes", stranger)).json()).toEqual({ items: [] });
  });

  it("refuses without a session (401) and staff or an unproven phone (403)", async () => {
    expect((await get("/my/disputes", {})).statusCode).toBe(401);
    expect((await get(`/my/disputes/${mine.number}`, {})).statusCode).toBe(401);
    // A staff account carrying the party's phone proved nothing with it.
    const staffWithPhone = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "village_staff", region: w.village }], { phone: PHONE }),
    );
    const refused = await get(`/my/disputes/${mine.number}`, staffWithPhone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("forbidden");
    expect((await get("/my/disputes", w.headers.villageStaff)).statusCode).toBe(403);
    // A `res_` account an administrator made with a password proved no phone either.
    const madeUp = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "resident", region: "1310" }], {
        username: "res_made_by_admin",
        phone: PHONE,
        passwordHash: "$argon2id$not-otp",
      }),
    );
    expect((await get(`/my/disputes/${mine.number}`, madeUp)).statusCode).toBe(403);
  });
});

describe("a party's own disputes during a key rotation", () => {
  const hex = (c: string) => c.repeat(64);
  const OLD = { DATA_KEY: hex("a"), DATA_INDEX_KEY: hex("b") };
  const DURING = {
    DATA_KEY: hex("c"),
    DATA_INDEX_KEY: hex("d"),
    DATA_KEY_PREVIOUS: OLD.DATA_KEY,
    DATA_INDEX_KEY_PREVIOUS: OLD.DATA_INDEX_KEY,
  };
  let t: TestApp;
  afterAll(async () => t.close());

  it("finds a party whose phone is still indexed under the retired key", async () => {
    t = await buildTestApp(DURING);
    const w = await buildMediationWorld(t);
    const phone = "13944445555";
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.villageStaff,
      payload: {
        source: "walk_in",
        regionCode: w.village,
        typeCode: "neighbour",
        facts: "轮换密钥期间的纠纷",
        parties: [{ role: "applicant", name: "冯旧钥", phone }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, number } = res.json<{ id: string; number: string }>();
    // As a row sealed before the rotation reached it: its index is the old key's.
    await t.database.db
      .update(disputeParties)
      .set({ phoneIndex: partyPhoneIndex(personalDataKeysFromEnv(OLD), phone) })
      .where(eq(disputeParties.disputeId, id));
    const party = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "resident", region: "1310" }], {
        username: `res_${phone}`,
        phone,
        passwordHash: "!otp-only",
      }),
    );
    const mine = await t.app.inject({ url: "/api/v1/my/disputes", headers: party });
    expect(mine.json<{ items: { number: string }[] }>().items.map((d) => d.number)).toEqual([number]);
    const one = await t.app.inject({ url: `/api/v1/my/disputes/${number}`, headers: party });
    expect(one.json<{ parties: { mine: boolean; name: string | null }[] }>().parties).toEqual([
      expect.objectContaining({ mine: true, name: "冯旧钥" }),
    ]);
  });
});
