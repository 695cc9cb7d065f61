/**
 * Who reads which notifications and work lists, for every notification kind the code writes and
 * every demo account. A unit's notification reaches only the staff of that unit whose role works
 * its cases; a resident reads only the notices about their own appeals; a partner reads none.
 * Residents and the partner are bound to the city, so a rule that derived "my units" from any
 * binding's region would hand them the city centre's triage queue: that is what this guards.
 * The expectations are written out by hand, not computed from the policy they test.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, organisations, users } from "../../src/db/schema.js";
import { findOrCreateResident } from "../../src/modules/accounts/otp-resident-account.js";
import { buildCase } from "../../src/modules/cases/actions/test-factory.js";
import { buildTestApp, sessionHeaders, type TestApp } from "../helpers/app.js";
import { seedDemoWorld } from "../helpers/demo-world.js";

/** The kinds written with a computed `kind:` (no literal for the scan below to find). */
const COMPUTED_KINDS = {
  dispatch: "dispatch-case.ts: kind = the action",
  redispatch: "dispatch-case.ts: kind = the action",
  deadline_warning: "run-deadline-scan.ts: kind = the mark's action",
  deadline_overdue: "run-deadline-scan.ts: kind = the mark's action",
  dispute_deadline_warning: "mediation/deadline-scan.ts: kind = dispute_ + the mark's action",
  dispute_deadline_overdue: "mediation/deadline-scan.ts: kind = dispute_ + the mark's action",
  dispute_follow_up_due: "mediation/deadline-scan.ts: kind = dispute_ + the mark's action",
  dispute_judicial_reminder: "mediation/deadline-scan.ts: kind = dispute_ + the mark's action",
};

/** Every in-app notification kind the server writes, by hand. */
const KINDS = [
  "case_triage",
  "case_dispatched",
  ...Object.keys(COMPUTED_KINDS),
  "urge",
  "reply",
  "send_back",
  "escalate",
  "verify_failed",
  "evaluate_merged",
  "supervisor_review",
  "reopen",
  "reject",
  "merge",
  "request_extension",
  "decide_extension",
  "whistle",
  "report",
  "case_escalated",
  "whistle_overdue",
  "transfer_to_mediation",
  // Mediation: to a committee's unit, a mediator, the township centre and the police liaison.
  "dispute_registered",
  "dispute_assigned",
  "dispute_declined",
  "dispute_escalated",
  "dispute_settled",
  "dispute_repeat_parties",
  "dispute_major_risk",
  // Monthly screening: to the village committee and the township centre.
  "screening_overdue",
] as const;

/** `kind: "…"` literals in notification-writing files that are not notification kinds. */
const NOT_NOTIFICATION_KINDS = new Set(["warning", "overdue"]); // run-deadline-scan's MarkSpec.kind

const ACCOUNTS = [
  "admin",
  "county_admin",
  "supervisor",
  "dispatcher",
  "dept_handler",
  "village_staff",
  "village_staff2",
  "grid_worker",
  "grid_assistant",
  "operator",
  "resident",
  "partner",
] as const;
type Account = (typeof ACCOUNTS)[number];

/** Who a test notification is addressed to. */
type Recipient =
  | "cityCentre"
  | "countyCentre"
  | "otherCountyCentre"
  | "townshipCentre"
  | "department"
  | "committee"
  | "committee2"
  | "gridPost"
  | "residentSelf"
  | "phoneResident"
  | "dispatcherSelf"
  | "anonymousReporter";
const UNIT_RECIPIENTS = [
  "cityCentre",
  "countyCentre",
  "otherCountyCentre",
  "townshipCentre",
  "department",
  "committee",
  "committee2",
  "gridPost",
] as const;
type UnitRecipient = (typeof UNIT_RECIPIENTS)[number];

/** What each demo account reads, written out from the README's account table. */
const READS: Record<Account | "phoneResident" | "laterPhoneResident", readonly Recipient[]> = {
  admin: ["cityCentre"],
  county_admin: ["countyCentre"],
  supervisor: ["cityCentre"],
  dispatcher: ["townshipCentre", "dispatcherSelf"],
  dept_handler: ["department"],
  village_staff: ["committee"],
  village_staff2: ["committee2"],
  grid_worker: ["gridPost"],
  grid_assistant: ["gridPost"],
  operator: ["countyCentre"],
  resident: ["residentSelf"],
  partner: [],
  phoneResident: ["phoneResident"],
  laterPhoneResident: [],
};

type Reader = keyof typeof READS;
const READERS = Object.keys(READS) as Reader[];

let t: TestApp;
const headers = {} as Record<Reader, Record<string, string>>;
const unitIds = {} as Record<UnitRecipient, string>;
/** Notification id → its recipient label. */
const recipientOf = new Map<number, Recipient>();
/** The open case held by each unit. */
const caseOfUnit = {} as Record<UnitRecipient, { id: string; number: string }>;

