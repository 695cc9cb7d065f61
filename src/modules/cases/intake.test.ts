import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { attachments, caseEvents, cases } from "../../db/schema.js";
import { chinaDatePrefix } from "./case-number.js";
import { deleteExpiredIdempotencyKeys } from "../../core/idempotency/idempotency.js";
import { DUPLICATE_RADIUS_METRES, distanceMetres } from "./routing.js";
import { buildCaseWorld, countCases, type CaseWorld } from "./test-fixtures.js";
import { TRACKING_ALPHABET } from "./tracking-code.js";

let w: CaseWorld;
beforeAll(async () => {
  w = await buildCaseWorld();
});
afterAll(async () => w.t.close());

/** A fresh client IP per request unless given, so the per-IP rate limit stays out of the way. */
let ipCounter = 0;
const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const post = (body: unknown, headers: Record<string, string> = {}, ip = nextIp()) =>
  w.t.app.inject({
    method: "POST",
    url: "/api/v1/cases",
    payload: body as object,
    headers,
    remoteAddress: ip,
  });

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** An uploaded photo's row, as POST /attachments leaves it (no file needed to claim it). */
async function storedPhoto(owner: { uploadTokenHash?: string; uploadedByUserId?: string }) {
  const [photo] = await w.t.database.db
    .insert(attachments)
    .values({
      sha256: "ab".repeat(32),
      mime: "image/jpeg",
      bytes: 10,
      width: 1,
      height: 1,
      storagePath: "x",
      thumbPath: "y",
      ...owner,
    })
    .returning();
  if (!photo) throw new Error("no photo");
  return photo;
}

async function stored(id: string) {
  const [row] = await w.t.database.db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw new Error(`case ${id} not stored`);
  return row;
}

