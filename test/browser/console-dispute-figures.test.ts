/**
 * The dispute figures in a real browser: the demo supervisor (the county) sees the dispute tile
 * on the cockpit with the year's figures of the demo history, opens 矛盾纠纷统计 from it, drills a
 * figure down to its disputes and a township down to its villages, opens a dispute from the list,
 * and downloads the monthly statistics table, whose total row holds the month's figures as the
 * API counts them; under the CSP and without script errors.
 */
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEDIATION_MODULE } from "../../src/modules/mediation/manifest.js";
import type { DisputeFiguresView } from "../../src/modules/mediation/schemas.js";
import { monthOf, previousMonth } from "../../src/modules/mediation/screening-workflow.js";
import {
  launchBrowser,
  newContext,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: dispute figures, drill-down and the monthly table", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    await MEDIATION_MODULE.demo?.run(server.database.db, { city: "1310" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the tile, drills down to disputes and villages, and downloads the monthly table", async () => {
    const context = await newContext(browser, server.baseUrl, { acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");

    // The cockpit's tile: the county's disputes of this year.
    await page.locator('[data-page-id="rates.cockpit"]').click();
    const tile = page.getByTestId("dispute-tile");
    await tile.waitFor();
    await expect
      .poll(async () => Number(await tile.getByTestId("tile-found").locator("a").innerText()))
      .toBeGreaterThan(0);
    await tile.getByText("查看纠纷统计").click();
    await page.waitForURL(/\/console\/mediation\/figures\?/);

    // The figures page: the settled count opens the settled disputes.
    const settled = page.getByTestId("dispute-figure-settled").getByRole("button");
    await expect.poll(async () => Number(await settled.innerText())).toBeGreaterThan(0);
    await settled.click();
    await page.getByText("调解成功：纠纷清单").waitFor();
    const list = page.getByTestId("figures-disputes");
    await expect.poll(async () => list.locator("tbody tr a").count()).toBeGreaterThan(0);

    // One level down: the first township with disputes opens its villages.
    const regionsTable = page.getByTestId("figures-by-region");
    await regionsTable.waitFor();
    // The drill-down button is found by its test id.
    const township = regionsTable
      .locator("tbody tr")
      .filter({ has: page.getByTestId("figures-drill") })
      .first();
    const townshipName = await township.locator("td").first().innerText();
    await township.getByTestId("figures-drill").click();
    await expect.poll(async () => page.locator("h1").innerText()).toContain(townshipName);
    await page.getByRole("button", { name: "返回上一级" }).waitFor();

    // A dispute of the list opens its page.
    const first = list.locator("tbody tr a").first();
    await expect.poll(async () => list.locator("tbody tr a").count()).toBeGreaterThan(0);
    const number = await first.innerText();
    await first.click();
    await page.waitForURL(new RegExp(`/console/mediation/disputes/${number}$`));
    await page.getByText(number).first().waitFor();
    await page.goBack();
    await page.getByRole("button", { name: "返回上一级" }).click();
    await expect.poll(async () => page.locator("h1").innerText()).not.toContain(townshipName);

    // The monthly table of last month, read back: its total row is the API's count for the month.
    const month = previousMonth(monthOf(new Date()));
    const picker = page.getByTestId("monthly-month");
    await picker.click();
    await picker.fill(month);
    await picker.press("Enter");
    const download = page.waitForEvent("download");
    await page.getByTestId("monthly-xlsx").click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    let total: unknown[] = [];
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === "合计") total = (row.values as unknown[]).slice(1);
    });
    const [y, m] = month.split("-").map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const api = await page.evaluate(async (q: string) => {
      const res = await fetch(`/api/v1/mediation/figures?${q}`, { credentials: "same-origin" });
      return (await res.json()) as unknown;
    }, `from=${month}-01&to=${last}`);
    const counts = (api as DisputeFiguresView).figures.counts;
    expect(counts.found).toBeGreaterThan(0);
    expect(total.slice(1, 8)).toEqual([
      counts.found,
      counts.foundByScreening,
      counts.accepted,
      counts.settled,
      counts.settledWritten,
      counts.settledOral,
      counts.notSettled,
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
