import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { ROLES, sessions, signInFailures, users } from "../../db/schema.js";
import { loadConfig } from "../../config.js";
import { createUser } from "./create-user.js";
import { DEMO_PASSWORD, seedDemoAccounts } from "./seed-demo-accounts.js";

const PASSWORD = "Correct4Horse";
let ipCounter = 0;
/** Every test signs in from its own address, so the per-IP rate limit only bites where meant to. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describe("authentication", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  async function account(username: string, password = PASSWORD) {
    return t.database.db.transaction((tx) =>
      createUser(tx, {
        username,
        displayName: username,
        phone: "13812345678",
        password,
        roles: [{ role: "village_staff", regionCode: "131002" }],
        actor: null,
      }),
    );
  }

  const login = (username: string, password: string, ip = freshIp(), headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers,
      remoteAddress: ip,
      payload: { username, password },
    });

  const sessionCookie = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === "mg_session");

  it("answers the console menu the module manifests register, filtered to the person's permissions", async () => {
    await account("menu_staff");
    const res = await login("menu_staff", PASSWORD);
    expect(res.statusCode).toBe(200);
    // A password account proved no phone (its own register data and disputes stay shut).
    expect(res.json().phoneProven).toBe(false);
    // Village staff: the intake desk (walk-ins at the talk station), their unit's work list, the
    // case search, the map of open cases, the mediation workbench, the month's dispute screening,
    // the register, visits and the cockpit with the visit completion rate and the dispute figures; no triage, no admin.
    expect(res.json().menu).toEqual([
      { id: "cases.intake", group: "work" },
      { id: "cases.worklist", group: "work" },
      { id: "cases.cannedReplies", group: "work" },
      { id: "cases.search", group: "work" },
      { id: "cases.map", group: "work" },
      { id: "mediation.workbench", group: "work" },
      { id: "mediation.screening", group: "work" },
      { id: "people.register", group: "work" },
      { id: "people.corrections", group: "work" },
      { id: "visits.worklist", group: "work" },
      { id: "rates.cockpit", group: "cockpit" },
      { id: "visits.rate", group: "cockpit" },
      { id: "mediation.figures", group: "cockpit" },
    ]);
    const cookie = sessionCookie(res);
    const me = await t.app.inject({ url: "/api/v1/auth/me", cookies: { mg_session: cookie?.value ?? "" } });
    expect(me.json().menu).toEqual(res.json().menu);
  });

  it("signs in: HttpOnly SameSite=Lax cookie, user, roles, permissions and CSRF token", async () => {
    await account("alice");
    const res = await login("Alice", PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "mg_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    const body = res.json();
    expect(body.user.username).toBe("alice");
    expect(body.user.phone).toBe("13812345678"); // one's own phone, unmasked
    expect(JSON.stringify(body)).not.toContain("argon2");
    expect(body.roles).toEqual([
      expect.objectContaining({
        role: "village_staff",
        scope: { kind: "region", code: "131002", name: "安次区", path: "1310.131002", level: "county" },
      }),
    ]);
    expect(body.permissions).toContain("users.read");
    expect(body.permissions).not.toContain("users.manage");
    expect(body.csrfToken).toEqual(expect.any(String));

    const me = await t.app.inject({ url: "/api/v1/auth/me", cookies: { mg_session: cookie?.value ?? "" } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: "alice" }, csrfToken: body.csrfToken });

    // The web apps ask /auth/session, which answers 200 either way.
    const session = await t.app.inject({
      url: "/api/v1/auth/session",
      cookies: { mg_session: cookie?.value ?? "" },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().session).toMatchObject({ user: { username: "alice" }, csrfToken: body.csrfToken });
    const anonymous = await t.app.inject({ url: "/api/v1/auth/session" });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ session: null });
  });

  it("answers the same 401 for an unknown user and a wrong password", async () => {
    await account("bob");
    const wrongPassword = await login("bob", "Wrong4Horse99");
    const unknownUser = await login("nobody_here", PASSWORD);
    const malformedUser = await login("x", PASSWORD);
    for (const res of [wrongPassword, unknownUser, malformedUser]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(wrongPassword.json());
      expect(sessionCookie(res)).toBeUndefined();
    }
    expect(wrongPassword.json().error.code).toBe("invalid_credentials");
  });

  it("locks a username from an address after 5 consecutive failures, even against the right password", async () => {
    await account("carol");
    const ip = freshIp();
    for (let i = 1; i <= 4; i++)
      expect((await login("carol", `Wrong${i}Horse99`, ip)).json().error.code).toBe("invalid_credentials");
    const fifth = await login("carol", "Wrong5Horse99", ip);
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.code).toBe("account_locked");
    expect(fifth.json().error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    const rightButLocked = await login("carol", PASSWORD, ip);
    expect(rightButLocked.statusCode).toBe(401);
    expect(rightButLocked.json().error.code).toBe("account_locked");
    expect(rightButLocked.json().error.message).toMatch(/locked until/);
    expect(sessionCookie(rightButLocked)).toBeUndefined();

    // Once the lock has passed, the right password works and the count starts afresh.
    await t.database.db
      .update(signInFailures)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(signInFailures.username, "carol"));
    expect((await login("carol", PASSWORD, ip)).statusCode).toBe(200);
  });

  it("does not let a stranger lock an account out from elsewhere", async () => {
    await account("owner");
    const stranger = freshIp();
    for (let i = 1; i <= 6; i++) await login("owner", `Wrong${i}Horse99`, stranger);
    expect((await login("owner", PASSWORD, stranger)).json().error.code).toBe("account_locked");
    // The owner, from their own address, signs in as usual; so does another IPv6 network.
    expect((await login("owner", PASSWORD, freshIp())).statusCode).toBe(200);
    expect((await login("owner", PASSWORD, "2001:db8:1:2::7")).statusCode).toBe(200);
  });

  it("counts an IPv6 client's whole /64 as one address", async () => {
    await account("ivan");
    for (let i = 1; i <= 5; i++) await login("ivan", `Wrong${i}Horse99`, `2001:db8:aa:bb::${i}`);
    const res = await login("ivan", PASSWORD, "2001:db8:aa:bb:ffff:1:2:3");
    expect(res.json().error.code).toBe("account_locked");
  });

  it("answers an unknown username exactly as an existing one, lock-out included", async () => {
    await account("judy");
    const known = freshIp();
    const unknown = freshIp();
    for (let i = 1; i <= 7; i++) {
      const a = await login("judy", `Wrong${i}Horse99`, known);
      const b = await login("nobody_at_all", `Wrong${i}Horse99`, unknown);
      expect(b.statusCode, `attempt ${i}`).toBe(a.statusCode);
      const shape = (res: typeof a) => {
        const { code, message, details } = res.json().error;
        return {
          code,
          message: String(message).replace(/until \S+ \(about \d+ min\)/, "until T"),
          details: details ? Object.keys(details).sort() : null,
        };
      };
      expect(shape(b), `attempt ${i}`).toEqual(shape(a));
    }
    expect((await login("judy", PASSWORD, known)).json().error.code).toBe("account_locked");
    expect((await login("nobody_at_all", PASSWORD, unknown)).json().error.code).toBe("account_locked");
  });

  it("resets the failure count on success", async () => {
    await account("dave");
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await login("dave", "Wrong4Horse99", ip);
    expect((await login("dave", PASSWORD, ip)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login("dave", "Wrong4Horse99", ip)).json().error.code).toBe("invalid_credentials");
    const rows = await t.database.db.select().from(signInFailures).where(eq(signInFailures.username, "dave"));
    expect(rows).toMatchObject([{ failures: 4, lockedUntil: null }]);
  });

  it("rate-limits sign-in per IP with 429 in the error shape", async () => {
    const ip = "192.0.2.77";
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await login(`nobody${i}`, PASSWORD, ip)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    const limited = await login("nobody", PASSWORD, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("too_many_requests");
    // Another address is not affected.
    expect((await login("nobody", PASSWORD)).statusCode).toBe(401);
  });

  it("refuses a disabled account", async () => {
    await account("erin");
    await t.database.db.update(users).set({ disabled: true }).where(eq(users.username, "erin"));
    expect((await login("erin", "Wrong4Horse99")).json().error.code).toBe("invalid_credentials");
    const res = await login("erin", PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("account_disabled");
  });

  it("logs out: the session is deleted and the cookie cleared", async () => {
    await account("frank");
    const res = await login("frank", PASSWORD);
    const token = sessionCookie(res)?.value ?? "";
    const headers = { cookie: `mg_session=${token}`, "x-csrf-token": res.json().csrfToken };
    const out = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers });
    expect(out.statusCode).toBe(204);
    expect(sessionCookie(out)?.value).toBe("");
    const me = await t.app.inject({ url: "/api/v1/auth/me", headers });
    expect(me.statusCode).toBe(401);
  });

  it("signs in again over a live session without a CSRF token, replacing that session", async () => {
    await account("hank");
    const first = await login("hank", PASSWORD);
    const oldCookie = `mg_session=${sessionCookie(first)?.value}`;
    const second = await login("hank", PASSWORD, freshIp(), { cookie: oldCookie });
    expect(second.statusCode).toBe(200);
    expect(sessionCookie(second)?.value).not.toBe(sessionCookie(first)?.value);
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers: { cookie: oldCookie } })).statusCode).toBe(
      401,
    );
  });

  it("treats an expired session as anonymous", async () => {
    const user = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    const headers = await sessionHeaders(t.database, user);
    expect((await t.app.inject({ url: "/api/v1/users", headers })).statusCode).toBe(200);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(sessions.userId, user.id));
    const res = await t.app.inject({ url: "/api/v1/users", headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthorized");
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers })).statusCode).toBe(401);
  });

  it("ends a session at its absolute lifetime, however busy it is", async () => {
    const user = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    const headers = await sessionHeaders(t.database, user);
    // In use a minute ago, so the idle expiry is far off; but opened eight days ago.
    await t.database.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '8 days'`, lastSeenAt: sql`now() - interval '1 minute'` })
      .where(eq(sessions.userId, user.id));
    const res = await t.app.inject({ url: "/api/v1/auth/me", headers });
    expect(res.statusCode).toBe(401);
    // Within the lifetime the session works, and its sliding expiry never passes the lifetime.
    const fresh = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    const freshHeaders = await sessionHeaders(t.database, fresh);
    await t.database.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '7 days' + interval '1 hour'` })
      .where(eq(sessions.userId, fresh.id));
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers: freshHeaders })).statusCode).toBe(200);
    const [row] = await t.database.db
      .select({ left: sql<number>`extract(epoch from ${sessions.expiresAt} - now())` })
      .from(sessions)
      .where(eq(sessions.userId, fresh.id));
    expect(Number(row?.left)).toBeLessThanOrEqual(3600);
    expect(Number(row?.left)).toBeGreaterThan(3500);
  });

  it("reads SESSION_MAX_AGE in hours or days, 7 days by default", () => {
    expect(loadConfig({}).sessionMaxAgeMs).toBe(7 * 24 * 3_600_000);
    expect(loadConfig({ SESSION_MAX_AGE: "24h" }).sessionMaxAgeMs).toBe(24 * 3_600_000);
    expect(loadConfig({ SESSION_MAX_AGE: "30d" }).sessionMaxAgeMs).toBe(30 * 24 * 3_600_000);
    for (const bad of ["0h", "1y", "forever", "12"])
      expect(() => loadConfig({ SESSION_MAX_AGE: bad })).toThrow(
        `SESSION_MAX_AGE must be a whole number of hours or days, e.g. 24h or 7d (got "${bad}").`,
      );
  });

  it("does not sign in a request another site started (Sec-Fetch-Site: cross-site), so it leaves no trace", async () => {
    const admin = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    const headers = await sessionHeaders(t.database, admin);
    const me = (site: string) =>
      t.app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { cookie: headers.cookie ?? "", "sec-fetch-site": site },
      });
    for (const site of ["same-origin", "same-site", "none"]) expect((await me(site)).statusCode).toBe(200);
    const crossSite = await me("cross-site");
    expect(crossSite.statusCode).toBe(401);
    expect(crossSite.json().error.code).toBe("unauthorized");
  });

  it("refuses a cookie-authenticated write without the right X-CSRF-Token, changing nothing", async () => {
    const admin = await buildUser(t.database, [{ role: "admin", region: "1310" }]);
    const headers = await sessionHeaders(t.database, admin);
    const payload = {
      username: "csrf_victim",
      displayName: "x",
      password: PASSWORD,
      roles: [{ role: "resident", regionCode: "1310" }],
    };
    for (const token of [undefined, "wrong-token"]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers:
          token === undefined ? { cookie: headers.cookie ?? "" } : { ...headers, "x-csrf-token": token },
        payload,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("csrf_failed");
    }
    expect(await t.database.db.select().from(users).where(eq(users.username, "csrf_victim"))).toEqual([]);
    const ok = await t.app.inject({ method: "POST", url: "/api/v1/users", headers, payload });
    expect(ok.statusCode).toBe(201);
  });

  it("changes one's own password: rules apply, other sessions end, this one stays", async () => {
    await account("gina");
    const first = await login("gina", PASSWORD);
    const second = await login("gina", PASSWORD);
    const headers = {
      cookie: `mg_session=${sessionCookie(first)?.value}`,
      "x-csrf-token": first.json().csrfToken,
    };
    const otherHeaders = { cookie: `mg_session=${sessionCookie(second)?.value}` };
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password",
        headers,
        payload: { currentPassword, newPassword },
      });

    const wrongCurrent = await change("Wrong4Horse99", "Brand5NewPass");
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.code).toBe("invalid_current_password");
    const weak = await change(PASSWORD, "short1");
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({
      code: "weak_password",
      details: [{ field: "body.newPassword" }],
    });
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers: otherHeaders })).statusCode).toBe(200);

    expect((await change(PASSWORD, "Brand5NewPass")).statusCode).toBe(204);
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers: otherHeaders })).statusCode).toBe(401);
    expect((await login("gina", PASSWORD)).statusCode).toBe(401);
    expect((await login("gina", "Brand5NewPass")).statusCode).toBe(200);
  });

  it("counts wrong current passwords toward the lock-out and ends the session at the limit", async () => {
    await account("kate");
    const ip = freshIp();
    const signedIn = await login("kate", PASSWORD, ip);
    const headers = {
      cookie: `mg_session=${sessionCookie(signedIn)?.value}`,
      "x-csrf-token": signedIn.json().csrfToken,
    };
    const change = (currentPassword: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password",
        headers,
        payload: { currentPassword, newPassword: "Brand5NewPass" },
        remoteAddress: ip,
      });
    // One wrong sign-in first: both kinds of guess count together.
    expect((await login("kate", "Wrong0Horse99", ip)).json().error.code).toBe("invalid_credentials");
    for (let i = 1; i <= 3; i++)
      expect((await change(`Wrong${i}Horse99`)).json().error.code).toBe("invalid_current_password");
    const fifth = await change("Wrong4Horse99");
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.code).toBe("account_locked");
    // The session is over, the password unchanged, and the address locked out for this user.
    expect((await t.app.inject({ url: "/api/v1/auth/me", headers })).statusCode).toBe(401);
    expect((await change(PASSWORD)).statusCode).toBe(401);
    expect((await login("kate", PASSWORD, ip)).json().error.code).toBe("account_locked");
    expect((await login("kate", PASSWORD, freshIp())).statusCode).toBe(200);
  });

  it("seeds a demo account for every role, all signing in with the demo password", async () => {
    const accounts = await seedDemoAccounts(t.database.db);
    const roles = new Set(accounts.map((a) => a.role));
    for (const role of ROLES) expect(roles).toContain(role);
    const again = await seedDemoAccounts(t.database.db);
    expect(again).toEqual(accounts);
    for (const a of accounts) {
      const res = await login(a.username, DEMO_PASSWORD);
      expect(res.statusCode, a.username).toBe(200);
      expect(res.json().roles[0].role).toBe(a.role);
    }
  });
});
