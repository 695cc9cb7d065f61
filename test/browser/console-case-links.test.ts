/**
 * The links between appeals and people in the console: a visit recorded and its appeal raised
 * (through the API, as the phone does), then the township dispatcher opens the case: it says "raised from
 * a visit" with a link to the visit and the person already linked (the visit linked them); they
 * unlink and link the person again (found by name), masked, and link a family's household through
 * one of its members; the person's file lists the visit (date, how, who, what was found) and the
 * linked appeal.
 */
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regions, roleBindings, users } from "../../src/db/schema.js";
import { personPopulationTags, persons } from "../../src/modules/people/index.js";
import { planVisits } from "../../src/modules/visits/plan-visits.js";
import { visits } from "../../src/modules/visits/schema.js";
import {
  DEMO_PASSWORD,
  confirmPopconfirm,
  launchBrowser,
  newContext,
  screenshot,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: a case raised from a visit, linked to the person, on the person's file", () => {
  let server: WebServer;
  let browser: Browser;
  let caseNumber = "";
  let familyMember = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const db = server.database.db;
    const [binding] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
    const [grid] = await db
      .select()
      .from(regions)
      .where(eq(regions.code, binding?.code ?? ""));
    if (!grid?.countyCode) throw new Error("no demo grid");
    const [person] = await db
      .insert(persons)
      .values({
        name: "司马秀兰",
        sex: "female",
        birthDate: "1940-02-02",
        phoneMasked: "137****2468",
        regionCode: grid.code,
        regionPath: grid.path,
        countyCode: grid.countyCode,
        gridCode: grid.code,
      })
      .returning({ id: persons.id });
    if (!person) throw new Error("no person");
    const since = new Date(Date.now() - 10 * 86_400_000);
    await db.insert(personPopulationTags).values({
      personId: person.id,
      typeCode: "elderly_alone",
      since: since.toISOString().slice(0, 10),
      createdAt: since,
    });
    await db.transaction((tx) => planVisits(tx, new Date()));
    const [planned] = await db.select().from(visits).where(eq(visits.personId, person.id));
    if (!planned) throw new Error("no planned visit");
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "grid_worker", password: DEMO_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
      return JSON.parse(text) as { version: number; case: { number: string } | null };
    };
    const recorded = await post(`/visits/${planned.id}/record`, {
      version: planned.version,
      method: "home",
      findings: "入户走访，老人反映屋顶漏雨。",
    });
    const raised = await post(`/visits/${planned.id}/appeal`, { version: recorded.version });
    caseNumber = raised.case?.number ?? "";
    // A family in the same grid (the grid worker registers it as on the console's register).
    const created = async (path: string, body: unknown) =>
      (await post(path, body)) as unknown as { id: string };
    const building = await created("/buildings", { kind: "building", name: "幸福里", regionCode: grid.code });
    const dwelling = await created("/dwellings", {
      buildingId: building.id,
      room: "302",
      use: "owner_occupied",
    });
    const household = await created("/households", { dwellingId: dwelling.id, type: "registered" });
    familyMember = "欧阳建华";
    await post("/persons", { name: familyMember, householdId: household.id, relation: "head" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the visit on the case, links the person, and lists both on the person's file", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    // The township dispatcher sees the appeal (placed in the village: the visit had no GPS point) and handles it there.
    await signInToConsole(page, "dispatcher");
    await page.goto(`/console/cases/${caseNumber}`);
    const fromVisit = page.getByTestId("case-from-visit");
    await fromVisit
      .getByRole("link", { name: /司马秀兰/ })
      .waitFor({ timeout: 30_000 })
      .catch(async (err: unknown) => {
        await screenshot(page, "console-case-links-stuck");
        throw err;
      });
    const links = page.getByTestId("case-links");
    const linked = links.getByTestId("case-link");
    // Raised from the visit: linked to the person visited already.
    await linked.getByText("司马秀兰").waitFor();
    await linked.getByRole("button", { name: "取消关联" }).click();
    await confirmPopconfirm(page);
    await links.getByText("尚未关联人员或住户").waitFor();
    await page.getByRole("searchbox", { name: "按姓名查找本辖区人员" }).fill("司马");
    await page.getByRole("searchbox", { name: "按姓名查找本辖区人员" }).press("Enter");
    await page.getByTestId("case-link-person").first().click();
    await linked.getByText("司马秀兰").waitFor();
    expect(await linked.textContent()).toContain("137****2468");
    // She lives in no household: said so. A neighbour's family is linked through one of them.
    await page.getByTestId("case-link-household").first().click();
    await page.getByText("此人没有登记在任何家庭中").waitFor();
    await page.getByRole("searchbox", { name: "按姓名查找本辖区人员" }).fill(familyMember);
    await page.getByRole("searchbox", { name: "按姓名查找本辖区人员" }).press("Enter");
    await page.getByTestId("case-link-household").first().click();
    await linked.filter({ hasText: "住户" }).waitFor();
    expect(await linked.count()).toBe(2);

    await page.getByRole("menuitem", { name: "人口房屋" }).click();
    await page.getByRole("searchbox", { name: "姓名" }).fill("司马");
    await page.getByRole("searchbox", { name: "姓名" }).press("Enter");
    const row = page
      .getByTestId("persons-table")
      .locator("tbody tr.ant-table-row")
      .filter({ hasText: "司马秀兰" });
    await row.getByRole("button", { name: "司马秀兰" }).click();
    const visitsOnFile = page.getByTestId("person-visits");
    await visitsOnFile.getByText("入户走访，老人反映屋顶漏雨。").waitFor();
    expect(await visitsOnFile.textContent()).toContain("入户");
    await page.getByTestId("person-cases").getByRole("link", { name: caseNumber }).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
