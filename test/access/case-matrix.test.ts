/**
 * The authorization matrix of cases: every case read and every case action × every role of
 * src/db/schema.ts × a binding whose scope holds the case / one in the other county / no session.
 * Expectations are generated from the permission each endpoint names here and the roles that
 * policy.ts gives it: no session 401, a role without the permission 403, out of scope 404 (lists:
 * 200 without the case), in scope the endpoint's own success (actions: 409 stale_case, since each
 * is sent with a stale version, so the world never changes and one seeded world serves all).
 *
 * Every route the app registers under /api/v1 and /open311/v2 must be named below, either with
 * its matrix entries or with the test file that covers it: a new route without an entry fails.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, asc, eq } from "drizzle-orm";
import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attachments,
  caseExtensions,
  categories,
  grids,
  notifications,
  organisations,
  regions,
  ROLES,
  type Role,
} from "../../src/db/schema.js";
import { PERMISSIONS, roleHas, type Permission } from "../../src/core/access/policy.js";
import { REJECT_REASONS } from "../../src/modules/cases/actions/schemas.js";
import { PHONE_SEARCH_PERMISSIONS } from "../../src/modules/cases/contact-search.js";
import { buildCase, buildWorld, type World } from "../../src/modules/cases/actions/test-factory.js";
import { notifyUnits } from "../../src/modules/cases/actions/notify.js";
import { ACTION_PERMISSIONS as ALL_ACTION_PERMISSIONS } from "../../src/modules/cases/offered-actions.js";
import { CASE_WORKFLOW } from "../../src/modules/cases/state-table.js";
import { CaseListQuery } from "../../src/modules/cases/schemas.js";
import { DISPUTE_ACTION_ROUTES } from "../../src/modules/mediation/routes.js";
import type { CaseRow } from "../../src/modules/cases/transition.js";
import { RATE_TABLES } from "../../src/modules/exports/rate-table.js";
import { BREAKDOWN_DIMENSIONS } from "../../src/modules/rates/schemas.js";
import { MODULES } from "../../src/modules/registry.js";
import { buildTestApp, buildUser, sessionHeaders, type BindingSpec, type TestApp } from "../helpers/app.js";

/**
 * The actions a client takes at POST /cases/{id}/actions/{action}: the state table's moves that
 * are offered (triage is a move of the table too, with its own route and form, checked above).
 */
const ACTION_PERMISSIONS = Object.fromEntries(
  Object.entries(ALL_ACTION_PERMISSIONS).filter(
    ([a]) => CASE_WORKFLOW.rules[a as keyof typeof CASE_WORKFLOW.rules].offered !== false,
  ),
);

/** Every permission the registered modules declare (their manifests), by name. */
const REGISTERED_PERMISSIONS: readonly string[] = MODULES.flatMap((m) => Object.keys(m.permissions ?? {}));

type Side = "in" | "out" | "anon";
const SIDES: readonly Side[] = ["in", "out", "anon"];
/** The matrix's actors: one per role and side, plus the resident who reported the case. */
type ActorKey = `${Role}:${"in" | "out"}` | "reporter";

interface Req {
  method: "GET" | "POST";
  url: string;
  payload?: Record<string, unknown>;
}

/**
 * One row of the matrix. `expected` overrides the generated status where the house rule differs
 * (say why at the entry); `shows` tells whether an answer shows the case, for lists and figures.
 */
interface Entry {
  /** The route as the app registers it, e.g. "GET /api/v1/cases/:id". */
  route: string;
  name: string;
  permission: Permission;
  request: () => Req;
  /** Success in scope (default 200). */
  ok?: number;
  /** Out of scope: 404, or "hidden" (200 without the case) for lists and figures. */
  outOfScope?: 404 | "hidden";
  /** For "hidden" entries: does this answer show the case? */
  shows?: (body: string) => boolean;
  /** In scope, must the answer show the case for this role (default: yes for hidden entries)? */
  listedFor?: (role: Role) => boolean;
  expected?: (role: Role, side: Side) => number;
}

const HOUR = 3_600_000;
let t: TestApp;
let world: World;
let theCase: CaseRow;
let theTrackingCode = "";
let extensionId = "";
let attachmentId = "";
let notificationId = 0;
let categoryCode = "";
let uploadDir = "";
/** Region and units of the other county, where every "out" binding lies. */
const far = { county: "131003", township: "", village: "", grid: "", urbanDept: "" };
const headers = {} as Record<ActorKey, Record<string, string>>;
const registered: string[] = [];

function inBinding(role: Role): BindingSpec {
  switch (role) {
    case "grid_worker":
    case "grid_assistant":
      return { role, region: world.grid };
    case "village_staff":
      return { role, region: world.village };
    case "township_dispatcher":
      return { role, region: world.township };
    case "department_handler":
      return { role, department: world.units.urbanDept };
    case "resident":
    case "partner":
      return { role, region: "1310" };
    default:
      return { role, region: world.county };
  }
}

function outBinding(role: Role): BindingSpec {
  switch (role) {
    case "grid_worker":
    case "grid_assistant":
      return { role, region: far.grid };
    case "village_staff":
      return { role, region: far.village };
    case "township_dispatcher":
      return { role, region: far.township };
    case "department_handler":
      return { role, department: far.urbanDept };
    case "resident":
    case "partner":
      return { role, region: "1310" };
    default:
      return { role, region: far.county };
  }
}

