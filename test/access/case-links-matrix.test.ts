/**
 * The authorization matrix of case links: every route × every role × a binding whose scope holds
 * the case and the person / one in the other county / no session. No session 401, a role without
 * the permission 403, out of scope 404, in scope the route's own answer: linking is sent for a
 * person already linked, so a handler in scope gets 409 already_linked (authorisation passed,
 * nothing changed) and one seeded world serves every request; an unlink that succeeds is undone
 * at once. Every route of src/modules/case-links must have an entry here (the case matrix points
 * at this file).
 */
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/db/schema.js";
import { roleHas, type Permission } from "../../src/core/access/policy.js";
import { buildCase } from "../../src/modules/cases/actions/test-factory.js";
import { caseLinks } from "../../src/modules/case-links/schema.js";
import { buildVisitWorld, type VisitWorld } from "../../src/modules/visits/test-factory.js";
import { buildTestApp, buildUser, sessionHeaders, type BindingSpec, type TestApp } from "../helpers/app.js";

type Side = "in" | "out" | "anon";
interface Req {
  method: "GET" | "POST" | "DELETE";
  url: string;
  payload?: Record<string, unknown>;
}
interface Entry {
  route: string;
  permissions: Permission[];
  request: () => Req;
  ok: number;
  outOfScope: number;
  /** A role whose permission holds but who is no party to the case in scope (a department). */
  inScopeOverride?: Partial<Record<Role, number>>;
}

let t: TestApp;
let w: VisitWorld;
const registered: string[] = [];
const headers = {} as Record<`${Role}:${"in" | "out"}`, Record<string, string>>;
let caseId = "";
let linkId = "";
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

async function linkAgain(): Promise<void> {
  const [row] = await t.database.db
    .insert(caseLinks)
    .values({ caseId, personId: w.persons.elderly })
    .onConflictDoNothing()
    .returning({ id: caseLinks.id });
  if (row) linkId = row.id;
}

function entries(): Entry[] {
  return [
    {
      route: "GET /api/v1/cases/:id/links",
      permissions: ["cases.read"],
      ok: 200,
      outOfScope: 404,
      // The urban department has no part in the case: it is not found for them.
      inScopeOverride: { department_handler: 404 },
      request: () => ({ method: "GET", url: api(`/cases/${caseId}/links`) }),
    },
    {
      route: "POST /api/v1/cases/:id/links",
      permissions: ["case_links.manage", "people.read"],
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/cases/${caseId}/links`),
        payload: { personId: w.persons.elderly },
      }),
    },
    {
      route: "DELETE /api/v1/cases/:id/links/:linkId",
      permissions: ["case_links.manage", "people.read"],
      ok: 204,
      outOfScope: 404,
      request: () => ({ method: "DELETE", url: api(`/cases/${caseId}/links/${linkId}`) }),
    },
    {
      route: "GET /api/v1/persons/:id/cases",
      permissions: ["people.read"],
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/persons/${w.persons.elderly}/cases`) }),
    },
  ];
}

function expected(e: Entry, role: Role, side: Side): number {
  if (side === "anon") return 401;
  if (!e.permissions.every((p) => roleHas(role, p))) return 403;
  if (side === "in") return e.inScopeOverride?.[role] ?? e.ok;
  return e.outOfScope;
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
      const user = await buildUser(t.database, [binding(role, side)], { username: `cl_${role}_${side}` });
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }
  const built = await buildCase(t.database.db, {
    regionCode: w.grid,
    status: "handling",
    assignedOrgId: w.units.gridPost,
  });
  caseId = built.case.id;
  await linkAgain();
});
afterAll(async () => t.close());

describe("case links authorization matrix", () => {
  for (const e of entries()) {
    it(`holds for ${e.route}, every role and side`, async () => {
      const failures: string[] = [];
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
          if (res.statusCode === 204) await linkAgain();
          const want = expected(e, role, side);
          if (res.statusCode !== want) {
            failures.push(
              `${role} (${side}): ${res.statusCode}, expected ${want} — ${res.body.slice(0, 160)}`,
            );
            continue;
          }
          if (want === 409) {
            const code = (res.json() as { error: { code: string } }).error.code;
            if (code !== "already_linked")
              failures.push(`${role} (${side}): ${code}, expected already_linked`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("has an entry for every case links route", () => {
    const mine = [...new Set(registered)].filter(
      (r) => / \/api\/v1\/cases\/:id\/links/.test(r) || r.endsWith(" /api/v1/persons/:id/cases"),
    );
    const covered = new Set(entries().map((e) => e.route));
    expect(mine.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !mine.includes(r))).toEqual([]);
  });
});
