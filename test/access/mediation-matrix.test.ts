/**
 * The authorization matrix of mediation: every mediation route × every role × a binding whose
 * scope holds the dispute / one in the other county / no session. Expectations come from the
 * permission each route names and the roles policy.ts gives it: no session 401, a role without
 * the permission 403, out of scope 404 (lists: 200 without the dispute), in scope the route's own
 * success — actions are sent with a stale version, so in scope they answer 409 stale_dispute and
 * one seeded world serves every request. Every route the app registers under
 * /api/v1/mediation must have an entry here (the case matrix points at this file for them), and so
 * must a party's own disputes (/api/v1/my/disputes): no role opens them, only a proven phone — the
 * matrix's accounts proved none (403); mediation.test.ts's own-disputes tests show a party's 200.
 */
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/db/schema.js";
import { roleHas, type Permission } from "../../src/core/access/policy.js";
import { buildCase } from "../../src/modules/cases/actions/test-factory.js";
import { DISPUTE_ACTION_ROUTES } from "../../src/modules/mediation/routes.js";
import { DISPUTE_WORKFLOW } from "../../src/modules/mediation/state-table.js";
import { buildMediationWorld, type MediationWorld } from "../../src/modules/mediation/test-factory.js";
import { runScreeningScan } from "../../src/modules/mediation/screening-scan.js";
import { monthOf } from "../../src/modules/mediation/screening-workflow.js";
import { buildTestApp, buildUser, sessionHeaders, type BindingSpec, type TestApp } from "../helpers/app.js";

type Side = "in" | "out" | "anon";
interface Req {
  method: "GET" | "POST" | "PATCH" | "PUT";
  url: string;
  payload?: Record<string, unknown>;
}
interface Entry {
  route: string;
  permission: Permission;
  request: () => Req;
  /** Success in scope. */
  ok: number;
  /** Out of scope: 404, or the status of a list/catalogue that answers without the dispute. */
  outOfScope: number;
  /**
   * For the roles that hold mediation.read_alerted but not `permission` (department staff): their
   * status here; the matrix's departments were alerted about nothing, so a dispute is 404.
   */
  alerted?: number;
  /** For lists: must the answer show the dispute in scope, and not out of it? */
  shows?: (body: string) => boolean;
  /** A route no role opens (a party's own disputes): every signed-in account's status. */
  everyRole?: number;
}

let t: TestApp;
let w: MediationWorld;
const registered: string[] = [];
const headers = {} as Record<`${Role}:${"in" | "out"}`, Record<string, string>>;
let dispute: { id: string; number: string };
let settled: { number: string };
let caseNumber = "";
let screeningTaskId = "";
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
function actionBody(action: (typeof DISPUTE_ACTION_ROUTES)[number]): Record<string, unknown> {
  // A version no dispute of this world reaches: every in-scope action is refused as stale.
  const version = 999_999;
  switch (action) {
    case "assign":
      return { version, mediatorId: w.mediators.villageStaff };
    case "decline":
    case "escalate":
      return { version, reason: "矩阵" };
    case "record_session":
      return {
        version,
        heldAt: new Date().toISOString(),
        place: "矩阵",
        participants: "双方",
        notes: "矩阵",
      };
    case "extend":
      return { version, days: 5, consent: "矩阵" };
    case "change_risk":
      return { version, riskLevel: "major", reason: "矩阵" };
    case "settle":
      return { version, form: "oral", matters: "m", agreed: "a", performanceManner: "p" };
    case "refer":
      return { version, channel: "litigation", receivingBody: "法院", referredOn: "2026-12-01" };
    case "record_follow_up":
      return { version, followedOn: "2026-12-01", performed: "yes" };
    case "record_judicial_confirmation":
      return { version, appliedOn: "2026-12-01", court: "法院" };
    default:
      return { version };
  }
}