async function userId(username: string): Promise<string> {
  const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!u) throw new Error(`no account ${username}`);
  return u.id;
}

async function unitOf(username: string): Promise<string> {
  const [u] = await t.database.db
    .select({ org: users.organisationId })
    .from(users)
    .where(eq(users.username, username));
  if (!u?.org) throw new Error(`${username} has no unit`);
  return u.org;
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  await seedDemoWorld(t.database);
  const ids = {} as Record<Account, string>;
  for (const a of ACCOUNTS) ids[a] = await userId(a);
  const phoneResident = await findOrCreateResident(t.database.db, "13700000001");

  const centre = async (kind: "city_centre" | "county_centre", regionCode: string) => {
    const [o] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, kind), eq(organisations.regionCode, regionCode)));
    if (!o) throw new Error(`no ${kind} at ${regionCode}`);
    return o.id;
  };
  Object.assign(unitIds, {
    cityCentre: await centre("city_centre", "1310"),
    countyCentre: await centre("county_centre", "131002"),
    otherCountyCentre: await centre("county_centre", "131003"),
    townshipCentre: await unitOf("dispatcher"),
    department: await unitOf("dept_handler"),
    committee: await unitOf("village_staff"),
    committee2: await unitOf("village_staff2"),
    gridPost: await unitOf("grid_worker"),
  } satisfies Record<UnitRecipient, string>);

  // One open case held by each unit, and the appeals of the reporters who are told about theirs.
  for (const unit of UNIT_RECIPIENTS) {
    const [org] = await db.select().from(organisations).where(eq(organisations.id, unitIds[unit]));
    if (!org) throw new Error(`no unit ${unit}`);
    const built = await buildCase(db, {
      regionCode: org.regionCode,
      // Dispatched to the unit, centres included (a township-level case the centre works itself):
      // a case in triage is in the centre's dispatch queue, not in its work list.
      status: "dispatched",
      assignedOrgId: org.id,
      description: `${unit} 的诉求`,
    });
    caseOfUnit[unit] = { id: built.case.id, number: built.case.number };
  }
  const residentCase = await buildCase(db, { reporterUserId: ids.resident, status: "replied" });
  const phoneCase = await buildCase(db, { reporterUserId: phoneResident, status: "replied" });
  const dispatcherCase = await buildCase(db, { reporterUserId: ids.dispatcher, status: "replied" });
  const anonymousCase = await buildCase(db, { status: "replied", withTrackingCode: true });

  const rows: { recipient: Recipient; values: typeof notifications.$inferInsert }[] = [];
  for (const kind of KINDS) {
    const text = { channel: "in_app" as const, kind, title: `${kind} 标题`, body: `${kind} 正文` };
    for (const unit of UNIT_RECIPIENTS) {
      const caseId = caseOfUnit[unit].id;
      rows.push({
        recipient: unit,
        values: { ...text, recipientOrgId: unitIds[unit], subjectType: "case", subjectId: caseId },
      });
    }
    rows.push(
      {
        recipient: "residentSelf",
        values: {
          ...text,
          recipientUserId: ids.resident,
          subjectType: "case",
          subjectId: residentCase.case.id,
        },
      },
      {
        recipient: "phoneResident",
        values: {
          ...text,
          recipientUserId: phoneResident,
          subjectType: "case",
          subjectId: phoneCase.case.id,
        },
      },
      {
        recipient: "dispatcherSelf",
        values: {
          ...text,
          recipientUserId: ids.dispatcher,
          subjectType: "case",
          subjectId: dispatcherCase.case.id,
        },
      },
      {
        recipient: "anonymousReporter",
        values: {
          ...text,
          recipientCaseId: anonymousCase.case.id,
          subjectType: "case",
          subjectId: anonymousCase.case.id,
        },
      },
    );
  }
  const written = await db
    .insert(notifications)
    .values(rows.map((r) => r.values))
    .returning({ id: notifications.id });
  written.forEach((w, i) => {
    const row = rows[i];
    if (row) recipientOf.set(w.id, row.recipient);
  });

  // A resident who signs in with their phone after all of it was written.
  const laterPhoneResident = await findOrCreateResident(t.database.db, "13700000002");
  for (const a of ACCOUNTS) headers[a] = await sessionHeaders(t.database, { id: ids[a], username: a });
  headers.phoneResident = await sessionHeaders(t.database, { id: phoneResident, username: "p1" });
  headers.laterPhoneResident = await sessionHeaders(t.database, { id: laterPhoneResident, username: "p2" });
});

afterAll(async () => {
  await t.close();
});

interface Listed {
  items: { id: number; kind: string; caseNumber: string | null }[];
  unread: number;
}

