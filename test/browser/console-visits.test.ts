/**
 * The visits pages in a real browser: the demo grid worker opens the visits work list, finds the
 * planned visit of an elderly person of their grid with its deadline and masked phone, records it
 * (method, findings) and sees the next visit's deadline, raises an appeal about what was found in
 * one tap and sees the case linked; the visit completion rate on the cockpit shows the grid's
 * figure; all in zh-CN, then in English, under the CSP and without script errors.
 */
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regions, roleBindings, users } from "../../src/db/schema.js";
import { personPopulationTags, persons } from "../../src/modules/people/index.js";
import { planVisits } from "../../src/modules/visits/plan-visits.js";
import { visits } from "../../src/modules/visits/schema.js";
import {
  launchBrowser,
  newContext,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: visits work list, record, appeal and completion rate", () => {
  let server: WebServer;
  let browser: Browser;

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
        name: "张秀英",
        sex: "female",
        birthDate: "1941-03-02",
        phoneMasked: "138****5678",
        regionCode: grid.code,
        regionPath: grid.path,
        countyCode: grid.countyCode,
        gridCode: grid.code,
      })
      .returning({ id: persons.id });
    if (!person) throw new Error("no person");
    // Tagged three weeks ago: the first weekly visit is long overdue.
    const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000);
    await db.insert(personPopulationTags).values({
      personId: person.id,
      typeCode: "elderly_alone",
      since: threeWeeksAgo.toISOString().slice(0, 10),
      createdAt: threeWeeksAgo,
    });
    await db.transaction((tx) => planVisits(tx, new Date()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("records a visit, raises an appeal from it, and shows the completion rate", async () => {
    // A laptop set to another zone: the visit's date picker still works in China time.
    const context = await newContext(browser, server.baseUrl, { timezoneId: "America/Los_Angeles" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "grid_worker");
    await page.locator('[data-page-id="visits.worklist"]').click();
    await page.waitForURL(/\/console\/visits$/);
    const list = page.getByTestId("visit-list");
    const row = list.locator("tr", { hasText: "张秀英" });
    await row.waitFor();
    await row.getByText("138****5678").waitFor();
    await row.getByText("独居老人").waitFor();
    await row.getByText("超期").waitFor();
    await row.getByTestId("visit-link").click();
    await page.waitForURL(/\/console\/visits\/[0-9a-f-]{36}$/);
    const visit = page.getByTestId("visit-page");
    await visit.getByText("待走访").waitFor();
    // The picker opens on China's wall clock now (not Los Angeles'), and is saved as that instant.
    const shown = await page.locator("#recordVisit_visitedAt").inputValue();
    expect(Math.abs(Date.parse(`${shown.replace(" ", "T")}:00+08:00`) - Date.now())).toBeLessThan(3 * 60_000);
    await page.locator(`input[type=radio][value="phone"]`).check();
    await page.locator("#recordVisit_findings").fill("电话联系，本人反映楼道灯坏了，夜间出行不便。");
    await page.getByTestId("record-submit").click();
    await page
      .getByTestId("visit-notice")
      .getByText(/走访已登记，下次走访期限/)
      .waitFor();
    await visit.getByText("已走访").first().waitFor();
    const [saved] = await server.database.db
      .select({ at: visits.visitedAt })
      .from(visits)
      .where(eq(visits.status, "done"));
    expect(
      Math.abs((saved?.at?.getTime() ?? 0) - Date.parse(`${shown.replace(" ", "T")}:00+08:00`)),
    ).toBeLessThan(60_000);
    await expect(page.getByTestId("visit-findings").textContent()).resolves.toContain("楼道灯坏了");
    await page.getByTestId("raise-appeal").click();
    await page.getByTestId("appeal-submit").click();
    await page
      .getByTestId("visit-notice")
      .getByText(/已提交诉求 \d{12}/)
      .waitFor();
    await expect(page.getByTestId("visit-case").textContent()).resolves.toMatch(/^\d{12}$/);

    await page.locator('[data-page-id="visits.rate"]').click();
    await page.waitForURL(/\/console\/visit-rate$/);
    // One visit was due (overdue) and recorded late: 0 of 1 on time.
    await page.getByTestId("visit-rate").getByText("0.0%").waitFor();
    await page.getByTestId("visit-rate-behind").getByText("张秀英").waitFor();
    await page.getByTestId("lang-switch").click();
    await page.getByText("Visit completion rate").first().waitFor();
    await page.getByTestId("visit-rate-behind").getByText("Elderly person living alone").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