beforeAll(async () => {
  uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-matrix-"));
  t = await buildTestApp(
    { UPLOAD_DIR: uploadDir },
    {
      onRoute: (r: RouteOptions) => {
        for (const m of [r.method].flat()) if (m !== "HEAD") registered.push(`${m} ${r.url}`);
      },
    },
  );
  world = await buildWorld(t);
  const db = t.database.db;
  const first = async (parent: string) => {
    const [row] = await db
      .select()
      .from(regions)
      .where(eq(regions.parentCode, parent))
      .orderBy(asc(regions.code))
      .limit(1);
    if (!row) throw new Error(`no region below ${parent}`);
    return row;
  };
  // The world's grid is a bare region: give it a shape, so the density map draws it.
  const [village] = await db.select().from(regions).where(eq(regions.code, world.village));
  const d = 0.01;
  await db.insert(grids).values({
    code: world.grid,
    villageCode: world.village,
    countyCode: world.county,
    path: `${village?.path ?? ""}.${world.grid}`,
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [116.5, 39.5],
          [116.5 + d, 39.5],
          [116.5 + d, 39.5 + d],
          [116.5, 39.5 + d],
          [116.5, 39.5],
        ],
      ],
    },
    minLon: 116.5,
    minLat: 39.5,
    maxLon: 116.5 + d,
    maxLat: 39.5 + d,
  });
  const township = await first(far.county);
  const farVillage = await first(township.code);
  far.township = township.code;
  far.village = farVillage.code;
  far.grid = `${farVillage.code}001`;
  await db.insert(regions).values({
    code: far.grid,
    name: "远处第1网格",
    level: "grid",
    parentCode: farVillage.code,
    path: `${farVillage.path}.${far.grid}`,
    countyCode: far.county,
  });
  const [farDept] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, "department"),
        eq(organisations.regionCode, far.county),
        eq(organisations.departmentType, "urban_management"),
      ),
    );
  if (!farDept) throw new Error("no urban management department in 131003");
  far.urbanDept = farDept.id;
  const [category] = await db
    .select({ code: categories.code })
    .from(categories)
    .where(eq(categories.handlingLevel, "department"))
    .orderBy(asc(categories.code))
    .limit(1);
  if (!category) throw new Error("no department-level category");
  categoryCode = category.code;

  const reporter = await buildUser(t.database, [], { username: "matrix_reporter" });
  headers.reporter = await sessionHeaders(t.database, reporter);
  for (const role of ROLES) {
    for (const side of ["in", "out"] as const) {
      const spec = side === "in" ? inBinding(role) : outBinding(role);
      const user = await buildUser(t.database, [spec], { username: `m_${role}_${side}` });
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }

  // The case: in the grid, with the county's urban management bureau, open and overdue, with a
  // reporter account and contact, a pending extension, a photo and unit notifications.
  const built = await buildCase(db, {
    status: "handling",
    channel: "app",
    categoryCode,
    description: "矩阵测试诉求：路灯不亮",
    address: "矩阵路1号",
    // A point, so the case is drawn on the map of open cases (一张图).
    lon: 116.7,
    lat: 39.52,
    assignedOrgId: world.units.urbanDept,
    leadOrgId: world.units.urbanDept,
    handlingLevel: "department",
    reporterUserId: reporter.id,
    reporterName: "矩阵居民",
    reporterPhone: "13700001234",
    responseDueAt: new Date(Date.now() - 2 * HOUR),
    handleDueAt: new Date(Date.now() - HOUR),
    withTrackingCode: true,
  });
  theCase = built.case;
  theTrackingCode = built.trackingCode ?? "";
  const [extension] = await db
    .insert(caseExtensions)
    .values({
      caseId: theCase.id,
      countyCode: theCase.countyCode,
      requestedOrgId: world.units.urbanDept,
      extraHours: 24,
      reason: "需要协调施工队",
    })
    .returning({ id: caseExtensions.id });
  extensionId = extension?.id ?? "";
  fs.mkdirSync(path.join(uploadDir, "m"), { recursive: true });
  fs.writeFileSync(path.join(uploadDir, "m", "photo.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  fs.writeFileSync(path.join(uploadDir, "m", "thumb.webp"), Buffer.from("RIFF"));
  const [photo] = await db
    .insert(attachments)
    .values({
      sha256: "0".repeat(64),
      mime: "image/jpeg",
      bytes: 4,
      width: 1,
      height: 1,
      storagePath: "m/photo.jpg",
      thumbPath: "m/thumb.webp",
      subjectType: "case",
      subjectId: theCase.id,
    })
    .returning({ id: attachments.id });
  attachmentId = photo?.id ?? "";
  const u = world.units;
  await db.transaction((tx) =>
    notifyUnits(
      tx,
      theCase,
      [u.urbanDept, u.gridPost, u.villageCommittee, u.townshipCentre, u.countyCentre],
      {
        kind: "urge",
        title: `诉求 ${theCase.number} 被催办`,
        body: "矩阵测试",
      },
    ),
  );
  const [urbanNotice] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.subjectType, "case"),
        eq(notifications.subjectId, theCase.id),
        eq(notifications.recipientOrgId, u.urbanDept),
      ),
    );
  notificationId = urbanNotice?.id ?? 0;
});

