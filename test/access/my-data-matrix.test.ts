/**
 * The authorization matrix of residents' rights: every route × every role × a binding whose scope
 * holds the person / one in the other county / no session. The resident's routes (/me/register…)
 * need my_data.view and a proven phone: a resident account made here has the phone of the world's
 * family (so "in" and "out" are the same for it); every other role is 403. The staff routes follow
 * the register: people.read lists requests in scope (out of scope: 200 without it), people.manage
 * acts (writes sent with a stale version: 409 stale_correction in scope, 404 out of it). Every
 * route the app registers under /api/v1/me/register or /api/v1/register/corrections must have an
 * entry here (the case matrix points at this file).
 */
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/db/schema.js";
import { roleHas, type Permission } from "../../src/core/access/policy.js";
import { buildMyDataWorld, PHONE_A, type MyDataWorld } from "../../src/modules/my-data/test-factory.js";
import { buildTestApp, buildUser, sessionHeaders, type BindingSpec, type TestApp } from "../helpers/app.js";

type Side = "in" | "out" | "anon";
interface Req {
  method: "GET" | "POST";
  url: string;
  payload?: Record<string, unknown>;
}
interface Entry {
  route: string;
  permission: Permission;
  request: () => Req;
  ok: number;
  outOfScope: number;
  shows?: (body: string) => boolean;
}

let t: TestApp;
let w: MyDataWorld;
const registered: string[] = [];
const headers = {} as Record<`${Role}:${"in" | "out"}`, Record<string, string>>;
let correctionId = "";
const FAR_COUNTY = "131003";

function binding(role: Role, side: "in" | "out"): BindingSpec {
  if (role === "resident" || role === "partner") return { role, region: "1310" };
  if (role === "department_handler")
    return { role, department: side === "in" ? w.units.urbanDept : w.units.otherTownshipCentre };
  if (side === "out") return { role, region: FAR_COUNTY };
  switch (role) {
    case "grid_worker":
    case "grid_assistant":
      return { role, region: w.grid };
    case "village_staff":
      return { role, region: w.village };
    case "township_dispatcher":
      return { role, region: w.township };
    default:
      return { role, region: w.county };
  }
}

const api = (p: string) => `/api/v1${p}`;

function entries(): Entry[] {
  return [
    {
      route: "GET /api/v1/me/register",
      permission: "my_data.view",
      ok: 200,
      outOfScope: 200,
      request: () => ({ method: "GET", url: api("/me/register") }),
    },
    {
      route: "GET /api/v1/me/register/reads",
      permission: "my_data.view",
      ok: 200,
      outOfScope: 200,
      request: () => ({ method: "GET", url: api("/me/register/reads") }),
    },
    {
      route: "GET /api/v1/me/register/corrections",
      permission: "my_data.view",
      ok: 200,
      outOfScope: 200,
      request: () => ({ method: "GET", url: api("/me/register/corrections") }),
    },
    {
      route: "POST /api/v1/me/register/corrections",
      permission: "my_data.view",
      ok: 201,
      outOfScope: 201,
      request: () => ({
        method: "POST",
        url: api("/me/register/corrections"),
        payload: { personId: w.persons.head, field: "other", proposed: "矩阵" },
      }),
    },
    {
      route: "GET /api/v1/register/corrections",
      permission: "people.read",
      ok: 200,
      outOfScope: 200,
      shows: (body) => body.includes(correctionId),
      request: () => ({ method: "GET", url: api("/register/corrections") }),
    },
    {
      route: "POST /api/v1/register/corrections/:id/done",
      permission: "people.manage",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/register/corrections/${correctionId}/done`),
        payload: { version: 999_999 },
      }),
    },
    {
      route: "POST /api/v1/register/corrections/:id/decline",
      permission: "people.manage",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/register/corrections/${correctionId}/decline`),
        payload: { version: 999_999, reason: "矩阵" },
      }),
    },
  ];
}

function expected(e: Entry, role: Role, side: Side): number {
  if (side === "anon") return 401;
  if (!roleHas(role, e.permission)) return 403;
  // Departments keep no register: a department binding of a register permission sees none of it.
  if (role === "department_handler") return 403;
  return side === "in" ? e.ok : e.outOfScope;
}

beforeAll(async () => {
  t = await buildTestApp(
    {},
    {
      onRoute: (r: RouteOptions) => {
        for (const m of [r.method].flat()) if (m !== "HEAD") registered.push(`${m} ${r.url}`);
      },
    },
  );
  w = await buildMyDataWorld(t);
  for (const role of ROLES) {
    for (const side of ["in", "out"] as const) {
      // The resident is a phone sign-in account (its number proved by a one-time code).
      const user = await buildUser(t.database, [binding(role, side)], {
        username: role === "resident" ? `res_md_${side}` : `md_${role}_${side}`,
        ...(role === "resident" ? { phone: PHONE_A, passwordHash: "!otp-only" } : {}),
      });
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }
  const made = await t.app.inject({
    method: "POST",
    url: api("/me/register/corrections"),
    headers: w.residents.a,
    payload: { personId: w.persons.spouse, field: "name", proposed: "李秀瑛" },
  });
  if (made.statusCode !== 201) throw new Error(made.body);
  correctionId = (made.json() as { id: string }).id;
}, 120_000);
afterAll(async () => t?.close());

describe("my data authorization matrix", () => {
  for (const route of [...new Set(entries().map((e) => e.route))]) {
    it(`holds for ${route}, every role and side`, async () => {
      const failures: string[] = [];
      for (const e of entries().filter((x) => x.route === route)) {
        for (const role of ROLES) {
          for (const side of ["in", "out", "anon"] as const) {
            if (side === "anon" && role !== ROLES[0]) continue;
            const r = e.request();
            const res = await t.app.inject({
              method: r.method,
              url: r.url,
              headers: side === "anon" ? {} : headers[`${role}:${side}`],
              ...(r.payload ? { payload: r.payload } : {}),
            });
            const want = expected(e, role, side);
            if (res.statusCode !== want) {
              failures.push(
                `${role} (${side}): ${res.statusCode}, expected ${want} — ${res.body.slice(0, 160)}`,
              );
              continue;
            }
            if (want === 409) {
              const code = (res.json() as { error: { code: string } }).error.code;
              if (code !== "stale_correction")
                failures.push(`${role} (${side}): ${code}, expected stale_correction`);
            }
            if (e.shows && want === 200 && side !== "anon") {
              const shown = e.shows(res.body);
              if (side === "in" && !shown) failures.push(`${role} (in): does not show the request`);
              if (side === "out" && shown) failures.push(`${role} (out): shows the request`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("has an entry for every my-data route", () => {
    const mine = [...new Set(registered)].filter((r) =>
      / \/api\/v1\/(me\/register|register\/corrections)(\/|$)/.test(r),
    );
    const covered = new Set(entries().map((e) => e.route));
    expect(mine.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !mine.includes(r))).toEqual([]);
  });
});