describe("POST /api/v1/cases on every channel", () => {
  it("takes an anonymous web appeal and hands out a tracking code, stored only as its hash", async () => {
    const before = Date.now();
    const res = await post({
      categoryCode: "sanitation.garbage",
      description: "小区门口垃圾三天没人清运了",
      location: w.inGrid,
      reporter: { name: "王小明", phone: "138 1234 5678" },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const committee = await w.unit("village_committee", w.village);
    expect(body).toMatchObject({
      status: "dispatched",
      assignedUnit: { id: committee.id, name: committee.name },
    });
    expect(body.number).toMatch(new RegExp(`^${chinaDatePrefix(new Date(before))}\\d{6}$`));
    expect(body.trackingCode).toMatch(
      new RegExp(`^[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{2}$`),
    );
    // Sanitation garbage: 12 h response, 48 h handling, calendar hours.
    expect(Date.parse(body.responseDueAt) - before).toBeGreaterThanOrEqual(12 * 3_600_000 - 5_000);
    expect(Date.parse(body.handleDueAt) - Date.parse(body.responseDueAt)).toBeCloseTo(36 * 3_600_000, -4);

    const row = await stored(body.id);
    const code = String(body.trackingCode).replace(/-/g, "");
    expect(row.trackingCodeHash).toBe(createHash("sha256").update(code).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row).toMatchObject({
      channel: "web",
      reporterUserId: null,
      enteredByUserId: null,
      reporterName: "王小明",
    });
    const events = await w.t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(events).toMatchObject([
      { action: "intake", fromStatus: null, toStatus: "dispatched", actorLabel: "resident" },
    ]);
  });

  it("links a signed-in resident's appeal to their account, without a tracking code", async () => {
    const resident = await buildUser(w.t.database, []);
    const headers = await sessionHeaders(w.t.database, resident);
    const res = await post(
      { channel: "app", categoryCode: "roads.pothole", description: "路面有一个大坑", location: w.inGrid },
      headers,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().trackingCode).toBeNull();
    expect(await stored(res.json().id)).toMatchObject({ reporterUserId: resident.id, channel: "app" });
    const mine = await w.t.app.inject({ method: "GET", url: "/api/v1/my/cases", headers });
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([res.json().id]);
  });

  it("lets an operator enter a hotline call on a resident's behalf (entered by them)", async () => {
    const operator = await buildUser(w.t.database, [{ role: "operator", region: "1310" }]);
    const headers = await sessionHeaders(w.t.database, operator);
    const res = await post(
      {
        channel: "hotline",
        categoryCode: "disputes.neighbour",
        description: "楼上邻居每天深夜噪音扰民",
        regionCode: w.otherVillage,
        reporter: { name: "李女士", phone: "0316-2345678" },
      },
      headers,
    );
    expect(res.statusCode).toBe(201);
    // The caller has no account: the operator reads the code out to them.
    expect(res.json().trackingCode).not.toBeNull();
    const row = await stored(res.json().id);
    expect(row).toMatchObject({ channel: "hotline", enteredByUserId: operator.id, reporterUserId: null });
    const [event] = await w.t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(event?.actorUserId).toBe(operator.id);
  });

  it("takes a grid worker's patrol finding in their grid, without a tracking code", async () => {
    const worker = await buildUser(w.t.database, [{ role: "grid_worker", region: w.grid }]);
    const res = await post(
      {
        channel: "patrol",
        categoryCode: "security.wires",
        description: "巡查发现楼道电线私拉乱接",
        location: w.inGrid,
      },
      await sessionHeaders(w.t.database, worker),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ trackingCode: null, status: "dispatched" });
    expect(await stored(res.json().id)).toMatchObject({
      channel: "patrol",
      enteredByUserId: worker.id,
      gridCode: w.grid,
    });
  });

  it("refuses staff channels to the anonymous (401) and to residents (403)", async () => {
    const body = { channel: "hotline", description: "有人打电话反映问题" };
    expect((await post(body)).statusCode).toBe(401);
    const resident = await buildUser(w.t.database, []);
    expect((await post(body, await sessionHeaders(w.t.database, resident))).statusCode).toBe(403);
  });

  it("claims the uploaded photos for the case and its intake event", async () => {
    const token = "anonymous-upload-token-1";
    const photo = await storedPhoto({ uploadTokenHash: sha256(token) });
    const res = await post({
      description: "井盖丢失很危险",
      location: w.inGrid,
      attachmentIds: [photo.id],
      attachmentTokens: [token],
    });
    expect(res.statusCode).toBe(201);
    const [claimed] = await w.t.database.db.select().from(attachments).where(eq(attachments.id, photo.id));
    expect(claimed?.subjectId).toBe(res.json().id);
    expect(claimed?.eventId).not.toBeNull();
    // Taken: a second appeal cannot claim it, and that appeal is not half-made.
    const n = await countCases(w.t);
    const again = await post({
      description: "井盖丢失很危险",
      location: w.inGrid,
      attachmentIds: [photo.id],
      attachmentTokens: [token],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe("attachment_unavailable");
    expect(await countCases(w.t)).toBe(n);
  });

  it("claims only the caller's own uploads: the anonymous token or the signed-in uploader", async () => {
    const token = "anonymous-upload-token-2";
    const anonymousPhoto = await storedPhoto({ uploadTokenHash: sha256(token) });
    const owner = await buildUser(w.t.database, []);
    const ownersPhoto = await storedPhoto({ uploadedByUserId: owner.id });
    const stranger = await buildUser(w.t.database, []);
    const n = await countCases(w.t);
    const refusals = [
      await post({ description: "别人的照片不能用", attachmentIds: [anonymousPhoto.id] }),
      await post({
        description: "别人的照片不能用",
        attachmentIds: [anonymousPhoto.id],
        attachmentTokens: ["guess"],
      }),
      await post(
        { channel: "app", description: "别人的照片不能用", attachmentIds: [anonymousPhoto.id] },
        await sessionHeaders(w.t.database, stranger),
      ),
      await post({ description: "别人的照片不能用", attachmentIds: [ownersPhoto.id] }),
      await post(
        { channel: "app", description: "别人的照片不能用", attachmentIds: [ownersPhoto.id] },
        await sessionHeaders(w.t.database, stranger),
      ),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("attachment_unavailable");
    }
    expect(await countCases(w.t)).toBe(n);
    const own = await post(
      { channel: "app", description: "自己拍的照片", attachmentIds: [ownersPhoto.id] },
      await sessionHeaders(w.t.database, owner),
    );
    expect(own.statusCode).toBe(201);
    const [claimed] = await w.t.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.id, ownersPhoto.id));
    expect(claimed?.subjectId).toBe(own.json().id);
    const [untouched] = await w.t.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.id, anonymousPhoto.id));
    expect(untouched?.subjectId).toBeNull();
  });
});

