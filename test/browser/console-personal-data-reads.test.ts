/**
 * Who read personal data, in a real browser: a county operator reveals a reporter's contact; the
 * city admin finds the read on the admin page (by the appeal's number too) and sees on the case's
 * page how many times its contact was revealed and by whom. A supervisor has neither.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridWorkerPoint, unexpected, workApi, workContext } from "./console-work-helpers.js";
import {
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: personal data reads", () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists a reveal for the admin, counts it on the case page, and hides both from a supervisor", async () => {
    const w = workApi(server);
    const { point } = await gridWorkerPoint(server);
    const created = await w.appeal("楼下垃圾三天没人收", point);
    const operator = await w.signIn("operator");
    await w.json(`/cases/${created.id}/reveal-contact`, {
      method: "POST",
      session: operator,
      body: JSON.stringify({ reason: "回访核实" }),
    });

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "admin");
    await page.getByRole("menuitem", { name: "个人信息查看记录" }).click();
    const table = page.getByTestId("reads-table");
    const row = table.locator("tbody tr.ant-table-row").filter({ hasText: created.number });
    await row.waitFor();
    expect(await row.textContent()).toContain("话务员（operator）");
    expect(await row.textContent()).toContain("回访核实");
    expect(await row.textContent()).toContain("姓名、电话");
    // The page never repeats the data it logs the reading of.
    expect(await table.textContent()).not.toContain("13812345678");
    await page.getByRole("searchbox", { name: "诉求编号" }).fill(created.number);
    await page.getByRole("searchbox", { name: "诉求编号" }).press("Enter");
    await expect.poll(() => table.locator("tbody tr.ant-table-row").count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-personal-data-reads-zh");

    await row.getByRole("link", { name: created.number }).click();
    const reads = page.getByTestId("contact-reads");
    await reads.waitFor();
    expect(await reads.textContent()).toContain("共 1 次");
    expect(await reads.textContent()).toContain("话务员（1 次");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-case-contact-reads-zh");
    expect(unexpected(errors, [])).toEqual([]);
    await context.close();

    const other = await workContext(browser, server.baseUrl);
    const supervisorPage = await other.newPage();
    supervisorPage.setDefaultTimeout(90_000);
    await signInToConsole(supervisorPage, "supervisor");
    await supervisorPage.goto(`/console/cases/${created.number}`);
    await supervisorPage.getByTestId("case-page").waitFor();
    expect(await supervisorPage.getByRole("menuitem", { name: "个人信息查看记录" }).count()).toBe(0);
    expect(await supervisorPage.getByTestId("contact-reads").count()).toBe(0);
    await other.close();
  }, 300_000);
});
