/**
 * The grid worker's visits (走访) on a phone (390×844) in real Chromium: the visit list shows the
 * person masked with their home; offline the worker records the visit (method, findings, the
 * GPS point) and raises an appeal from it, both kept in the outbox; back online the outbox sends
 * them and the server holds exactly one recorded visit and one appeal linked to it.
 */
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, regions, roleBindings, users } from "../../src/db/schema.js";
import { personPopulationTags, persons } from "../../src/modules/people/index.js";
import { planVisits } from "../../src/modules/visits/plan-visits.js";
import { visits } from "../../src/modules/visits/schema.js";
import { disputeParties, disputes } from "../../src/modules/mediation/schema.js";
import { seedCommittees } from "../../src/modules/mediation/seed-committees.js";
import {
  DEMO_PASSWORD,
  PHONE,
  launchBrowser,
  newContext,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** Chromium logs a request refused offline as a console error: that is the point of the test. */
function isNetworkLine(line: string): boolean {
  return /^console: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET)$/.test(line);
}

describe("grid worker records a visit on a phone, offline", () => {
  let server: WebServer;
  let browser: Browser;
  let personId = "";
  let point = { lon: 0, lat: 0 };

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
    // The county's people's mediation committees (the demo's mediation data is not loaded here).
    await seedCommittees(db, grid.countyCode);
    const [person] = await db
      .insert(persons)
      .values({
        name: "王桂兰",
        sex: "female",
        birthDate: "1938-05-12",
        phoneMasked: "139****4321",
        regionCode: grid.code,
        regionPath: grid.path,
        countyCode: grid.countyCode,
        gridCode: grid.code,
      })
      .returning({ id: persons.id });
    if (!person) throw new Error("no person");
    personId = person.id;
    const twoWeeksAgo = new Date(Date.now() - 14 * 86_400_000);
    await db.insert(personPopulationTags).values({
      personId: person.id,
      typeCode: "elderly_alone",
      since: twoWeeksAgo.toISOString().slice(0, 10),
      createdAt: twoWeeksAgo,
    });
    await db.transaction((tx) => planVisits(tx, new Date()));
    // A GPS point inside the grid, from the server's own look-up.
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "grid_worker", password: DEMO_PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const grids = (await (await fetch(`${server.baseUrl}/api/v1/grids`, { headers: { cookie } })).json()) as {
      items: { code: string; bbox: [number, number, number, number] }[];
    };
    const box = grids.items.find((g) => g.code === grid.code)?.bbox ?? grids.items[0]?.bbox;
    if (!box) throw new Error("no grid box");
    point = {
      lon: Number(((box[0] + box[2]) / 2).toFixed(6)),
      lat: Number(((box[1] + box[3]) / 2).toFixed(6)),
    };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("records the visit and its appeal offline and the outbox sends each exactly once", async () => {
    const context = await newContext(browser, server.baseUrl, {
      ...PHONE,
      serviceWorkers: "block",
      geolocation: { latitude: point.lat, longitude: point.lon, accuracy: 10 },
      permissions: ["geolocation"],
    });
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/grid", { waitUntil: "commit" });
    await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await page.locator("#grid-username").fill("grid_worker");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("worklist").waitFor();

    await page.getByRole("link", { name: "走访" }).click();
    const item = page.locator("[data-testid=visit-item]", { hasText: "王桂兰" });
    await item.waitFor();
    await item.getByText("139****4321").waitFor();
    await item.getByText("独居老人").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-visits-zh");

    await item.click();
    const card = page.getByTestId("visit-person");
    await card.getByText("王桂兰").waitFor();
    await card.getByText("139****4321").waitFor();
    await page.locator("[data-testid=visit-place][data-place=found]").waitFor();

    await context.setOffline(true);
    await page.getByTestId("offline-notice").waitFor();
    await page.getByRole("option", { name: "电话" }).click();
    await page.locator("#visit-findings").fill("电话联系，本人身体尚好，反映楼道灯坏了。");
    await page.getByTestId("visit-record-submit").click();
    await page.locator("[data-testid=visit-outcome][data-outcome=waiting]").waitFor();
    // The appeal from this visit, recorded on top of the waiting record.
    await page.getByTestId("visit-appeal-submit").click();
    await page.locator("[data-testid=visit-appeal-outcome][data-outcome=waiting]").waitFor();
    await expect(page.getByTestId("outbox-status").textContent()).resolves.toContain("待发送（2）");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-visit-offline-zh");

    const done = () =>
      server.database.db
        .select()
        .from(visits)
        .where(and(eq(visits.personId, personId), eq(visits.status, "done")));
    expect(await done()).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(async () => page.getByTestId("outbox-status").count(), { timeout: 45_000 }).toBe(0);

    const recorded = await done();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "phone",
      findings: "电话联系，本人身体尚好，反映楼道灯坏了。",
      lon: point.lon,
      lat: point.lat,
    });
    const caseId = recorded[0]?.caseId ?? "";
    const raised = await server.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      channel: "patrol",
      description: "电话联系，本人身体尚好，反映楼道灯坏了。",
    });
    // Opening the outbox again sends nothing more.
    await page.reload();
    await page.getByTestId("visit-page").waitFor();
    await expect.poll(async () => page.getByTestId("visit-page").getAttribute("data-status")).toBe("done");
    await page.getByText(raised[0]?.number ?? "-").waitFor();
    expect(await done()).toHaveLength(1);

    // A quarrel found on the visit: registered for mediation from the same page (online now).
    const form = page.getByTestId("visit-dispute-form");
    await form.waitFor();
    await page.getByTestId("visit-dispute-submit").click();
    await form.getByRole("alert").filter({ hasText: "请选择纠纷类型" }).waitFor();
    await form.getByText("邻里纠纷", { exact: true }).click();
    await page.locator("#visit-dispute-other").fill("楼上住户");
    await page.getByTestId("visit-dispute-submit").click();
    await page.getByTestId("visit-dispute-outcome").filter({ hasText: "已登记矛盾纠纷" }).waitFor();
    await page.getByTestId("visit-dispute-number").waitFor();
    expect(await form.count()).toBe(0);
    const [withDispute] = await done();
    const [dispute] = await server.database.db
      .select()
      .from(disputes)
      .where(eq(disputes.id, withDispute?.disputeId ?? "00000000-0000-0000-0000-000000000000"));
    expect(dispute).toMatchObject({ source: "visit", typeCode: "neighbour" });
    const parties = await server.database.db
      .select()
      .from(disputeParties)
      .where(eq(disputeParties.disputeId, dispute?.id ?? ""))
      .orderBy(disputeParties.position);
    expect(parties.map((p) => [p.role, p.name])).toEqual([
      ["applicant", "王桂兰"],
      ["respondent", "楼上住户"],
    ]);
    expect(await page.getByTestId("visit-dispute-number").textContent()).toBe(dispute?.number);
    await screenshot(page, "mobile-grid-visit-dispute-zh");
    expect(errors.filter((e) => !isNetworkLine(e))).toEqual([]);
    await context.close();

    // In the console the visited person, a party, opens their file from the dispute page.
    const desk = await newContext(browser, server.baseUrl);
    const deskPage = await desk.newPage();
    await signInToConsole(deskPage, "supervisor");
    await deskPage.goto(`${server.baseUrl}/console/mediation/disputes/${dispute?.number ?? "-"}`);
    // A supervisor does not mediate: the parties' names are masked on the dispute, not in the file.
    const party = deskPage.getByTestId("dispute-party").nth(0);
    await party.getByTestId("party-file").click();
    await deskPage.waitForURL(/\/console\/people\?person=[0-9a-f-]{36}$/);
    await deskPage.locator(".ant-drawer").getByText("王桂兰").first().waitFor();
    // The party entered on the spot has no file to open.
    const other = deskPage.getByTestId("dispute-party").nth(1);
    expect(await other.getByTestId("party-file").count()).toBe(0);
    await desk.close();
  }, 180_000);
});