afterAll(async () => {
  await t.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const api = (p: string) => `/api/v1${p}`;
const caseUrl = (p = "") => api(`/cases/${theCase.id}${p}`);
/** A version the case never had: in scope, every action stops at 409 stale_case. */
const STALE = 999_999;
const showsNumber = (body: string) => body.includes(theCase.number);
const showsId = (body: string) => body.includes(theCase.id);

/** The query values a filter of the case list takes to still find the case. */
function caseListFilters(): Record<string, string> {
  return {
    status: "handling",
    channel: "app",
    category: categoryCode,
    region: world.village,
    assignedOrg: world.units.urbanDept,
    overdue: "true",
    urgent: "false",
    sentBack: "false",
    located: "true",
    olderThanHours: "0.0001",
    q: theCase.number,
    address: "矩阵路",
    phone: "137-0000-1234",
    trackingCode: theTrackingCode,
    queue: "mine",
    createdFrom: new Date(Date.now() - 24 * HOUR).toISOString(),
    createdTo: new Date(Date.now() + 48 * HOUR).toISOString(),
    sort: "created",
    page: "1",
    pageSize: "100",
  };
}

/**
 * The case list and its export searched by the reporter's phone: only the roles that may search
 * by phone (contact-search.ts), else 403 whatever the scope.
 */
function byPhone(key: string): Pick<Entry, "expected"> {
  if (key !== "phone") return {};
  return {
    expected: (role, side) =>
      side === "anon" ? 401 : PHONE_SEARCH_PERMISSIONS.some((p) => roleHas(role, p)) ? 200 : 403,
  };
}

/** The figures of a /rates answer count the case (it is received in the scope). */
const countsReceived = (body: string) =>
  (JSON.parse(body) as { figures: { received: { value: number | null } } }).figures.received.value === 1;

/**
 * The scope filters of the figures (rates, cockpit, their exports), each naming the case's own
 * area: in scope the answer counts the case, out of scope the filter itself is 404.
 * `department=` names the department the case is assigned to (issue 10 item 9 made an
 * out-of-scope department 404 like a region).
 */
function scopeFilters(): Record<string, string> {
  return { region: `region=${world.village}`, department: `department=${world.units.urbanDept}` };
}

/** One entry per scope filter for a figure endpoint (`url` gets the filter's query). */
function scoped(
  route: string,
  name: string,
  url: (filter: string) => string,
  shows?: (b: string) => boolean,
): Entry[] {
  return Object.entries(scopeFilters()).map(([key, filter]) => ({
    route,
    name: `${name} by ${key}`,
    permission: "rates.read",
    ...(shows ? { shows } : {}),
    request: () => ({ method: "GET", url: api(url(filter)) }),
  }));
}

function entries(): Entry[] {
  const filters = caseListFilters();
  const list: Entry[] = [
    {
      route: "GET /api/v1/cases/:id",
      name: "the case",
      permission: "cases.read",
      request: () => ({ method: "GET", url: caseUrl() }),
    },
    {
      route: "GET /api/v1/cases/:id",
      name: "the case by number",
      permission: "cases.read",
      request: () => ({ method: "GET", url: api(`/cases/${theCase.number}`) }),
    },
    {
      route: "GET /api/v1/cases",
      name: "the case list",
      permission: "cases.read",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({ method: "GET", url: api("/cases?pageSize=100") }),
    },
    ...Object.entries(filters).map(([key, value]): Entry => ({
      route: "GET /api/v1/cases",
      name: `the case list by ${key}`,
      permission: "cases.read",
      outOfScope: "hidden",
      shows: showsId,
      ...byPhone(key),
      // The dispatch queue holds cases in triage; the case is in handling, so nobody's queue.
      ...(key === "queue" ? { listedFor: () => false } : {}),
      request: () => ({
        method: "GET",
        url: api(`/cases?${new URLSearchParams({ pageSize: "100", [key]: value }).toString()}`),
      }),
    })),
    {
      route: "GET /api/v1/cases/map",
      name: "the map of open cases (一张图)",
      permission: "cases.read",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({ method: "GET", url: api("/cases/map") }),
    },
    {
      route: "GET /api/v1/intake/duplicates",
      name: "possible duplicates while a call is entered",
      permission: "cases.intake",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({
        method: "GET",
        url: api(`/intake/duplicates?category=${categoryCode}&region=${world.village}`),
      }),
    },
    {
      route: "GET /api/v1/today",
      name: "today's counts on the home page",
      permission: "cases.read",
      // Anyone signed in: each count is of their own lists (null where their roles have none).
      expected: (_role, side) => (side === "anon" ? 401 : 200),
      request: () => ({ method: "GET", url: api("/today") }),
    },
    {
      route: "GET /api/v1/follow-ups",
      name: "follow-up call list (the case is not replied: listed for nobody)",
      permission: "cases.follow_up",
      outOfScope: "hidden",
      shows: showsId,
      listedFor: () => false,
      request: () => ({ method: "GET", url: api("/follow-ups?pageSize=100") }),
    },
    {
      route: "GET /api/v1/cases/:id/merged",
      name: "merged duplicates",
      permission: "cases.read",
      request: () => ({ method: "GET", url: caseUrl("/merged") }),
    },
    {
      route: "GET /api/v1/cases/:id/dispatch-options",
      name: "dispatch options",
      permission: "cases.dispatch",
      request: () => ({ method: "GET", url: caseUrl("/dispatch-options") }),
    },
    {
      route: "POST /api/v1/cases/:id/triage",
      name: "triage (not in triage: 409)",
      permission: "cases.dispatch",
      ok: 409,
      request: () => ({
        method: "POST",
        url: caseUrl("/triage"),
        payload: { categoryCode: null, version: STALE },
      }),
    },
    {
      route: "POST /api/v1/cases/:id/reveal-contact",
      name: "reveal the contact",
      permission: "cases.reveal_contact",
      request: () => ({ method: "POST", url: caseUrl("/reveal-contact"), payload: { reason: "矩阵" } }),
    },
    {
      route: "GET /api/v1/cases/:id/contact-reads",
      name: "who revealed the contact",
      permission: "personal_data.audit",
      request: () => ({ method: "GET", url: caseUrl("/contact-reads") }),
    },
    {
      route: "GET /api/v1/personal-data-reads",
      name: "reads of personal data",
      permission: "personal_data.audit",
      outOfScope: "hidden",
      shows: showsId,
      // Filled by the reveals above; entries run in order.
      request: () => ({ method: "GET", url: api("/personal-data-reads?pageSize=200") }),
    },
    {
      route: "GET /api/v1/cases/:id/print/handling-sheet.pdf",
      name: "printed handling sheet",
      permission: "cases.read",
      request: () => ({ method: "GET", url: caseUrl("/print/handling-sheet.pdf") }),
    },
    {
      route: "GET /api/v1/cases/:id/print/supervision-notice.pdf",
      name: "printed supervision notice",
      permission: "cases.supervise",
      request: () => ({ method: "GET", url: caseUrl("/print/supervision-notice.pdf") }),
    },
    ...["", "/thumb"].map((variant): Entry => ({
      route: `GET /api/v1/attachments/:id${variant}`,
      name: `the case's photo${variant}`,
      permission: "cases.read",
      // The reporter's and the tracking code's photos too; without a session (no token) or
      // without the right, a photo is simply not found: the route also serves anonymous tokens.
      expected: (role, side) => (side === "in" && roleHas(role, "cases.read") ? 200 : 404),
      request: () => ({ method: "GET", url: api(`/attachments/${attachmentId}${variant}`) }),
    })),
    {
      route: "GET /api/v1/notifications",
      name: "notifications",
      permission: "cases.unit_work",
      outOfScope: "hidden",
      shows: showsId,
      // Open to every signed-in user (their own news); a unit's news only to those who work it.
      expected: (_role, side) => (side === "anon" ? 401 : 200),
      request: () => ({ method: "GET", url: api("/notifications") }),
    },
    {
      route: "POST /api/v1/notifications/:id/read",
      name: "mark the unit's notification read",
      permission: "cases.unit_work",
      // Only the notified unit's own members: everyone else's is someone else's notification.
      expected: (role, side) =>
        side === "anon" ? 401 : side === "in" && role === "department_handler" ? 200 : 404,
      request: () => ({ method: "POST", url: api(`/notifications/${notificationId}/read`) }),
    },
    {
      route: "POST /api/v1/notifications/read-all",
      name: "mark all my notifications read",
      permission: "cases.unit_work",
      // Anyone signed in marks their own (and their units') news; nobody else's.
      expected: (_role, side) => (side === "anon" ? 401 : 200),
      request: () => ({ method: "POST", url: api("/notifications/read-all") }),
    },
    {
      route: "GET /api/v1/worklist",
      name: "work list",
      permission: "cases.unit_work",
      outOfScope: "hidden",
      shows: showsId,
      listedFor: (role) => role === "department_handler",
      request: () => ({ method: "GET", url: api("/worklist") }),
    },
    {
      route: "GET /api/v1/supervision/overdue",
      name: "overdue board",
      permission: "cases.supervise",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({ method: "GET", url: api("/supervision/overdue") }),
    },
    {
      route: "GET /api/v1/supervision/overdue",
      name: "overdue board by region",
      permission: "cases.supervise",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({
        method: "GET",
        url: api(`/supervision/overdue?region=${world.village}&state=overdue`),
      }),
    },
    {
      route: "POST /api/v1/supervision/urge",
      name: "bulk urging (stale version: refused per case)",
      permission: "cases.supervise",
      outOfScope: "hidden",
      // In scope the case is found and refused as stale; out of scope it is not found.
      shows: (b) => b.includes('"stale_case"'),
      request: () => ({
        method: "POST",
        url: api("/supervision/urge"),
        payload: { items: [{ caseId: theCase.id, version: STALE }] },
      }),
    },
    {
      route: "GET /api/v1/supervision/extensions",
      name: "extension requests",
      permission: "cases.supervise",
      outOfScope: "hidden",
      shows: (b) => b.includes(extensionId),
      request: () => ({ method: "GET", url: api("/supervision/extensions") }),
    },
    {
      route: "GET /api/v1/rates",
      name: "rates",
      permission: "rates.read",
      outOfScope: "hidden",
      shows: countsReceived,
      request: () => ({ method: "GET", url: api("/rates") }),
    },
    ...scoped("GET /api/v1/rates", "rates", (f) => `/rates?${f}`, countsReceived),
    {
      route: "GET /api/v1/rates/breakdown",
      name: "breakdown by department",
      permission: "rates.read",
      outOfScope: "hidden",
      // The case's department is a row only where the case is counted.
      shows: (b) =>
        (
          JSON.parse(b) as { rows: { key: string | null; figures: { received: { value: number | null } } }[] }
        ).rows.some((r) => r.key === world.units.urbanDept && (r.figures.received.value ?? 0) > 0),
      request: () => ({ method: "GET", url: api("/rates/breakdown?by=department") }),
    },
    ...BREAKDOWN_DIMENSIONS.flatMap((by) =>
      scoped("GET /api/v1/rates/breakdown", `breakdown by ${by}`, (f) => `/rates/breakdown?by=${by}&${f}`),
    ),
    {
      route: "GET /api/v1/rates/cases",
      name: "rate cases",
      permission: "rates.read",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({ method: "GET", url: api("/rates/cases?figure=received&pageSize=200") }),
    },
    ...scoped("GET /api/v1/rates/cases", "rate cases", (f) => `/rates/cases?figure=overdue&${f}`, showsId),
    {
      route: "GET /api/v1/cockpit/trend",
      name: "cockpit trend",
      permission: "rates.read",
      outOfScope: "hidden",
      shows: (b) =>
        (JSON.parse(b) as { months: { figures: { received: { value: number | null } } }[] }).months.some(
          (m) => (m.figures.received.value ?? 0) > 0,
        ),
      request: () => ({ method: "GET", url: api("/cockpit/trend") }),
    },
    ...scoped("GET /api/v1/cockpit/trend", "cockpit trend", (f) => `/cockpit/trend?${f}`),
    {
      route: "GET /api/v1/cockpit/density",
      name: "cockpit density",
      permission: "rates.read",
      outOfScope: "hidden",
      shows: (b) => b.includes(world.grid),
      request: () => ({ method: "GET", url: api("/cockpit/density") }),
    },
    ...scoped(
      "GET /api/v1/cockpit/density",
      "cockpit density",
      (f) => `/cockpit/density?${f}`,
      (b) => b.includes(world.grid),
    ),
    {
      route: "GET /api/v1/cockpit/cases",
      name: "cockpit cases",
      permission: "rates.read",
      outOfScope: "hidden",
      shows: showsId,
      request: () => ({ method: "GET", url: api(`/cockpit/cases?figure=received&category=${categoryCode}`) }),
    },
    ...scoped(
      "GET /api/v1/cockpit/cases",
      "cockpit cases",
      (f) => `/cockpit/cases?figure=received&${f}`,
      showsId,
    ),
  ];
  for (const format of ["csv", "xlsx"] as const) {
    const text = format === "csv";
    list.push(
      {
        route: `GET /api/v1/exports/cases.${format}`,
        name: `case export (${format})`,
        permission: "cases.read",
        outOfScope: "hidden",
        ...(text ? { shows: showsNumber } : {}),
        request: () => ({ method: "GET", url: api(`/exports/cases.${format}`) }),
      },
      ...Object.entries(filters)
        .filter(([key]) => key !== "page" && key !== "pageSize")
        .map(([key, value]): Entry => ({
          route: `GET /api/v1/exports/cases.${format}`,
          name: `case export (${format}) by ${key}`,
          permission: "cases.read",
          outOfScope: "hidden",
          ...(text ? { shows: showsNumber } : {}),
          ...byPhone(key),
          ...(key === "queue" ? { listedFor: () => false } : {}),
          request: () => ({
            method: "GET",
            url: api(`/exports/cases.${format}?${key}=${encodeURIComponent(value)}`),
          }),
        })),
      ...RATE_TABLES.flatMap((by) =>
        scoped(
          `GET /api/v1/exports/rates.${format}`,
          `rate export (${format}) by ${by}`,
          (f) => `/exports/rates.${format}?by=${by}&${f}`,
        ),
      ),
      {
        route: `GET /api/v1/exports/supervision.${format}`,
        name: `supervision board export (${format})`,
        permission: "cases.supervise",
        outOfScope: "hidden",
        ...(text ? { shows: showsNumber } : {}),
        request: () => ({ method: "GET", url: api(`/exports/supervision.${format}?region=${world.county}`) }),
      },
      {
        route: `GET /api/v1/exports/rate-cases.${format}`,
        name: `rate case export (${format})`,
        permission: "rates.read",
        outOfScope: "hidden",
        ...(text ? { shows: showsNumber } : {}),
        request: () => ({ method: "GET", url: api(`/exports/rate-cases.${format}?figure=received`) }),
      },
      ...scoped(
        `GET /api/v1/exports/rate-cases.${format}`,
        `rate case export (${format})`,
        (f) => `/exports/rate-cases.${format}?figure=received&${f}`,
        text ? showsNumber : undefined,
      ),
    );
  }
  for (const [action, permission] of Object.entries(ACTION_PERMISSIONS) as [string, Permission][]) {
    const isEvaluate = action === "evaluate";
    list.push({
      route: `POST /api/v1/cases/:id/actions/${action}`,
      name: `action ${action}`,
      permission,
      ok: 409,
      // The reporter evaluates their own appeal, so the route is open to any signed-in user: staff
      // who see the case but may not follow it up get 403, anyone else 404.
      ...(isEvaluate
        ? {
            expected: (role: Role, side: Side) =>
              side === "anon"
                ? 401
                : roleHas(role, permission) || side === "out"
                  ? side === "in"
                    ? 409
                    : 404
                  : roleHas(role, "cases.read")
                    ? 403
                    : 404,
          }
        : {}),
      request: () => ({
        method: "POST",
        url: caseUrl(`/actions/${action}`),
        payload: ACTION_BODIES()[action] ?? {},
      }),
    });
  }
  return list;
}

/** A valid body for each action, with a stale version. */
const ACTION_BODIES = (): Record<string, Record<string, unknown>> => ({
  dispatch: { orgId: world.units.urbanDept, version: STALE },
  redispatch: { orgId: world.units.housingDept, version: STALE },
  reject: { reason: REJECT_REASONS[0], version: STALE },
  merge: { intoCaseId: theCase.number, version: STALE },
  respond: { contactMethod: "phone", version: STALE },
  send_back: { reason: "不属本单位", version: STALE },
  escalate: { reason: "需上级协调", version: STALE },
  whistle: { orgIds: [world.units.housingDept], version: STALE },
  report: { version: STALE },
  request_extension: { extraHours: 24, reason: "需要更多时间", version: STALE },
  reply: { result: "已修好", version: STALE },
  verify: { passed: true, version: STALE },
  evaluate: { resolved: true, satisfaction: "satisfied", version: STALE },
  close: { version: STALE },
  decide_extension: { extensionId, decision: "approved", version: STALE },
  supervisor_decide: { decision: "close", version: STALE },
  urge: { version: STALE },
});

/** The status the policy predicts for `role` on `side`. */
function expectedStatus(e: Entry, role: Role, side: Side): number {
  if (e.expected) return e.expected(role, side);
  if (side === "anon") return 401;
  if (!roleHas(role, e.permission)) return 403;
  if (side === "out") return e.outOfScope === "hidden" ? 200 : 404;
  return e.ok ?? 200;
}

async function send(req: Req, actor: ActorKey | null) {
  return t.app.inject({
    method: req.method,
    url: req.url,
    headers: actor ? headers[actor] : {},
    ...(req.payload ? { payload: req.payload } : {}),
  });
}

/**
 * Every route of the API, and where its authorization is tested: "matrix" for the entries above
 * (or the checks of this file), else the test file that covers it.
 */
const ROUTES: Record<string, string> = {
  "GET /api/v1/cases/:id": "matrix",
  "GET /api/v1/cases": "matrix",
  "GET /api/v1/cases/map": "matrix",
  "GET /api/v1/canned-replies": "src/modules/cases/canned-replies.test.ts",
  "GET /api/v1/canned-replies/kept": "src/modules/cases/canned-replies.test.ts",
  "POST /api/v1/canned-replies": "src/modules/cases/canned-replies.test.ts",
  "DELETE /api/v1/canned-replies/:id": "src/modules/cases/canned-replies.test.ts",
  "POST /api/v1/cases": "matrix (intake below)",
  "GET /api/v1/cases/:id/merged": "matrix",
  "GET /api/v1/intake/duplicates": "matrix",
  "GET /api/v1/follow-ups": "matrix",
  "GET /api/v1/today": "matrix",
  "GET /api/v1/cases/:id/dispatch-options": "matrix",
  "POST /api/v1/cases/:id/triage": "matrix",
  "POST /api/v1/cases/:id/reveal-contact": "matrix",
  "GET /api/v1/cases/:id/contact-reads": "matrix",
  "GET /api/v1/personal-data-reads": "matrix",
  "GET /api/v1/cases/:id/print/handling-sheet.pdf": "matrix",
  "GET /api/v1/cases/:id/print/supervision-notice.pdf": "matrix",
  "GET /api/v1/attachments/:id": "matrix",
  "GET /api/v1/attachments/:id/thumb": "matrix",
  "GET /api/v1/notifications": "matrix",
  "POST /api/v1/notifications/:id/read": "matrix",
  "POST /api/v1/notifications/read-all": "matrix",
  "GET /api/v1/worklist": "matrix",
  "GET /api/v1/supervision/overdue": "matrix",
  "POST /api/v1/supervision/urge": "matrix",
  "GET /api/v1/supervision/extensions": "matrix",
  "GET /api/v1/rates": "matrix",
  "GET /api/v1/rates/breakdown": "matrix",
  "GET /api/v1/rates/cases": "matrix",
  "GET /api/v1/cockpit/trend": "matrix",
  "GET /api/v1/cockpit/density": "matrix",
  "GET /api/v1/cockpit/cases": "matrix",
  "GET /api/v1/exports/cases.csv": "matrix",
  "GET /api/v1/exports/cases.xlsx": "matrix",
  "GET /api/v1/exports/supervision.csv": "matrix",
  "GET /api/v1/exports/supervision.xlsx": "matrix",
  "GET /api/v1/exports/rates.csv": "matrix",
  "GET /api/v1/exports/rates.xlsx": "matrix",
  "GET /api/v1/exports/rate-cases.csv": "matrix",
  "GET /api/v1/exports/rate-cases.xlsx": "matrix",
  "GET /api/v1/my/cases": "matrix (the reporter's own)",
  "GET /api/v1/my/cases/:id": "matrix (the reporter's own)",
  "GET /api/v1/track/:trackingCode": "public by tracking code: src/modules/cases/case-read.test.ts",
  "POST /api/v1/track/:trackingCode/evaluate":
    "public by tracking code: src/modules/cases/actions/lifecycle.test.ts",
  "POST /api/v1/attachments": "public upload: src/modules/attachments/attachments.test.ts",
  "GET /api/v1/regions": "public: src/modules/regions",
  "GET /api/v1/regions/:code": "public: src/modules/regions",
  "GET /api/v1/regions/:code/children": "public: src/modules/regions",
  "GET /api/v1/regions/search": "public: src/modules/regions",
  "GET /api/v1/categories": "src/modules/catalogue/catalogue.test.ts",
  "POST /api/v1/categories": "src/modules/catalogue/catalogue.test.ts",
  "GET /api/v1/categories/:code": "src/modules/catalogue/catalogue.test.ts",
  "PATCH /api/v1/categories/:code": "src/modules/catalogue/catalogue.test.ts",
  "GET /api/v1/holidays": "src/modules/catalogue/catalogue.test.ts",
  "PUT /api/v1/holidays": "src/modules/catalogue/catalogue.test.ts",
  "POST /api/v1/auth/login": "src/modules/accounts/auth.test.ts",
  "POST /api/v1/auth/logout": "src/modules/accounts/auth.test.ts",
  "GET /api/v1/auth/me": "src/modules/accounts/auth.test.ts",
  "GET /api/v1/auth/session": "src/modules/accounts/auth.test.ts",
  "POST /api/v1/auth/password": "src/modules/accounts/auth.test.ts",
  "POST /api/v1/auth/otp/request": "src/modules/accounts/otp.test.ts",
  "POST /api/v1/auth/otp/verify": "src/modules/accounts/otp.test.ts",
  "GET /api/v1/audit": "test/access/access-matrix.test.ts (audit)",
  "GET /api/v1/api-keys": "src/modules/open311",
  "POST /api/v1/api-keys": "src/modules/open311",
  "DELETE /api/v1/api-keys/:id": "src/modules/open311",
  "GET /api/v1/grids": "test/access/access-matrix.test.ts (grids)",
  "GET /api/v1/grids/export": "src/modules/grids/grids.test.ts",
  "POST /api/v1/grids/import": "test/access/access-matrix.test.ts (grids)",
  "GET /api/v1/grids/locate": "test/access/access-matrix.test.ts (grids)",
  "GET /api/v1/grids/community": "public, names only: src/modules/grids/community-at.test.ts",
  "GET /api/v1/grids/:code": "test/access/access-matrix.test.ts (grids)",
  "DELETE /api/v1/grids/:code": "test/access/access-matrix.test.ts (grids)",
  "GET /api/v1/organisations": "test/access/access-matrix.test.ts (organisations)",
  "POST /api/v1/organisations": "src/modules/organisations",
  "GET /api/v1/organisations/department-types": "src/modules/organisations",
  "GET /api/v1/organisations/:id": "test/access/access-matrix.test.ts (organisations)",
  "PATCH /api/v1/organisations/:id": "test/access/access-matrix.test.ts (organisations)",
  "DELETE /api/v1/organisations/:id": "src/modules/organisations",
  "GET /api/v1/users": "test/access/access-matrix.test.ts (users)",
  "POST /api/v1/users": "test/access/access-matrix.test.ts (users)",
  "GET /api/v1/users/:id": "test/access/access-matrix.test.ts (users)",
  "PATCH /api/v1/users/:id": "src/modules/accounts/users.test.ts",
  "POST /api/v1/users/:id/roles": "src/modules/accounts/users.test.ts",
  "DELETE /api/v1/users/:id/roles/:bindingId": "src/modules/accounts/users.test.ts",
  "POST /api/v1/users/:id/password": "src/modules/accounts/users.test.ts",
  // People and places: every role × in scope / other county / no session, in its own matrix.
  "GET /api/v1/population-types": "test/access/people-matrix.test.ts",
  "PUT /api/v1/population-types/:code": "test/access/people-matrix.test.ts",
  "GET /api/v1/addresses": "test/access/people-matrix.test.ts",
  "GET /api/v1/addresses/search": "test/access/people-matrix.test.ts",
  "POST /api/v1/addresses": "test/access/people-matrix.test.ts",
  "GET /api/v1/addresses/:id": "test/access/people-matrix.test.ts",
  "PATCH /api/v1/addresses/:id": "test/access/people-matrix.test.ts",
  "DELETE /api/v1/addresses/:id": "test/access/people-matrix.test.ts",
  "GET /api/v1/buildings": "test/access/people-matrix.test.ts",
  "POST /api/v1/buildings": "test/access/people-matrix.test.ts",
  "GET /api/v1/buildings/:id": "test/access/people-matrix.test.ts",
  "PATCH /api/v1/buildings/:id": "test/access/people-matrix.test.ts",
  "DELETE /api/v1/buildings/:id": "test/access/people-matrix.test.ts",
  "POST /api/v1/dwellings": "test/access/people-matrix.test.ts",
  "GET /api/v1/dwellings/:id": "test/access/people-matrix.test.ts",
  "PATCH /api/v1/dwellings/:id": "test/access/people-matrix.test.ts",
  "DELETE /api/v1/dwellings/:id": "test/access/people-matrix.test.ts",
  "POST /api/v1/households": "test/access/people-matrix.test.ts",
  "GET /api/v1/households": "test/access/people-matrix.test.ts",
  "GET /api/v1/households/:id": "test/access/people-matrix.test.ts",
  "PATCH /api/v1/households/:id": "test/access/people-matrix.test.ts",
  "DELETE /api/v1/households/:id": "test/access/people-matrix.test.ts",
  "POST /api/v1/households/:id/members": "test/access/people-matrix.test.ts",
  "POST /api/v1/households/:id/members/:personId/leave": "test/access/people-matrix.test.ts",
  "GET /api/v1/persons": "test/access/people-matrix.test.ts",
  "POST /api/v1/persons": "test/access/people-matrix.test.ts",
  "POST /api/v1/persons/lookup": "test/access/people-matrix.test.ts",
  "GET /api/v1/persons/:id": "test/access/people-matrix.test.ts",
  "PATCH /api/v1/persons/:id": "test/access/people-matrix.test.ts",
  "POST /api/v1/persons/:id/reveal": "test/access/people-matrix.test.ts",
  "POST /api/v1/persons/:id/population-tags": "test/access/people-matrix.test.ts",
  "DELETE /api/v1/persons/:id/population-tags/:tagId": "test/access/people-matrix.test.ts",
  "GET /api/v1/rentals": "test/access/people-matrix.test.ts",
  "POST /api/v1/rentals": "test/access/people-matrix.test.ts",
  "GET /api/v1/rentals/:id": "test/access/people-matrix.test.ts",
  "POST /api/v1/rentals/:id/tenants": "test/access/people-matrix.test.ts",
  "POST /api/v1/rentals/:id/tenants/:tenantId/move-out": "test/access/people-matrix.test.ts",
  "POST /api/v1/rentals/:id/end": "test/access/people-matrix.test.ts",
  "GET /api/v1/register/template": "test/access/people-matrix.test.ts",
  "GET /api/v1/register/export": "test/access/people-matrix.test.ts",
  "POST /api/v1/register/import": "test/access/people-matrix.test.ts",
  // Open311 GeoReport v2: public reads, writes with an API key, the spec's own errors.
  ...Object.fromEntries(
    ["discovery", "services", "requests"].flatMap((name) =>
      ["", ".xml", ".json"].map((ext) => [`GET /open311/v2/${name}${ext}`, "src/modules/open311"]),
    ),
  ),
  ...Object.fromEntries(
    ["", ".xml", ".json"].map((ext) => [`POST /open311/v2/requests${ext}`, "src/modules/open311"]),
  ),
  "GET /open311/v2/services/:file": "src/modules/open311",
  "GET /open311/v2/requests/:file": "src/modules/open311",
  "GET /open311/v2/tokens/:file": "src/modules/open311",
  // People's mediation: every route role by role in its own matrix.
  ...Object.fromEntries(
    [
      "POST /api/v1/mediation/disputes",
      "POST /api/v1/mediation/disputes/from-case",
      "GET /api/v1/mediation/disputes",
      "GET /api/v1/mediation/disputes/:id",
      "GET /api/v1/mediation/disputes/:id/agreement.pdf",
      "POST /api/v1/mediation/disputes/:id/reveal-parties",
      "GET /api/v1/mediation/dispute-types",
      "GET /api/v1/mediation/committees",
      "POST /api/v1/mediation/committees",
      "PATCH /api/v1/mediation/committees/:id",
      "GET /api/v1/mediation/mediators",
      "POST /api/v1/mediation/mediators",
      "PATCH /api/v1/mediation/mediators/:id",
      "POST /api/v1/mediation/dispute-types",
      "PATCH /api/v1/mediation/dispute-types/:code",
      "GET /api/v1/mediation/settings",
      "PUT /api/v1/mediation/settings",
      "GET /api/v1/mediation/screening-tasks",
      "POST /api/v1/mediation/screening-tasks/:id/record",
      "GET /api/v1/mediation/figures",
      "GET /api/v1/mediation/figures/disputes",
      "GET /api/v1/mediation/figures/screening",
      "GET /api/v1/mediation/figures/monthly.xlsx",
      "GET /api/v1/my/disputes",
      "GET /api/v1/my/disputes/:number",
      ...DISPUTE_ACTION_ROUTES.map((a) => `POST /api/v1/mediation/disputes/:id/actions/${a}`),
    ].map((route) => [route, "test/access/mediation-matrix.test.ts"]),
  ),
  // Grid visits: every route role by role in its own matrix.
  ...Object.fromEntries(
    [
      "GET /api/v1/visits",
      "GET /api/v1/visits/completion-rate",
      "GET /api/v1/visits/completion-rate/visits",
      "GET /api/v1/visits/:id",
      "POST /api/v1/visits/:id/record",
      "POST /api/v1/visits/:id/appeal",
      "POST /api/v1/visits/:id/dispute",
    ].map((route) => [route, "test/access/visits-matrix.test.ts"]),
  ),
  // Cases linked to persons and households of the register: every route role by role in its own matrix.
  ...Object.fromEntries(
    [
      "GET /api/v1/cases/:id/links",
      "POST /api/v1/cases/:id/links",
      "DELETE /api/v1/cases/:id/links/:linkId",
      "GET /api/v1/persons/:id/cases",
    ].map((route) => [route, "test/access/case-links-matrix.test.ts"]),
  ),
  // Residents' rights (my data, correction requests): every route role by role in its own matrix.
  ...Object.fromEntries(
    [
      "GET /api/v1/me/register",
      "GET /api/v1/me/register/reads",
      "GET /api/v1/me/register/corrections",
      "POST /api/v1/me/register/corrections",
      "GET /api/v1/register/corrections",
      "POST /api/v1/register/corrections/:id/done",
      "POST /api/v1/register/corrections/:id/decline",
    ].map((route) => [route, "test/access/my-data-matrix.test.ts"]),
  ),
};

/** The routes this file checks entry by entry, in order (reveals come before their log is read). */
const MATRIX_ROUTES: readonly string[] = [
  ...Object.entries(ROUTES)
    .filter(([, where]) => where === "matrix")
    .map(([route]) => route),
  ...Object.keys(ACTION_PERMISSIONS).map((a) => `POST /api/v1/cases/:id/actions/${a}`),
];

describe("case authorization matrix", () => {
  it("puts in force exactly the permissions the module manifests declare", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...REGISTERED_PERMISSIONS].sort());
  });

  it("names a permission of policy.ts and a valid body for every case action the state table exposes", () => {
    for (const permission of Object.values(ACTION_PERMISSIONS))
      expect(REGISTERED_PERMISSIONS).toContain(permission);
    expect(Object.keys(ACTION_BODIES()).sort()).toEqual(Object.keys(ACTION_PERMISSIONS).sort());
  });

  it("checks every case, rate and personal-data permission of policy.ts somewhere", () => {
    const used = new Set<string>([...entries().map((e) => e.permission), "cases.intake"]);
    const caseRelated = REGISTERED_PERMISSIONS.filter((p) => /^(cases|rates|personal_data)\./.test(p));
    expect(caseRelated.filter((p) => !used.has(p))).toEqual([]);
  });

  it("tries every filter of the case list", () => {
    expect(Object.keys(caseListFilters()).sort()).toEqual(Object.keys(CaseListQuery.shape).sort());
  });

  for (const route of MATRIX_ROUTES) {
    it(`holds for ${route}, every role and side`, async () => {
      const failures: string[] = [];
      const mine = entries().filter((e) => e.route === route);
      expect(mine.length, "entries of the route").toBeGreaterThan(0);
      for (const e of mine) {
        for (const role of ROLES) {
          for (const side of SIDES) {
            // Without a session the role does not matter: ask once per entry.
            if (side === "anon" && role !== ROLES[0]) continue;
            const actor: ActorKey | null = side === "anon" ? null : `${role}:${side}`;
            const res = await send(e.request(), actor);
            const want = expectedStatus(e, role, side);
            const who =
              side === "anon" ? "no session" : `${role} (${side === "in" ? "in scope" : "out of scope"})`;
            if (res.statusCode !== want) {
              failures.push(
                `${e.name} [${e.route}] as ${who}: ${res.statusCode}, expected ${want} — ${res.body.slice(0, 160)}`,
              );
              continue;
            }
            if (want !== 200 || !e.shows || side === "anon") continue;
            const shown = e.shows(res.body);
            const mustShow = side === "in" && roleHas(role, e.permission) && (e.listedFor?.(role) ?? true);
            if (side === "out" && shown) failures.push(`${e.name} as ${who}: shows the case`);
            if (mustShow && !shown) failures.push(`${e.name} as ${who}: does not show the case`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it("gives the reporter their own appeal as a resident, and no staff view of it", async () => {
    expect((await send({ method: "GET", url: api(`/my/cases/${theCase.id}`) }, "reporter")).statusCode).toBe(
      200,
    );
    expect((await send({ method: "GET", url: caseUrl() }, "reporter")).statusCode).toBe(403);
    for (const role of ROLES) {
      const res = await send({ method: "GET", url: api(`/my/cases/${theCase.id}`) }, `${role}:in`);
      expect(res.statusCode, role).toBe(404);
    }
    expect((await send({ method: "GET", url: api("/my/cases") }, null)).statusCode).toBe(401);
  });
});

describe("every route has an entry", () => {
  it("lists each route of /api/v1 and /open311/v2, and names no route the app lacks", () => {
    const actionRoutes = Object.keys(ACTION_PERMISSIONS).map((a) => `POST /api/v1/cases/:id/actions/${a}`);
    const known = new Set([...Object.keys(ROUTES), ...actionRoutes]);
    const api = [...new Set(registered)].filter((r) => / \/(api\/v1|open311\/v2)\//.test(r));
    const missing = api.filter((r) => !known.has(r));
    expect(missing, "routes without an entry in the authorization matrix").toEqual([]);
    expect(
      [...known].filter((r) => !api.includes(r)),
      "entries for routes the app lacks",
    ).toEqual([]);
    const covered = new Set(entries().map((e) => e.route));
    const matrixRoutes = Object.entries(ROUTES)
      .filter(([, where]) => where === "matrix")
      .map(([r]) => r);
    expect(
      matrixRoutes.filter((r) => !covered.has(r)),
      "routes marked matrix without an entry",
    ).toEqual([]);
    expect(api.length).toBeGreaterThan(90);
  });

  it("names, for every route not checked here, a test file or folder that exists", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const problems: string[] = [];
    for (const [route, where] of Object.entries(ROUTES)) {
      if (/^matrix\b/.test(where)) continue;
      // A path of the repository, perhaps after a word ("public: …") or before a note ("… (grids)").
      const paths = where.match(/\b(?:src|test)\/[\w./-]*[\w-]/g) ?? [];
      if (paths.length === 0) problems.push(`${route}: "${where}" names no test file`);
      for (const p of paths)
        if (!fs.existsSync(path.join(root, p))) problems.push(`${route}: ${p} does not exist`);
    }
    expect(problems, "dangling references in the route map").toEqual([]);
  });
});

describe("intake by staff channel", () => {
  it("needs cases.intake (401 without a session, 403 without the permission)", async () => {
    const body = {
      channel: "hotline",
      categoryCode,
      description: "矩阵热线诉求",
      regionCode: world.village,
      reporter: { name: "来电人", phone: "13700005678" },
    };
    for (const role of ROLES) {
      const res = await send({ method: "POST", url: api("/cases"), payload: body }, `${role}:in`);
      expect(res.statusCode, role).toBe(roleHas(role, "cases.intake") ? 201 : 403);
    }
    expect((await send({ method: "POST", url: api("/cases"), payload: body }, null)).statusCode).toBe(401);
  });
});