describe("possible duplicates at intake", () => {
  /** The intake event's data of the appeal `res` created. */
  async function intakeData(res: { json(): { id: string } }) {
    const [event] = await w.t.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, res.json().id));
    return (event?.data ?? {}) as { possibleDuplicates?: string[] };
  }
  const at = (dLon: number) => ({ lon: w.inGrid.lon + dLon, lat: w.inGrid.lat });
  const appeal = (categoryCode: string, location: { lon: number; lat: number }) =>
    post({ categoryCode, description: "电梯困人，已经第二次了", location });

  it("records the open cases of the same category within 100 m in the intake event, oldest first", async () => {
    const first = await appeal("property.elevator", at(0));
    const second = await appeal("property.elevator", at(0.0003));
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(await intakeData(first)).not.toHaveProperty("possibleDuplicates");
    expect((await intakeData(second)).possibleDuplicates).toEqual([first.json().number]);
    const third = await appeal("property.elevator", at(0.0006));
    expect((await intakeData(third)).possibleDuplicates).toEqual([first.json().number, second.json().number]);
    // Another category at the same spot is no duplicate.
    const other = await appeal("property.fees", at(0));
    expect(await intakeData(other)).not.toHaveProperty("possibleDuplicates");
  });

  it("measures the distance as distanceMetres does: 95 m is near, 105 m is not", async () => {
    const metresPerDegree = distanceMetres(at(0), at(1));
    const base = at(0.01);
    const origin = await appeal("property.fees", base);
    expect(origin.statusCode).toBe(201);
    for (const [metres, near] of [
      [95, true],
      [105, false],
    ] as const) {
      const point = { lon: base.lon + metres / metresPerDegree, lat: base.lat };
      expect(distanceMetres(base, point) <= DUPLICATE_RADIUS_METRES).toBe(near);
      const res = await appeal("property.fees", point);
      expect(res.statusCode).toBe(201);
      expect((await intakeData(res)).possibleDuplicates ?? []).toEqual(near ? [origin.json().number] : []);
      // Closed, so it does not count for the next point.
      await w.t.database.db.update(cases).set({ status: "closed" }).where(eq(cases.id, res.json().id));
    }
  });
});

describe("bad input", () => {
  const code = async (body: unknown) => {
    const res = await post(body);
    return [res.statusCode, res.json().error?.code, res.json().error?.message] as const;
  };

  it("says what is wrong, and creates nothing", async () => {
    const n = await countCases(w.t);
    expect(await code({ categoryCode: "no.such", description: "描述足够长了" })).toEqual([
      400,
      "unknown_category",
      expect.stringContaining("no.such"),
    ]);
    // A parent category takes no appeals: pick a leaf.
    expect((await code({ categoryCode: "sanitation", description: "描述足够长了" }))[1]).toBe(
      "unknown_category",
    );
    expect(await code({ description: "描述足够长了", location: { lon: 121.47, lat: 31.23 } })).toEqual([
      400,
      "location_outside_city",
      expect.stringContaining("outside the city"),
    ]);
    expect((await code({ description: "短" }))[0]).toBe(400);
    expect((await code({ description: "短" }))[2]).toContain("at least 5");
    expect((await code({ description: "x".repeat(4001) }))[0]).toBe(400);
    // PostgreSQL stores no NUL character: a 400, not a 500.
    expect(await code({ description: "含有\u0000字符的描述" })).toEqual([
      400,
      "invalid_text",
      expect.any(String),
    ]);
    expect((await code({ description: "电话格式不对", reporter: { phone: "12345" } }))[2]).toContain("phone");
    expect((await code({ description: "电话是座机号码", reporter: { phone: "010-12345678" } }))[0]).toBe(201);
    expect((await code({ description: "选错了区域代码", regionCode: "110101" }))[1]).toBe("unknown_region");
    expect((await code({ description: "网格不能手选", regionCode: w.grid }))[1]).toBe("validation_failed");
    expect(await countCases(w.t)).toBe(n + 1);
  });
});

