/** Resident sign-in with a mobile number and a one-time code: the codes, the limits, the session. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import { auditLog, loginCodes, roleBindings, users } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import type { App } from "../../server/context.js";
import { createTestDatabase } from "../../../test/helpers/db.js";
import { OTP_MAX_ATTEMPTS, OTP_PER_IP_HOUR } from "./otp-codes.js";
import { createUser } from "./create-user.js";

let database: Database;
let app: App;
const logLines: string[] = [];
let phoneSeq = 0;
let ipSeq = 0;

/** A fresh mobile number and client address per test, so the limits of one test do not leak. */
function fresh(): { phone: string; ip: string } {
  phoneSeq += 1;
  ipSeq += 1;
  return { phone: `139${String(10_000_000 + phoneSeq).slice(-8)}`, ip: `10.9.0.${ipSeq}` };
}

async function post(url: string, payload: unknown, ip: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    payload: payload as object,
    remoteAddress: ip,
    headers,
  });
}

async function requestCode(phone: string, ip: string): Promise<string> {
  const res = await post("/auth/otp/request", { phone }, ip);
  expect(res.statusCode, res.body).toBe(200);
  const code = res.json().demoCode as string;
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

const wrongCodeFor = (code: string) => (code === "000000" ? "111111" : "000000");

beforeAll(async () => {
  database = await createTestDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp({
    database,
    config: { ...loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "info" }), demoMode: true },
    logger: { level: "info", stream },
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("POST /auth/otp/request", () => {
  it("sends a 6-digit code (logged in demo mode without the number), stores only its hash", async () => {
    const { phone, ip } = fresh();
    const res = await post("/auth/otp/request", { phone: `+86 ${phone.slice(0, 3)}-${phone.slice(3)}` }, ip);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.sentTo).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(body.resendAfterSeconds).toBe(60);
    const code = body.demoCode as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(4 * 60_000);

    const rows = await database.db.select().from(loginCodes).where(eq(loginCodes.phone, phone));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.codeHash).not.toContain(code);
    const sms = logLines.filter((l) => l.includes(code));
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.join("")).not.toContain(phone);
  });

  it("refuses a number that is not a Chinese mobile with 400 and the field", async () => {
    const { ip } = fresh();
    for (const phone of ["12345", "0316-1234567", "23812345678", ""]) {
      const res = await post("/auth/otp/request", { phone }, ip);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
      expect(res.json().error.details[0].field).toContain("phone");
    }
    const missing = await post("/auth/otp/request", {}, ip);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toContain("phone");
  });

  it("limits a phone to one code a minute (429 with retryAfterSeconds)", async () => {
    const { phone, ip } = fresh();
    await requestCode(phone, ip);
    const again = await post("/auth/otp/request", { phone }, fresh().ip);
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe("too_many_requests");
    expect(again.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits a phone to five codes an hour", async () => {
    const { phone, ip } = fresh();
    const past = Date.now() - 30 * 60_000;
    await database.db.insert(loginCodes).values(
      Array.from({ length: 5 }, (_, i) => ({
        phone,
        codeHash: "0".repeat(64),
        expiresAt: new Date(past + i * 60_000 + 5 * 60_000),
        createdAt: new Date(past + i * 60_000),
      })),
    );
    const res = await post("/auth/otp/request", { phone }, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toContain("an hour");
  });

  it("limits one address to twenty codes an hour, whatever the phones", async () => {
    const { ip } = fresh();
    await database.db.insert(loginCodes).values(
      Array.from({ length: OTP_PER_IP_HOUR }, (_, i) => ({
        phone: `1370000${String(i).padStart(4, "0")}`,
        codeHash: "0".repeat(64),
        expiresAt: new Date(Date.now() + 60_000),
        ip,
        createdAt: new Date(Date.now() - 10 * 60_000),
      })),
    );
    const res = await post("/auth/otp/request", { phone: fresh().phone }, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toContain("network");
  });

  it("limits requests per address per minute in memory too", async () => {
    const { ip } = fresh();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await post("/auth/otp/request", { phone: "1" }, ip)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});

describe("POST /auth/otp/verify", () => {
  it("signs a new number in as a resident of the city, with the same session cookie as a login", async () => {
    const { phone, ip } = fresh();
    const code = await requestCode(phone, ip);
    const res = await post("/auth/otp/verify", { phone, code }, ip);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.roles.map((r: { role: string }) => r.role)).toEqual(["resident"]);
    expect(body.roles[0].scope.code).toBe("1310");
    expect(body.user.username).toMatch(/^res_[0-9a-f]{20}$/);
    expect(body.user.username).not.toContain(phone.slice(3));
    expect(body.csrfToken).toBeTruthy();
    // The phone is proven: the pages of one's own register data and disputes open.
    expect(body.phoneProven).toBe(true);
    const cookie = res.cookies.find((c) => c.name === "mg_session");
    expect(cookie?.httpOnly).toBe(true);

    // The cookie works: the resident's own appeals list answers.
    const mine = await app.inject({
      method: "GET",
      url: "/api/v1/my/cases",
      cookies: { mg_session: cookie?.value ?? "" },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([]);

    // The code is used up; the same number signs in again to the same account.
    const reuse = await post("/auth/otp/verify", { phone, code }, ip);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe("code_expired");
    await database.db
      .update(loginCodes)
      .set({ createdAt: new Date(Date.now() - 120_000) })
      .where(eq(loginCodes.phone, phone));
    const second = await post("/auth/otp/verify", { phone, code: await requestCode(phone, ip) }, ip);
    expect(second.statusCode).toBe(200);
    expect(second.json().user.id).toBe(body.user.id);
    const accounts = await database.db
      .select({ id: users.id })
      .from(users)
      .innerJoin(roleBindings, and(eq(roleBindings.userId, users.id), eq(roleBindings.role, "resident")))
      .where(eq(users.phone, phone));
    expect(accounts).toHaveLength(1);
  });

  it("gives the account a username that does not reveal the phone", async () => {
    const { phone, ip } = fresh();
    const res = await post("/auth/otp/verify", { phone, code: await requestCode(phone, ip) }, ip);
    expect(res.statusCode, res.body).toBe(200);
    const username = res.json().user.username as string;
    // A supervisor sees 139****0002 and the username: hashing every number behind the mask the
    // way a derived name would be made must not find it.
    const mask = (p: string) => `${p.slice(0, 3)}${p.slice(-4)}`;
    for (let middle = 0; middle < 10_000; middle++) {
      const candidate = `${phone.slice(0, 3)}${String(middle).padStart(4, "0")}${phone.slice(-4)}`;
      expect(mask(candidate)).toBe(mask(phone));
      for (const input of [candidate, `microgov-resident:${candidate}`]) {
        const hex = createHash("sha256").update(input).digest("hex");
        expect(username.slice(4)).not.toBe(hex.slice(0, 20));
      }
    }
    // Not a function of the phone at all: the same phone's next new account gets another name.
    await database.db.update(users).set({ phone: null }).where(eq(users.username, username));
    await database.db
      .update(loginCodes)
      .set({ createdAt: new Date(Date.now() - 120_000) })
      .where(eq(loginCodes.phone, phone));
    const again = await post("/auth/otp/verify", { phone, code: await requestCode(phone, ip) }, ip);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().user.username).toMatch(/^res_[0-9a-f]{20}$/);
    expect(again.json().user.username).not.toBe(username);
  });

  it("still finds an account made under the old phone-derived name, and the migration renames them", async () => {
    const { phone, ip } = fresh();
    const legacyName = (p: string) =>
      `res_${createHash("sha256").update(`microgov-resident:${p}`).digest("hex").slice(0, 20)}`;
    const legacy = await database.db.transaction((tx) =>
      createUser(tx, {
        username: legacyName(phone),
        displayName: "居民 旧账号",
        phone,
        passwordHash: "!otp-only",
        roles: [{ role: "resident", regionCode: "1310" }],
        actor: null,
      }),
    );
    const res = await post("/auth/otp/verify", { phone, code: await requestCode(phone, ip) }, ip);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.id).toBe(legacy.id);

    // The data migration gives every such account a random name; nothing else changes.
    const other = fresh().phone;
    const second = await database.db.transaction((tx) =>
      createUser(tx, {
        username: legacyName(other),
        displayName: "居民 旧账号二",
        phone: other,
        passwordHash: "!otp-only",
        roles: [{ role: "resident", regionCode: "1310" }],
        actor: null,
      }),
    );
    const staff = await database.db.transaction((tx) =>
      createUser(tx, {
        username: "res_staff_name",
        displayName: "不是居民",
        phone: other,
        passwordHash: "!otp-only",
        roles: [{ role: "resident", regionCode: "1310" }],
        actor: null,
      }),
    );
    const migration = fs
      .readdirSync(path.join(import.meta.dirname, "../../db/migrations"))
      .find((f) => f.endsWith("_resident_usernames.sql"));
    expect(migration).toBeDefined();
    const statements = fs
      .readFileSync(path.join(import.meta.dirname, "../../db/migrations", migration ?? ""), "utf8")
      .split("--> statement-breakpoint");
    await database.db.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
    const names = await database.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(sql`${users.id} in (${legacy.id}, ${second.id}, ${staff.id})`);
    const nameOf = (id: string) => names.find((n) => n.id === id)?.username;
    for (const [id, p] of [
      [legacy.id, phone],
      [second.id, other],
    ] as const) {
      expect(nameOf(id)).toMatch(/^res_[0-9a-f]{20}$/);
      expect(nameOf(id)).not.toBe(legacyName(p));
    }
    expect(nameOf(legacy.id)).not.toBe(nameOf(second.id));
    expect(nameOf(staff.id)).toBe("res_staff_name");
    // The audit log's record of the account's creation carries the new name, not the old one.
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.entityId, legacy.id));
    expect(audited.length).toBeGreaterThan(0);
    expect(JSON.stringify(audited)).not.toContain(legacyName(phone));
    expect(JSON.stringify(audited)).toContain(nameOf(legacy.id));
    // Found by phone afterwards as before.
    await database.db
      .update(loginCodes)
      .set({ createdAt: new Date(Date.now() - 120_000) })
      .where(eq(loginCodes.phone, phone));
    const after = await post("/auth/otp/verify", { phone, code: await requestCode(phone, ip) }, ip);
    expect(after.json().user.id).toBe(legacy.id);
  });

  it("refuses a wrong code with the attempts left", async () => {
    const { phone, ip } = fresh();
    const code = await requestCode(phone, ip);
    const res = await post("/auth/otp/verify", { phone, code: wrongCodeFor(code) }, ip);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("wrong_code");
    expect(res.json().error.details.attemptsLeft).toBe(OTP_MAX_ATTEMPTS - 1);
    expect(res.cookies.find((c) => c.name === "mg_session")).toBeUndefined();
  });

  it("kills a code after five wrong guesses, even the right one after them", async () => {
    const { phone, ip } = fresh();
    const code = await requestCode(phone, ip);
    const answers: string[] = [];
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) {
      const res = await post("/auth/otp/verify", { phone, code: wrongCodeFor(code) }, fresh().ip);
      answers.push(res.json().error.code);
    }
    expect(answers).toEqual(["wrong_code", "wrong_code", "wrong_code", "wrong_code", "too_many_attempts"]);
    const right = await post("/auth/otp/verify", { phone, code }, fresh().ip);
    expect(right.statusCode).toBe(401);
    expect(right.json().error.code).toBe("too_many_attempts");
  });

  it("refuses an expired code, and a number that was never sent one", async () => {
    const { phone, ip } = fresh();
    const code = await requestCode(phone, ip);
    await database.db
      .update(loginCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginCodes.phone, phone));
    const res = await post("/auth/otp/verify", { phone, code }, ip);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("code_expired");
    const never = await post("/auth/otp/verify", { phone: fresh().phone, code: "123456" }, ip);
    expect(never.statusCode).toBe(401);
    expect(never.json().error.code).toBe("code_expired");
  });

  it("only the newest code counts", async () => {
    const { phone, ip } = fresh();
    const first = await requestCode(phone, ip);
    await database.db
      .update(loginCodes)
      .set({ createdAt: new Date(Date.now() - 120_000) })
      .where(eq(loginCodes.phone, phone));
    const second = await requestCode(phone, ip);
    if (first !== second) {
      const old = await post("/auth/otp/verify", { phone, code: first }, ip);
      expect(old.json().error.code).toBe("wrong_code");
    }
    expect((await post("/auth/otp/verify", { phone, code: second }, ip)).statusCode).toBe(200);
  });

  it("refuses a malformed code or phone with 400 and the field", async () => {
    const { phone, ip } = fresh();
    const res = await post("/auth/otp/verify", { phone, code: "12ab" }, ip);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toContain("code");
    const bad = await post("/auth/otp/verify", { phone: "555", code: "123456" }, ip);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toContain("phone");
  });
});

describe("without demo mode and without an SMS gateway", () => {
  it("answers 503 and never hands out a code", async () => {
    const plain = await buildApp({
      database,
      config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }),
    });
    try {
      const res = await plain.inject({
        method: "POST",
        url: "/api/v1/auth/otp/request",
        payload: { phone: fresh().phone },
        remoteAddress: fresh().ip,
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("sms_unavailable");
      expect(res.body).not.toMatch(/\d{6}/);
    } finally {
      await plain.close();
    }
  });
});