async function allNotifications(reader: Reader): Promise<Listed> {
  const items: Listed["items"] = [];
  let unread = -1;
  let before: number | undefined;
  for (;;) {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/notifications?limit=200${before === undefined ? "" : `&before=${before}`}`,
      headers: headers[reader],
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<Listed>();
    if (unread < 0) unread = page.unread;
    items.push(...page.items);
    const last = page.items.at(-1);
    if (page.items.length < 200 || !last) return { items, unread };
    before = last.id;
  }
}

describe("notifications by role", () => {
  it("knows every kind the server writes", () => {
    const root = path.resolve(import.meta.dirname, "../../src");
    const files = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      // Visits' kind (visit_overdue, to the grid post) is tested with the visits module, and the
      // correction requests' kinds (to the grid post, to the resident) with the my-data module.
      .filter(
        (f) =>
          f.endsWith(".ts") &&
          !f.endsWith(".test.ts") &&
          !f.startsWith("modules/visits/") &&
          !f.startsWith("modules/my-data/"),
      )
      .map((f) => fs.readFileSync(path.join(root, f), "utf8"))
      .filter((text) =>
        /notifyUnits\(|notifyReporter\(|enqueueNotifications\(|insert\(notifications\)|noticesFor\(|kind: "dispute_/.test(
          text,
        ),
      );
    // Every word a `kind:` expression can take (the intake picks one of two in a ternary).
    const literal = new Set(
      files.flatMap((text) =>
        [...text.matchAll(/\bkind: ([^,\n]+)/g)].flatMap((m) =>
          [...(m[1] ?? "").matchAll(/(?:^|[?:]\s*)"([a-z_]+)"/g)].map((q) => q[1] ?? ""),
        ),
      ),
    );
    const unlisted = [...literal].filter(
      (k) => !NOT_NOTIFICATION_KINDS.has(k) && !(KINDS as readonly string[]).includes(k),
    );
    expect(unlisted).toEqual([]);
    // …and every listed kind is still written somewhere.
    const stale = KINDS.filter((k) => !literal.has(k) && !(k in COMPUTED_KINDS));
    expect(stale).toEqual([]);
  });

  it.each(READERS)(
    "%s reads exactly the notifications of their units and their own appeals",
    async (reader) => {
      const { items, unread } = await allNotifications(reader);
      const got = items.map((n) => `${n.kind} → ${recipientOf.get(n.id) ?? `foreign #${n.id}`}`).sort();
      const expected = KINDS.flatMap((kind) => READS[reader].map((r) => `${kind} → ${r}`)).sort();
      expect(got).toEqual(expected);
      expect(unread).toBe(expected.length);
    },
  );

  it.each(READERS)("%s cannot mark another's notification read (404)", async (reader) => {
    const foreign = [...recipientOf].find(([, r]) => !READS[reader].includes(r));
    if (!foreign) throw new Error("fixture: every notification is theirs");
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/notifications/${foreign[0]}/read`,
      headers: headers[reader],
    });
    expect(res.statusCode).toBe(404);
  });

  it("answers 401 without a session", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/notifications" });
    expect(res.statusCode).toBe(401);
  });
});

describe("work lists by role", () => {
  it.each(READERS)("%s sees the open cases of their units only; no unit is a 403", async (reader) => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/worklist?limit=500",
      headers: headers[reader],
    });
    const units = READS[reader].filter((r): r is UnitRecipient =>
      (UNIT_RECIPIENTS as readonly string[]).includes(r),
    );
    if (units.length === 0) {
      expect(res.statusCode).toBe(403);
      return;
    }
    expect(res.statusCode).toBe(200);
    const numbers = res
      .json<{ items: { number: string }[] }>()
      .items.map((c) => c.number)
      .sort();
    expect(numbers).toEqual(units.map((u) => caseOfUnit[u].number).sort());
  });

  it("answers 401 without a session", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/worklist" });
    expect(res.statusCode).toBe(401);
  });
});

describe("the reports that exposed it", () => {
  it("no resident or partner account reads a case of a unit, nor its description", async () => {
    const foreign = Object.values(caseOfUnit);
    expect(foreign).toHaveLength(UNIT_RECIPIENTS.length);
    for (const reader of ["resident", "partner", "phoneResident", "laterPhoneResident"] as const) {
      const worklist = await t.app.inject({
        method: "GET",
        url: "/api/v1/worklist",
        headers: headers[reader],
      });
      const notices = await t.app.inject({
        method: "GET",
        url: "/api/v1/notifications",
        headers: headers[reader],
      });
      for (const { number } of foreign) {
        expect(worklist.body).not.toContain(number);
        expect(notices.body).not.toContain(number);
      }
      expect(notices.body).not.toContain("的诉求");
    }
  });
});
