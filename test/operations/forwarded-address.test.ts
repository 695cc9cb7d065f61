/**
 * TRUST_PROXY: a client's address comes from X-Forwarded-For only when the peer is a configured
 * proxy. A direct client that rotates the header must still meet every per-address limit.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { sessions } from "../../src/db/schema.js";
import { LOGIN_RATE_LIMIT } from "../../src/modules/accounts/auth-routes.js";
import { createUser } from "../../src/modules/accounts/create-user.js";
import { OTP_RATE_LIMIT } from "../../src/modules/accounts/otp-routes.js";
import { UPLOAD_RATE_LIMIT } from "../../src/modules/attachments/routes.js";
import { TRACK_EVALUATE_RATE_LIMIT } from "../../src/modules/cases/actions/action-routes.js";
import { INTAKE_RATE_LIMIT, TRACKING_RATE_LIMIT } from "../../src/modules/cases/routes.js";
import { OPEN311_POST_RATE_LIMIT } from "../../src/modules/open311/routes.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";

const PASSWORD = "Correct4Horse";

interface LimitedRoute {
  name: string;
  max: number;
  method: "GET" | "POST";
  url: string;
  payload?: object;
  headers?: Record<string, string>;
}

/** Every per-address limit of the API, each with a request that the limit counts. */
const LIMITED: LimitedRoute[] = [
  {
    name: "password sign-in",
    max: LOGIN_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "nobody", password: PASSWORD },
  },
  {
    name: "password change",
    max: LOGIN_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/auth/password",
    payload: { currentPassword: PASSWORD, newPassword: "Another4Horse" },
  },
  {
    name: "one-time code request",
    max: OTP_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/auth/otp/request",
    payload: { phone: "13800000001" },
  },
  {
    name: "one-time code check",
    max: OTP_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/auth/otp/verify",
    payload: { phone: "13800000001", code: "123456" },
  },
  {
    name: "tracking look-up",
    max: TRACKING_RATE_LIMIT.max,
    method: "GET",
    url: "/api/v1/track/AAAA-BBBB-CC",
  },
  {
    name: "anonymous evaluation by tracking code",
    max: TRACK_EVALUATE_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/track/AAAA-BBBB-CC/evaluate",
    payload: { resolved: true, satisfaction: "satisfied" },
  },
  {
    name: "anonymous intake",
    max: INTAKE_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/cases",
    payload: { description: "限流测试用的诉求" },
  },
  {
    name: "photo upload",
    max: UPLOAD_RATE_LIMIT.max,
    method: "POST",
    url: "/api/v1/attachments",
    payload: { not: "multipart" },
  },
  {
    name: "Open311 POST without an api_key",
    max: OPEN311_POST_RATE_LIMIT.max,
    method: "POST",
    url: "/open311/v2/requests.json",
    payload: { service_code: "x", description: "限流测试用的诉求" },
  },
];

let counter = 0;
/** A never-repeating address, as an attacker rotating the header would send. */
const spoofed = () => `198.51.${Math.floor(++counter / 250) % 250}.${counter % 250}`;

async function hit(t: TestApp, route: LimitedRoute, remoteAddress: string, forwarded: string) {
  return t.app.inject({
    method: route.method,
    url: route.url,
    ...(route.payload ? { payload: route.payload } : {}),
    headers: { "x-forwarded-for": forwarded },
    remoteAddress,
  });
}

async function loginFrom(t: TestApp, remoteAddress: string, forwarded: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username: "proxied", password: PASSWORD },
    headers: { "x-forwarded-for": forwarded },
    remoteAddress,
  });
}

/** The address stored with the session a sign-in opened. */
async function sessionAddress(t: TestApp, res: { cookies: { name: string; value: string }[] }) {
  const token = res.cookies.find((c) => c.name === "mg_session")?.value;
  expect(token).toBeDefined();
  const id = createHash("sha256")
    .update(token ?? "")
    .digest("hex");
  const [row] = await t.database.db.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.id, id));
  return row?.ip;
}

async function addAccount(t: TestApp) {
  await t.database.db.transaction((tx) =>
    createUser(tx, {
      username: "proxied",
      displayName: "proxied",
      password: PASSWORD,
      roles: [{ role: "village_staff", regionCode: "131002" }],
      actor: null,
    }),
  );
}

describe("TRUST_PROXY off (the default)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await addAccount(t);
  });
  afterAll(async () => t.close());

  for (const route of LIMITED) {
    it(`limits ${route.name} per socket address, whatever X-Forwarded-For says`, async () => {
      const direct = `192.0.2.${10 + LIMITED.indexOf(route)}`;
      for (let i = 0; i < route.max; i++) {
        const res = await hit(t, route, direct, spoofed());
        expect(res.statusCode, `request ${i + 1} of ${route.max}`).not.toBe(429);
      }
      const over = await hit(t, route, direct, spoofed());
      expect(over.statusCode).toBe(429);
    });
  }

  it("keeps the socket address, not the header, with the session", async () => {
    const res = await loginFrom(t, "192.0.2.99", "203.0.113.9");
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, res)).toBe("192.0.2.99");
  });
});

describe("TRUST_PROXY set to the proxy's address", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16" });
    await addAccount(t);
  });
  afterAll(async () => t.close());

  it("takes the forwarded address from the proxy, so residents behind it have their own limits", async () => {
    const route = LIMITED[0];
    if (!route) throw new Error("no route");
    for (let i = 0; i <= route.max + 5; i++) {
      const res = await hit(t, route, i % 2 === 0 ? "10.0.0.5" : "10.1.7.7", spoofed());
      expect(res.statusCode).toBe(401);
    }
    const res = await loginFrom(t, "10.0.0.5", "203.0.113.9");
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, res)).toBe("203.0.113.9");
  });

  it("ignores the header from any other peer", async () => {
    const res = await loginFrom(t, "10.2.0.1", "203.0.113.9");
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, res)).toBe("10.2.0.1");
  });
});

describe("TRUST_PROXY setting", () => {
  it("is off by default and parses addresses, CIDRs and range names", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "off" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback" }).trustProxy).toEqual([
      "10.0.0.5",
      "10.1.0.0/16",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each(["true", "yes", "1", "10.0.0.300", "10.0.0.0/33", "10.0.0.1,", "proxy.example.com"])(
    "refuses %s with one line naming the setting",
    (bad) => {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(
        `TRUST_PROXY must be off or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16 or loopback) (got "${bad}").`,
      );
    },
  );
});
