/**
 * The mediation pages in a real browser: a village mediator opens the workbench, finds the
 * disputes of the demo step (in every state) listed by name, opens a settled one and sees its
 * parties masked, its sessions, its agreement with the print button and its timeline, in zh-CN
 * and in English, under the CSP and without script errors.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import {
  launchBrowser,
  newContext,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: mediation workbench and dispute page", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    await loadDemoMediation(server.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists my committee's disputes and opens one with its agreement", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "village_staff");
    await page.locator('[data-page-id="mediation.workbench"]').click();
    await page.waitForURL(/\/console\/mediation$/);
    const list = page.getByTestId("dispute-list");
    await list.getByText("调解成功（书面协议）").first().waitFor();
    await expect(list.getByText("邻里纠纷").count()).resolves.toBeGreaterThan(0);
    await list.locator("tr", { hasText: "调解成功（书面协议）" }).first().locator("a").click();
    await page.waitForURL(/\/console\/mediation\/disputes\/\d{12}$/);
    const dispute = page.getByTestId("dispute-page");
    await dispute.getByText("当事人", { exact: true }).waitFor();
    await expect(dispute.getByText(/137\*{4}\d{4}/).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId("print-agreement").getAttribute("href")).resolves.toMatch(
      /\/api\/v1\/mediation\/disputes\/[0-9a-f-]{36}\/agreement\.pdf$/,
    );
    await dispute.getByText("调解记录").first().waitFor();
    await page.getByTestId("lang-switch").click();
    await dispute.getByText("Settled (written agreement)").waitFor();
    await dispute.getByText("Neighbour dispute").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
