/**
 * The authorization matrix of visits: every visits route × every role × a binding whose scope
 * holds the visit / one in the other county / no session. Expectations come from the permission
 * each route names and the roles the policy gives it: no session 401, a role without the
 * permission 403, out of scope 404 (the list: 200 without the visit), in scope the route's own
 * success — writes are sent with a stale version, so in scope they answer 409 stale_visit and one
 * seeded world serves every request. The visit is of a care type every register role may see
 * (hidden key types are covered in src/modules/visits/visits.test.ts). Every route the app
 * registers under /api/v1/visits must have an entry here (the case matrix points at this file).
 */
import type { RouteOptions } from "fastify";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/db/schema.js";
import { roleHas, type Permission } from "../../src/core/access/policy.js";
import { visits } from "../../src/modules/visits/schema.js";
import { buildVisitWorld, type VisitWorld } from "../../src/modules/visits/test-factory.js";
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
let w: VisitWorld;
const registered: string[] = [];
const headers = {} as Record<`${Role}:${"in" | "out"}`, Record<string, string>>;
let visitId = "";
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
      route: "GET /api/v1/visits",
      permission: "visits.read",
      ok: 200,
      outOfScope: 200,
      shows: (body) => body.includes(visitId),
      request: () => ({ method: "GET", url: api("/visits") }),
    },
    {
      route: "GET /api/v1/visits/completion-rate",
      permission: "visits.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/visits/completion-rate?region=${w.grid}`) }),
    },
    {
      route: "GET /api/v1/visits/completion-rate/visits",
      permission: "visits.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/visits/completion-rate/visits?region=${w.grid}`) }),
    },
    {
      route: "GET /api/v1/visits/:id",
      permission: "visits.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/visits/${visitId}`) }),
    },
    {
      route: "POST /api/v1/visits/:id/record",
      permission: "visits.record",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/visits/${visitId}/record`),
        payload: { version: 999_999, method: "home", findings: "矩阵" },
      }),
    },
    {
      route: "POST /api/v1/visits/:id/appeal",
      permission: "visits.record",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/visits/${visitId}/appeal`),
        payload: { version: 999_999 },
      }),
    },
    {
      route: "POST /api/v1/visits/:id/dispute",
      permission: "visits.record",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/visits/${visitId}/dispute`),
        payload: { version: 999_999, typeCode: "neighbour" },
      }),
    },
  ];
}

function expected(e: Entry, role: Role, side: Side): number {
  if (side === "anon") return 401;
  if (!roleHas(role, e.permission)) return 403;
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
  w = await buildVisitWorld(t);
  for (const role of ROLES) {
    for (const side of ["in", "out"] as const) {
      const user = await buildUser(t.database, [binding(role, side)], { username: `vs_${role}_${side}` });
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }
  const [row] = await t.database.db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.tagId, w.tags.elderly), eq(visits.status, "planned")));
  if (!row) throw new Error("no planned visit");
  visitId = row.id;
});
afterAll(async () => t.close());

describe("visits authorization matrix", () => {
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
              if (code !== "stale_visit") failures.push(`${role} (${side}): ${code}, expected stale_visit`);
            }
            if (e.shows && want === 200 && side !== "anon") {
              const shown = e.shows(res.body);
              if (side === "in" && !shown) failures.push(`${role} (in): does not show the visit`);
              if (side === "out" && shown) failures.push(`${role} (out): shows the visit`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("has an entry for every visits route", () => {
    const mine = [...new Set(registered)].filter((r) => / \/api\/v1\/visits(\/|$)/.test(r));
    const covered = new Set(entries().map((e) => e.route));
    expect(mine.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !mine.includes(r))).toEqual([]);
  });
});
