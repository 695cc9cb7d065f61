import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, personalDataReads, regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { buildCase } from "../cases/actions/test-factory.js";
import { persons } from "../people/schema.js";
import { buildVisitWorld, type VisitWorld } from "../visits/test-factory.js";

interface LinkList {
  items: { id: string; person: { id: string; name: string; phone: string | null } | null }[];
  canLink: boolean;
}
interface PersonCases {
  linked: { id: string; number: string }[];
  raised: { id: string; number: string }[] | null;
}

describe("cases linked to persons and households", () => {
  let t: TestApp;
  let w: VisitWorld;
  let caseId = "";
  let caseNumber = "";

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildVisitWorld(t);
    const built = await buildCase(t.database.db, {
      regionCode: w.grid,
      status: "handling",
      assignedOrgId: w.units.gridPost,
    });
    caseId = built.case.id;
    caseNumber = built.case.number;
  });
  afterAll(async () => t.close());

  const as = (who: keyof VisitWorld["headers"]) => w.headers[who];
  const req = (
    who: keyof VisitWorld["headers"],
    method: "GET" | "POST" | "DELETE",
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url: `/api/v1${url}`, headers: as(who), ...(payload ? { payload } : {}) });

  it("lets the handler link a person of their grid, shows them masked on the case, audits it, once", async () => {
    const res = await req("gridWorker", "POST", `/cases/${caseNumber}/links`, {
      personId: w.persons.elderly,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().person).toMatchObject({ name: "张秀英", phone: "138****5678" });
    const again = await req("gridWorker", "POST", `/cases/${caseId}/links`, { personId: w.persons.elderly });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("already_linked");
    const list = (await req("gridWorker", "GET", `/cases/${caseId}/links`)).json<LinkList>();
    expect(list.canLink).toBe(true);
    expect(list.items.map((i) => i.person?.name)).toEqual(["张秀英"]);
    expect(JSON.stringify(list)).not.toMatch(/1380*5678|13800005678/);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "case.link"), eq(auditLog.entityId, caseId)));
    expect(audit).toHaveLength(1);
    // A supervisor reads the case and the register, but does not handle the case.
    const supervisor = (await req("supervisor", "GET", `/cases/${caseId}/links`)).json<LinkList>();
    expect(supervisor.canLink).toBe(false);
    expect(supervisor.items).toHaveLength(1);
  });

  it("is 404 for a person outside the handler's register scope, and for a case outside their scope", async () => {
    const [elsewhere] = await t.database.db
      .select()
      .from(regions)
      .where(and(eq(regions.level, "township"), ne(regions.code, w.township)))
      .limit(1);
    if (!elsewhere?.countyCode) throw new Error("no other township");
    const [far] = await t.database.db
      .insert(persons)
      .values({
        name: "远处的人",
        regionCode: elsewhere.code,
        regionPath: elsewhere.path,
        countyCode: elsewhere.countyCode,
      })
      .returning({ id: persons.id });
    const res = await req("gridWorker", "POST", `/cases/${caseId}/links`, { personId: far?.id });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    const outsider = await req("outsider", "POST", `/cases/${caseId}/links`, { personId: w.persons.elderly });
    expect(outsider.statusCode).toBe(404);
    const bad = await req("gridWorker", "POST", `/cases/${caseId}/links`, {
      personId: w.persons.elderly,
      householdId: w.persons.elderly,
    });
    expect(bad.statusCode).toBe(400);
    // A case named neither by its id nor by its number is a 400, not the database's error.
    for (const [method, path] of [
      ["GET", "/cases/xyz/links"],
      ["GET", "/cases/12345/links"],
      ["POST", "/cases/xyz/links"],
      ["DELETE", `/cases/xyz/links/${w.persons.elderly}`],
    ] as const) {
      const res = await req("gridWorker", method, path, { personId: w.persons.elderly });
      expect(res.statusCode, `${method} ${path}`).toBe(400);
    }
  });

  it("lists on the person's file the appeals linked to them and those raised with their phone", async () => {
    const created = await req("gridWorker", "POST", "/persons", {
      name: "赵建国",
      phone: "13912345678",
      regionCode: w.grid,
    });
    expect(created.statusCode, created.body).toBe(201);
    const personId = created.json<{ id: string }>().id;
    const raisedCase = await buildCase(t.database.db, {
      regionCode: w.grid,
      status: "handling",
      assignedOrgId: w.units.gridPost,
      reporterPhone: "139-1234-5678",
    });
    const link = await req("gridWorker", "POST", `/cases/${caseId}/links`, { personId });
    expect(link.statusCode).toBe(201);

    const file = await req("gridWorker", "GET", `/persons/${personId}/cases`);
    expect(file.statusCode, file.body).toBe(200);
    const body = file.json<PersonCases>();
    expect(body.linked.map((c) => c.number)).toEqual([caseNumber]);
    expect(body.raised?.map((c) => c.id)).toEqual([raisedCase.case.id]);
    expect(file.body).not.toContain("13912345678");
    const reads = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.caseId, raisedCase.case.id));
    expect(reads.length).toBeGreaterThan(0);

    // Unlinked: the file no longer lists it, and the unlink is audited.
    const linkId = link.json<{ id: string }>().id;
    expect((await req("gridWorker", "DELETE", `/cases/${caseId}/links/${linkId}`)).statusCode).toBe(204);
    const after = (await req("gridWorker", "GET", `/persons/${personId}/cases`)).json<PersonCases>();
    expect(after.linked).toEqual([]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "case.unlink"));
    expect(audit).toHaveLength(1);
    expect((await req("outsider", "GET", `/persons/${personId}/cases`)).statusCode).toBe(404);
  });
});