function entries(): Entry[] {
  const shows = (body: string) => body.includes(dispute.number);
  return [
    {
      route: "POST /api/v1/mediation/disputes",
      permission: "mediation.register",
      ok: 201,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api("/mediation/disputes"),
        payload: {
          source: "screening",
          regionCode: w.grid,
          typeCode: "other",
          facts: "矩阵排查发现",
          parties: [{ role: "applicant", name: "矩阵" }],
        },
      }),
    },
    {
      route: "POST /api/v1/mediation/disputes/from-case",
      permission: "mediation.register",
      // In scope the case is found and the stale version refused: the world stays as it is.
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api("/mediation/disputes/from-case"),
        payload: {
          caseRef: caseNumber,
          caseVersion: 999_999,
          typeCode: "neighbour",
          parties: [{ role: "applicant", name: "矩阵" }],
        },
      }),
    },
    {
      route: "GET /api/v1/mediation/disputes",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 200,
      shows,
      request: () => ({ method: "GET", url: api("/mediation/disputes") }),
    },
    {
      route: "GET /api/v1/mediation/disputes/:id",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 404,
      alerted: 404,
      request: () => ({ method: "GET", url: api(`/mediation/disputes/${dispute.number}`) }),
    },
    {
      route: "POST /api/v1/mediation/disputes/:id/reveal-parties",
      permission: "mediation.mediate",
      ok: 200,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/mediation/disputes/${dispute.number}/reveal-parties`),
        payload: { reason: "矩阵" },
      }),
    },
    {
      route: "GET /api/v1/mediation/disputes/:id/agreement.pdf",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 404,
      alerted: 404,
      request: () => ({ method: "GET", url: api(`/mediation/disputes/${settled.number}/agreement.pdf`) }),
    },
    {
      route: "GET /api/v1/mediation/dispute-types",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 200,
      request: () => ({ method: "GET", url: api("/mediation/dispute-types") }),
    },
    {
      route: "GET /api/v1/mediation/committees",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 200,
      shows: (body) => body.includes(w.committees.village),
      request: () => ({ method: "GET", url: api("/mediation/committees") }),
    },
    // Administration (mediation.manage). Writes that would change the world are refused as
    // duplicates in scope (409), so one seeded world serves every request.
    {
      route: "POST /api/v1/mediation/committees",
      permission: "mediation.manage",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api("/mediation/committees"),
        payload: { regionCode: w.county, kind: "property" },
      }),
    },
    {
      route: "PATCH /api/v1/mediation/committees/:id",
      permission: "mediation.manage",
      ok: 200,
      outOfScope: 404,
      request: () => ({
        method: "PATCH",
        url: api(`/mediation/committees/${w.committees.village}`),
        payload: { name: "矩阵村人民调解委员会" },
      }),
    },
    {
      route: "GET /api/v1/mediation/mediators",
      permission: "mediation.manage",
      ok: 200,
      outOfScope: 200,
      shows: (body) => body.includes(w.mediators.leader),
      request: () => ({ method: "GET", url: api("/mediation/mediators") }),
    },
    {
      route: "POST /api/v1/mediation/mediators",
      permission: "mediation.manage",
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api("/mediation/mediators"),
        payload: { committeeId: w.committees.village, name: "矩阵", username: w.users.villageStaff.username },
      }),
    },
    {
      route: "PATCH /api/v1/mediation/mediators/:id",
      permission: "mediation.manage",
      ok: 200,
      outOfScope: 404,
      request: () => ({
        method: "PATCH",
        url: api(`/mediation/mediators/${w.mediators.leader}`),
        payload: { ruleOfLawLeader: true },
      }),
    },
    // The catalogue and the repeat window are city-wide: the matrix's administrators are bound to
    // a county (in) or another county (out), so both are refused; mediation-admin.test.ts shows a
    // city administrator's success.
    {
      route: "POST /api/v1/mediation/dispute-types",
      permission: "mediation.manage",
      ok: 403,
      outOfScope: 403,
      request: () => ({
        method: "POST",
        url: api("/mediation/dispute-types"),
        payload: { code: "matrix", nameZh: "矩阵", nameEn: "Matrix" },
      }),
    },
    {
      route: "PATCH /api/v1/mediation/dispute-types/:code",
      permission: "mediation.manage",
      ok: 403,
      outOfScope: 403,
      request: () => ({
        method: "PATCH",
        url: api("/mediation/dispute-types/other"),
        payload: { active: true },
      }),
    },
    {
      route: "GET /api/v1/mediation/settings",
      permission: "mediation.manage",
      ok: 200,
      outOfScope: 200,
      request: () => ({ method: "GET", url: api("/mediation/settings") }),
    },
    {
      route: "PUT /api/v1/mediation/settings",
      permission: "mediation.manage",
      ok: 403,
      outOfScope: 403,
      request: () => ({ method: "PUT", url: api("/mediation/settings"), payload: { repeatWindowDays: 90 } }),
    },
    // The monthly screening (排查): followed by village, township and county, recorded by the village.
    {
      route: "GET /api/v1/mediation/screening-tasks",
      permission: "mediation.read_screening",
      ok: 200,
      outOfScope: 200,
      shows: (body) => body.includes(screeningTaskId),
      request: () => ({ method: "GET", url: api("/mediation/screening-tasks") }),
    },
    {
      route: "POST /api/v1/mediation/screening-tasks/:id/record",
      permission: "mediation.screen",
      // A version the task never reaches: refused as stale in scope, so the task stays to record.
      ok: 409,
      outOfScope: 404,
      request: () => ({
        method: "POST",
        url: api(`/mediation/screening-tasks/${screeningTaskId}/record`),
        payload: { result: "none_found", version: 999_999 },
      }),
    },
    // The figures (issue 14): asked for the world's grid, inside every "in" binding's scope and
    // outside every "out" one's (404).
    {
      route: "GET /api/v1/mediation/figures",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/mediation/figures?region=${w.grid}`) }),
    },
    {
      route: "GET /api/v1/mediation/figures/disputes",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({
        method: "GET",
        url: api(`/mediation/figures/disputes?region=${w.grid}&figure=found`),
      }),
    },
    {
      route: "GET /api/v1/mediation/figures/screening",
      permission: "mediation.read_screening",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/mediation/figures/screening?region=${w.grid}`) }),
    },
    {
      route: "GET /api/v1/mediation/figures/monthly.xlsx",
      permission: "mediation.read",
      ok: 200,
      outOfScope: 404,
      request: () => ({ method: "GET", url: api(`/mediation/figures/monthly.xlsx?region=${w.grid}`) }),
    },
    // A party's own disputes: opened by a phone proved with a one-time code, never by a role.
    {
      route: "GET /api/v1/my/disputes",
      permission: "mediation.read",
      ok: 403,
      outOfScope: 403,
      everyRole: 403,
      request: () => ({ method: "GET", url: api("/my/disputes") }),
    },
    {
      route: "GET /api/v1/my/disputes/:number",
      permission: "mediation.read",
      ok: 403,
      outOfScope: 403,
      everyRole: 403,
      request: () => ({ method: "GET", url: api(`/my/disputes/${dispute.number}`) }),
    },
    ...DISPUTE_ACTION_ROUTES.map((action): Entry => {
      const permission = DISPUTE_WORKFLOW.rules[action].permission;
      if (!permission) throw new Error(`${action} has no permission`);
      return {
        route: `POST /api/v1/mediation/disputes/:id/actions/${action}`,
        permission,
        ok: 409,
        outOfScope: 404,
        request: () => ({
          method: "POST",
          url: api(`/mediation/disputes/${dispute.number}/actions/${action}`),
          payload: actionBody(action),
        }),
      };
    }),
  ];
}

function expected(e: Entry, role: Role, side: Side): number {
  if (side === "anon") return 401;
  if (e.everyRole !== undefined) return e.everyRole;
  if (!roleHas(role, e.permission)) {
    return e.alerted !== undefined && roleHas(role, "mediation.read_alerted") ? e.alerted : 403;
  }
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
  w = await buildMediationWorld(t);
  for (const role of ROLES) {
    for (const side of ["in", "out"] as const) {
      const user = await buildUser(t.database, [binding(role, side)], { username: `md_${role}_${side}` });
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({
      method: "POST",
      url: api(url),
      headers: w.headers.villageStaff,
      payload,
    });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
    return res.json<{ id: string; number: string; version: number }>();
  };
  const walkIn = {
    source: "walk_in",
    regionCode: w.grid,
    typeCode: "neighbour",
    facts: "矩阵纠纷",
    parties: [{ role: "applicant", name: "矩阵甲" }],
  };
  dispute = await post("/mediation/disputes", walkIn);
  const s = await post("/mediation/disputes", walkIn);
  let v = (await post(`/mediation/disputes/${s.number}/actions/accept`, { version: s.version })).version;
  v = (
    await post(`/mediation/disputes/${s.number}/actions/record_session`, {
      version: v,
      heldAt: new Date().toISOString(),
      place: "矩阵",
      participants: "双方",
      notes: "矩阵",
    })
  ).version;
  await post(`/mediation/disputes/${s.number}/actions/settle`, {
    version: v,
    form: "written",
    matters: "m",
    agreed: "a",
    performanceManner: "p",
  });
  settled = s;
  await runScreeningScan(t.database.db);
  const month = monthOf(new Date());
  const tasks = await t.app.inject({
    method: "GET",
    url: api(`/mediation/screening-tasks?month=${month}`),
    headers: w.headers.villageStaff,
  });
  screeningTaskId = tasks.json<{ items: { id: string }[] }>().items[0]?.id ?? "";
  if (!screeningTaskId) throw new Error(`no screening task: ${tasks.body}`);
  caseNumber = (await buildCase(t.database.db, { regionCode: w.grid })).case.number;
});
afterAll(async () => t.close());

describe("mediation authorization matrix", () => {
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
            if (want === 409 && (r.url.includes("/actions/") || r.url.endsWith("/record"))) {
              const code = (res.json() as { error: { code: string } }).error.code;
              const stale = r.url.endsWith("/record") ? "stale_screening" : "stale_dispute";
              if (code !== stale) failures.push(`${role} (${side}): ${code}, expected ${stale}`);
            }
            if (e.shows && want === 200 && side !== "anon") {
              const shown = e.shows(res.body);
              if (side === "in" && !shown) failures.push(`${role} (in): does not show the dispute`);
              if (side === "out" && shown) failures.push(`${role} (out): shows the dispute`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("has an entry for every mediation route and every action the state table offers", () => {
    const mine = [...new Set(registered)].filter((r) => / \/api\/v1\/(mediation|my\/disputes)\b/.test(r));
    const covered = new Set(entries().map((e) => e.route));
    expect(mine.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !mine.includes(r))).toEqual([]);
    const offered = DISPUTE_WORKFLOW.actions.filter(
      (a) =>
        DISPUTE_WORKFLOW.rules[a].permission !== undefined && DISPUTE_WORKFLOW.rules[a].offered !== false,
    );
    expect([...DISPUTE_ACTION_ROUTES].sort()).toEqual([...offered].sort());
  });
});
