/**
 * Who read personal data: the reveals of a case's contact are listed for the admins of the case's
 * area (filters, pages), counted on the case's page, and kept from everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { intakeCase, type IntakeResult } from "../cases/intake.js";
import { buildCaseWorld, type CaseWorld } from "../cases/test-fixtures.js";

let w: CaseWorld;
let near: IntakeResult;
let far: IntakeResult;
const h: Record<string, Record<string, string>> = {};
const ids: Record<string, string> = {};
let betweenReads = "";

async function as(name: string, bindings: Parameters<typeof buildUser>[1]) {
  const user = await buildUser(w.t.database, bindings, { username: name, displayName: `${name}显示名` });
  ids[name] = user.id;
  h[name] = await sessionHeaders(w.t.database, user);
}

const get = (who: string | null, url: string) =>
  w.t.app.inject({ method: "GET", url: `/api/v1${url}`, headers: who ? h[who] : {} });

async function reveal(who: string, caseId: string, reason: string) {
  const res = await w.t.app.inject({
    method: "POST",
    url: `/api/v1/cases/${caseId}/reveal-contact`,
    headers: h[who],
    payload: { reason },
  });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  w = await buildCaseWorld();
  const db = w.t.database.db;
  near = await intakeCase(db, {
    channel: "web",
    categoryCode: "sanitation.garbage",
    description: "垃圾站满了",
    location: w.inGrid,
    reporter: { name: "王小明", phone: "13812345678" },
  });
  far = await intakeCase(db, {
    channel: "web",
    categoryCode: "sanitation.garbage",
    description: "另一个县的问题",
    regionCode: w.farVillage,
    reporter: { name: "赵大", phone: "13900002222", email: "zhao@example.com" },
  });
  await as("staffNear", [{ role: "village_staff", region: w.village }]);
  await as("staffNear2", [{ role: "village_staff", region: w.village }]);
  await as("staffFar", [{ role: "village_staff", region: w.farVillage }]);
  await as("cityAdmin", [{ role: "admin", region: "1310" }]);
  await as("countyAdmin", [{ role: "admin", region: w.county }]);
  await as("farAdmin", [{ role: "admin", region: "131003" }]);
  await as("supervisor", [{ role: "supervisor", region: "1310" }]);

  await reveal("staffNear", near.case.id, "回访");
  betweenReads = new Date().toISOString();
  await reveal("staffNear", near.case.number, "再次回访");
  await reveal("staffNear2", near.case.id, "核实地址");
  await reveal("staffFar", far.case.id, "联系");
});
afterAll(async () => w.t.close());

type Read = { reader: { id: string }; case: { id: string }; fields: string[]; reason: string | null };

describe("GET /personal-data-reads", () => {
  it("lists the reads of the admin's own area only, newest first, without the data itself", async () => {
    const county = await get("countyAdmin", "/personal-data-reads");
    expect(county.statusCode).toBe(200);
    const body = county.json() as { items: Read[]; total: number };
    expect(body.total).toBe(3);
    expect(body.items.map((r) => r.reason)).toEqual(["核实地址", "再次回访", "回访"]);
    expect(body.items[0]).toMatchObject({
      reader: { id: ids.staffNear2, username: "staffNear2", displayName: "staffNear2显示名" },
      case: { id: near.case.id, number: near.case.number },
      fields: ["name", "phone"],
    });
    expect(county.body).not.toContain("13812345678");
    expect(county.body).not.toContain("王小明");

    const farView = (await get("farAdmin", "/personal-data-reads")).json() as { items: Read[] };
    expect(farView.items.map((r) => r.case.id)).toEqual([far.case.id]);
    expect(farView.items[0]?.fields).toEqual(["name", "phone", "email"]);
    expect((await get("cityAdmin", "/personal-data-reads")).json().total).toBe(4);
  });

  it("filters by case, by the reporter's phone, by reader and by time, and pages", async () => {
    const total = async (query: string, who = "countyAdmin") => {
      const res = await get(who, `/personal-data-reads?${query}`);
      expect(res.statusCode, query).toBe(200);
      return (res.json() as { total: number }).total;
    };
    expect(await total(`case=${near.case.number}`)).toBe(3);
    expect(await total(`case=${near.case.id}&reader=${ids.staffNear}`)).toBe(2);
    expect(await total(`reader=${ids.staffNear2}`)).toBe(1);
    expect(await total("phone=13812345678")).toBe(2 + 1);
    expect(await total("phone=13900002222")).toBe(0);
    expect(await total("phone=13900002222", "cityAdmin")).toBe(1);
    expect(await total(`since=${encodeURIComponent(betweenReads)}`)).toBe(2);
    expect(await total(`until=${encodeURIComponent(betweenReads)}`)).toBe(1);
    // Another county's case, named outright: nothing, as if it had no reads.
    expect(await total(`case=${far.case.number}`)).toBe(0);
    expect(await total(`reader=${ids.staffFar}`)).toBe(0);

    const first = (await get("countyAdmin", "/personal-data-reads?pageSize=2&page=1")).json();
    const second = (await get("countyAdmin", "/personal-data-reads?pageSize=2&page=2")).json();
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(second.items.map((r: Read) => r.reason)).toEqual(["回访"]);
  });

  it("refuses bad filters with 400 and other roles with 403, no session with 401", async () => {
    for (const q of ["reader=x", "phone=abc", "case=12", "since=yesterday", "pageSize=500"]) {
      const res = await get("countyAdmin", `/personal-data-reads?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBeTypeOf("string");
    }
    const late = encodeURIComponent(new Date().toISOString());
    expect(
      (await get("countyAdmin", `/personal-data-reads?since=${late}&until=2020-01-01T00:00:00Z`)).statusCode,
    ).toBe(400);
    for (const who of ["supervisor", "staffNear"]) {
      expect((await get(who, "/personal-data-reads")).statusCode, who).toBe(403);
    }
    expect((await get(null, "/personal-data-reads")).statusCode).toBe(401);
  });
});

describe("GET /cases/:id/contact-reads", () => {
  it("counts a case's reveals by reader for an admin of its area", async () => {
    const res = await get("countyAdmin", `/cases/${near.case.number}/contact-reads`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 3,
      readers: [
        { id: ids.staffNear2, displayName: "staffNear2显示名", count: 1 },
        { id: ids.staffNear, displayName: "staffNear显示名", count: 2 },
      ],
    });
  });

  it("is 404 for another county's admin, 403 for roles without the permission, 401 without a session", async () => {
    expect((await get("countyAdmin", `/cases/${far.case.id}/contact-reads`)).statusCode).toBe(404);
    expect((await get("farAdmin", `/cases/${near.case.id}/contact-reads`)).statusCode).toBe(404);
    expect((await get("supervisor", `/cases/${near.case.id}/contact-reads`)).statusCode).toBe(403);
    expect((await get("staffNear", `/cases/${near.case.id}/contact-reads`)).statusCode).toBe(403);
    expect((await get(null, `/cases/${near.case.id}/contact-reads`)).statusCode).toBe(401);
  });
});
