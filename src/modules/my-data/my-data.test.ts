/**
 * Residents' rights: a resident sees the persons of their own phone only (masked, care tags only),
 * who read them, and asks for corrections that the grid post handles on the workflow core.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications, personalDataReads, regions, workflowEvents } from "../../db/schema.js";
import { users } from "../../db/schema.js";
import { loadConfig } from "../../config.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { seedCommittees } from "../mediation/seed-committees.js";
import { linkDemoResidentPhone } from "./demo-my-data.js";
import { buildMyDataWorld, PHONE_A, type MyDataWorld } from "./test-factory.js";

let t: TestApp;
let w: MyDataWorld;

async function call(headers: Record<string, string>, method: "GET" | "POST", url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
}

interface Person {
  id: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  region: { code: string; name: string };
  registeredResidence: string | null;
  household: { members: { name: string; relation: string }[] } | null;
  careTags: { type: { code: string } }[];
}

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildMyDataWorld(t);
}, 120_000);
afterAll(async () => t?.close());

describe("my data", () => {
  it("shows the persons of the resident's phone only, masked, with care tags but no key or control type", async () => {
    const res = await call(w.residents.a, "GET", "/me/register");
    expect(res.statusCode, res.body).toBe(200);
    const [village] = await t.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.code, w.village));
    const villageName = village?.name;
    const persons = (res.json() as { persons: Person[] }).persons;
    expect(persons.map((p) => p.name).sort()).toEqual(["李秀英", "王建国"]);
    const head = persons.find((p) => p.name === "王建国");
    expect(head?.phone).toBe("138****5678");
    expect(head?.idNumber).toMatch(/^1310\*+\d{3}[\dX]$/);
    expect(head?.address).toBe("7号院正房");
    // The village around the grid, never the grid (a staff-only word) in the address.
    expect(head?.region).toEqual({ code: w.village, name: villageName });
    expect(res.body).not.toContain("网格");
    expect(res.body).not.toContain(w.grid);
    expect(head?.registeredResidence).toBe("河北省廊坊市安次区");
    expect(head?.careTags.map((x) => x.type.code)).toEqual(["elderly_alone"]);
    expect(res.body).not.toContain("community_correction");
    expect(res.body).not.toContain("社区矫正");
    // The other members: masked names, the neighbour (another phone) absent.
    expect(head?.household?.members.map((m) => m.name).sort()).toEqual(["李**", "王**"]);
    expect(res.body).not.toContain("赵邻居");
    expect(res.body).not.toContain('12345678"');
    // The look is audited as the resident's own, not logged as a staff read.
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "register.view_own"));
    expect(audited.length).toBeGreaterThan(0);
    const reads = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.personId, w.persons.spouse));
    expect(reads).toEqual([]);
  });

  it("shows another phone's resident only their own person", async () => {
    const res = await call(w.residents.b, "GET", "/me/register");
    expect((res.json() as { persons: Person[] }).persons.map((p) => p.name)).toEqual(["赵邻居"]);
  });

  it("refuses an account without a proven phone, staff and no session", async () => {
    const res = await call(w.residents.noPhone, "GET", "/me/register");
    // A password account carrying someone's number (typed by an administrator) proves nothing.
    const typed = await call(w.residents.typedPhone, "GET", "/me/register");
    expect(typed.statusCode).toBe(403);
    expect(typed.json()).toMatchObject({ error: { code: "phone_not_proven" } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: "phone_not_proven" } });
    expect((await call(w.gridWorker, "GET", "/me/register")).statusCode).toBe(403);
    expect((await call({}, "GET", "/me/register")).statusCode).toBe(401);
  });

  it("lists who read the persons in full: unit and roles, reason, no staff name", async () => {
    const res = await call(w.residents.a, "GET", "/me/register/reads");
    expect(res.statusCode, res.body).toBe(200);
    const items = (
      res.json() as {
        items: { personName: string; kind: string; unit: unknown; roles: unknown; reason: string }[];
      }
    ).items;
    const reveal = items.find((i) => i.kind === "reveal");
    expect(reveal).toMatchObject({
      personName: "王建国",
      unit: { kind: { zh: "网格工作站", en: "Grid post" } },
      roles: [{ zh: "网格员", en: "Grid worker" }],
      reason: "走访前核对联系电话",
    });
    expect(res.body).not.toMatch(/"username"|"displayName"|"userId"/);
    const other = await call(w.residents.b, "GET", "/me/register/reads");
    expect((other.json() as { items: unknown[] }).items).toEqual([]);
  });

  it("lists a reveal of a dispute's parties under the person a party is, once; on-the-spot parties stay under the dispute", async () => {
    await seedCommittees(t.database.db, w.county);
    const registered = await call(w.headers.villageStaff, "POST", "/mediation/disputes", {
      source: "visit",
      regionCode: w.village,
      typeCode: "neighbour",
      facts: "走访发现两户因排水沟争吵。",
      parties: [
        { role: "applicant", name: "王建国", phone: PHONE_A, personId: w.persons.head },
        { role: "respondent", name: "孙路人", phone: "13700001234" },
      ],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const dispute = registered.json() as { id: string; number: string };
    const reason = "电话通知双方调解时间";
    const revealed = await call(
      w.headers.villageStaff,
      "POST",
      `/mediation/disputes/${dispute.number}/reveal-parties`,
      {
        reason,
      },
    );
    expect(revealed.statusCode, revealed.body).toBe(200);

    // The person's reads show it once (the family's phone finds two persons; it is 王建国's read).
    const mine = (await call(w.residents.a, "GET", "/me/register/reads")).json() as {
      items: { personName: string; kind: string; reason: string }[];
    };
    expect(mine.items.filter((i) => i.reason === reason)).toEqual([
      expect.objectContaining({ personName: "王建国", kind: "reveal" }),
    ]);
    const neighbours = (await call(w.residents.b, "GET", "/me/register/reads")).json() as {
      items: unknown[];
    };
    expect(neighbours.items).toEqual([]);

    // One row for the person (with the dispute), one for the party entered on the spot.
    const rows = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.disputeId, dispute.id));
    expect(
      rows
        .map((r) => ({ personId: r.personId, fields: r.fields }))
        .sort((a, b) => (a.personId ? -1 : b.personId ? 1 : 0)),
    ).toEqual([
      { personId: w.persons.head, fields: "party_phone" },
      { personId: null, fields: "party_phone" },
    ]);
    // The audit page lists the person's read once, naming the person and the dispute.
    const admin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: w.county }]),
    );
    const audit = await call(admin, "GET", `/personal-data-reads?person=${w.persons.head}&pageSize=100`);
    expect(audit.statusCode, audit.body).toBe(200);
    const listed = (
      audit.json() as { items: { reason: string; dispute: { number: string } | null }[] }
    ).items.filter((i) => i.reason === reason);
    expect(listed).toEqual([
      expect.objectContaining({ dispute: expect.objectContaining({ number: dispute.number }) }),
    ]);
  });

  it("takes a correction: grid post notified, listed for staff in scope, done, resident notified", async () => {
    const made = await call(w.residents.a, "POST", "/me/register/corrections", {
      personId: w.persons.spouse,
      field: "birthDate",
      proposed: "<b>1952-07-09</b>",
      note: "身份证上是9日",
    });
    expect(made.statusCode, made.body).toBe(201);
    const correction = made.json() as { id: string; status: string; version: number; proposed: string };
    expect(correction).toMatchObject({ status: "submitted", proposed: "<b>1952-07-09</b>" });
    const toPost = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.subjectId, correction.id), eq(notifications.recipientOrgId, w.units.gridPost)),
      );
    expect(toPost.map((n) => n.kind)).toEqual(["register_correction_requested"]);

    const list = await call(w.gridWorker, "GET", "/register/corrections?status=submitted");
    expect(list.statusCode, list.body).toBe(200);
    const row = (
      list.json() as { items: { id: string; person: { name: string }; actions: string[] }[] }
    ).items.find((i) => i.id === correction.id);
    expect(row).toMatchObject({ person: { name: "李秀英" }, actions: ["done", "decline"] });
    // Out of scope: absent from the list, 404 on the action.
    const far = await call(w.farWorker, "GET", "/register/corrections");
    expect(far.body).not.toContain(correction.id);
    const farDone = await call(w.farWorker, "POST", `/register/corrections/${correction.id}/done`, {
      version: 0,
    });
    expect(farDone.statusCode).toBe(404);
    // A stale version: 409.
    const stale = await call(w.gridWorker, "POST", `/register/corrections/${correction.id}/done`, {
      version: 7,
    });
    expect(stale.json()).toMatchObject({ error: { code: "stale_correction" } });

    const done = await call(w.gridWorker, "POST", `/register/corrections/${correction.id}/done`, {
      version: correction.version,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done" });
    const again = await call(w.gridWorker, "POST", `/register/corrections/${correction.id}/decline`, {
      version: correction.version + 1,
      reason: "重复",
    });
    expect(again.json()).toMatchObject({ error: { code: "illegal_transition" } });
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.subjectId, correction.id));
    expect(told.map((n) => n.kind).sort()).toEqual([
      "register_correction_done",
      "register_correction_requested",
    ]);
    const events = await t.database.db
      .select()
      .from(workflowEvents)
      .where(eq(workflowEvents.subjectId, correction.id));
    expect(events.map((e) => e.action)).toEqual(["submit", "done"]);

    const mine = await call(w.residents.a, "GET", "/me/register/corrections");
    expect((mine.json() as { items: { id: string; status: string }[] }).items).toEqual([
      expect.objectContaining({ id: correction.id, status: "done" }),
    ]);
    // The resident reads it in their notifications.
    const inbox = await call(w.residents.a, "GET", "/notifications");
    expect(inbox.body).toContain("register_correction_done");
    expect(inbox.body).toContain("您的更正申请已处理");
  });

  it("declines with a reason the resident reads; the reason is required", async () => {
    const made = await call(w.residents.b, "POST", "/me/register/corrections", {
      personId: w.persons.neighbour,
      field: "name",
      proposed: "赵林菊",
    });
    const id = (made.json() as { id: string }).id;
    const noReason = await call(w.gridWorker, "POST", `/register/corrections/${id}/decline`, { version: 0 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: { code: "validation_failed" } });
    const declined = await call(w.gridWorker, "POST", `/register/corrections/${id}/decline`, {
      version: 0,
      reason: "与户口簿一致，无需更正",
    });
    expect(declined.statusCode, declined.body).toBe(200);
    const mine = await call(w.residents.b, "GET", "/me/register/corrections");
    expect((mine.json() as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ status: "declined", declineReason: "与户口簿一致，无需更正" }),
    ]);
    const told = await t.database.db.select().from(notifications).where(eq(notifications.subjectId, id));
    expect(told.map((n) => n.kind)).toContain("register_correction_declined");
  });

  it("takes at most five open requests about one person (409), more once some are handled", async () => {
    const ask = () =>
      call(w.residents.b, "POST", "/me/register/corrections", {
        personId: w.persons.neighbour,
        field: "other",
        proposed: "补充",
      });
    for (let i = 0; i < 5; i += 1) expect((await ask()).statusCode).toBe(201);
    const sixth = await ask();
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json()).toMatchObject({ error: { code: "too_many_open_corrections" } });
    const open = (await call(w.gridWorker, "GET", "/register/corrections?status=submitted")).json() as {
      items: { id: string; version: number; person: { name: string } }[];
    };
    const first = open.items.find((i) => i.person.name === "赵邻居");
    if (!first) throw new Error("no open request");
    await call(w.gridWorker, "POST", `/register/corrections/${first.id}/done`, { version: first.version });
    expect((await ask()).statusCode).toBe(201);
  });

  it("shows a number written in a request masked to staff who may not reveal numbers", async () => {
    const made = await call(w.residents.a, "POST", "/me/register/corrections", {
      personId: w.persons.head,
      field: "phone",
      proposed: "13900001111",
      note: "旧号码 13812345678 不用了",
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = (made.json() as { id: string }).id;
    const seen = async (headers: Record<string, string>) =>
      (
        (await call(headers, "GET", "/register/corrections")).json() as {
          items: { id: string; proposed: string; note: string | null }[];
        }
      ).items.find((i) => i.id === id);
    // The grid worker may reveal numbers where the person lives: as written.
    expect(await seen(w.gridWorker)).toMatchObject({
      proposed: "13900001111",
      note: "旧号码 13812345678 不用了",
    });
    // A grid assistant reads the register but may not reveal: masked, as everywhere else.
    const assistant = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "grid_assistant", region: w.grid }]),
    );
    expect(await seen(assistant)).toMatchObject({
      proposed: "139****1111",
      note: "旧号码 138****5678 不用了",
    });
    // The resident reads their own words.
    const mine = (await call(w.residents.a, "GET", "/me/register/corrections")).json() as {
      items: { id: string; proposed: string }[];
    };
    expect(mine.items.find((i) => i.id === id)?.proposed).toBe("13900001111");
  });

  it("answers 404 for a person not of the resident's phone, 400 for bad input", async () => {
    const other = await call(w.residents.b, "POST", "/me/register/corrections", {
      personId: w.persons.head,
      field: "name",
      proposed: "x",
    });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: { code: "not_found" } });
    for (const payload of [
      { personId: w.persons.neighbour, field: "idNumber", proposed: "x" },
      { personId: w.persons.neighbour, field: "name", proposed: "   " },
      { personId: "not-a-uuid", field: "name", proposed: "x" },
      { personId: w.persons.neighbour, field: "name", proposed: "x".repeat(201) },
    ]) {
      const res = await call(w.residents.b, "POST", "/me/register/corrections", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: "validation_failed" } });
    }
  });

  it("gives the demo resident the phone of a cared-for person of the demo grid, once", async () => {
    const db = t.database.db;
    await buildUser(t.database, [{ role: "grid_worker", region: w.grid }], { username: "grid_worker" });
    await buildUser(t.database, [{ role: "resident", region: "1310" }], { username: "resident" });
    const keys = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }).personalDataKeys;
    expect(await linkDemoResidentPhone(db, keys)).toHaveLength(1);
    const [resident] = await db
      .select({ phone: users.phone })
      .from(users)
      .where(eq(users.username, "resident"));
    // 王建国: the grid's one person with a phone and an elderly-alone tag.
    expect(resident?.phone).toBe(PHONE_A);
    expect(await linkDemoResidentPhone(db, keys)).toEqual([]);
  });
});