describe("Idempotency-Key", () => {
  const body = {
    categoryCode: "sanitation.garbage",
    description: "幂等测试：垃圾桶满了",
    location: w?.inGrid,
  };

  it("answers a retry with the first answer and never makes a second case", async () => {
    const payload = { ...body, location: w.inGrid };
    // A retry comes from the same client, so from the same address.
    const first = await post(payload, { "idempotency-key": "retry-1" }, "10.2.0.1");
    const n = await countCases(w.t);
    const again = await post({ ...payload }, { "idempotency-key": "retry-1" }, "10.2.0.1");
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await countCases(w.t)).toBe(n);
  });

  it("refuses the same key with a different body (409)", async () => {
    await post({ ...body, location: w.inGrid }, { "idempotency-key": "retry-2" }, "10.2.0.2");
    const other = await post(
      { ...body, location: w.inGrid, description: "另一件不同的事情" },
      { "idempotency-key": "retry-2" },
      "10.2.0.2",
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_mismatch");
  });

  it("keeps keys of different senders apart", async () => {
    const resident = await buildUser(w.t.database, []);
    const a = await post({ ...body, location: w.inGrid }, { "idempotency-key": "shared" });
    const b = await post(
      { ...body, location: w.inGrid },
      { "idempotency-key": "shared", ...(await sessionHeaders(w.t.database, resident)) },
    );
    expect(b.json().id).not.toBe(a.json().id);
    // Two anonymous residents who happen to send the same key and text get a case each, and
    // neither sees the other's tracking code.
    const c = await post({ ...body, location: w.inGrid }, { "idempotency-key": "shared" }, "10.2.0.3");
    const d = await post({ ...body, location: w.inGrid }, { "idempotency-key": "shared" }, "10.2.0.4");
    expect(d.json().id).not.toBe(c.json().id);
    expect(d.json().trackingCode).not.toBe(c.json().trackingCode);
  });

  it("makes one case of 10 concurrent requests with the same key", async () => {
    const n = await countCases(w.t);
    const payload = { ...body, location: w.inGrid, description: "并发重试只应生成一件" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(payload, { "idempotency-key": "burst-1" }, "10.1.0.1")),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countCases(w.t)).toBe(n + 1);
  });

  it("forgets keys after 24 hours", async () => {
    expect(
      await deleteExpiredIdempotencyKeys(w.t.database.db, new Date(Date.now() + 25 * 3_600_000)),
    ).toBeGreaterThan(0);
    const n = await countCases(w.t);
    await post({ ...body, location: w.inGrid }, { "idempotency-key": "retry-1" });
    expect(await countCases(w.t)).toBe(n + 1);
  });

  it("rejects a malformed key", async () => {
    const res = await post({ ...body, location: w.inGrid }, { "idempotency-key": "bad key with spaces" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("bad_idempotency_key");
  });
});

describe("rate limit", () => {
  it("limits anonymous intake per IP but not staff entering calls", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++)
      codes.push((await post({ description: "限流测试用的诉求" }, {}, "10.9.9.9")).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    const operator = await buildUser(w.t.database, [{ role: "operator", region: "1310" }]);
    const headers = await sessionHeaders(w.t.database, operator);
    const staff = await post({ channel: "hotline", description: "限流测试用的诉求" }, headers, "10.9.9.9");
    expect(staff.statusCode).toBe(201);
  });
});
