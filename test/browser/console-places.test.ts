/**
 * The place tree in a real browser: the grid worker opens "by building", walks building → unit →
 * dwelling → household → member (names, not codes), registers the dwelling as rented with a
 * landlord of the register, records a tenant moving in, and sees the tenant listed as living
 * there, then moving out; the server holds exactly that. In Chinese and English, under the CSP, with
 * no serious accessibility violation.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridWorkerPoint, unexpected, workApi, workContext } from "./console-work-helpers.js";
import {
  chooseOption,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** Picks `name` in the person search of the open dialog (typed, then chosen with the keyboard). */
async function pickPerson(page: Page, name: string) {
  await chooseOption(page, '.ant-modal-wrap:visible input[aria-label="人员"]', name);
}

describe("console: the place tree and rentals", () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("walks building → unit → dwelling → household → member, lets the dwelling and records a tenant moving in", async () => {
    const w = workApi(server);
    const { gridCode } = await gridWorkerPoint(server);
    const worker = await w.signIn("grid_worker");
    const post = <T>(path: string, body: unknown) =>
      w.json<T>(path, { method: "POST", session: worker, body: JSON.stringify(body) });
    const building = await post<{ id: string }>("/buildings", {
      kind: "building",
      name: "租住楼",
      regionCode: gridCode,
      units: ["1单元"],
    });
    const detail = await w.json<{ units: { id: string; name: string }[] }>(`/buildings/${building.id}`, {
      session: worker,
    });
    const dwelling = await post<{ id: string }>("/dwellings", {
      buildingId: building.id,
      unitId: detail.units[0]?.id,
      floor: 3,
      room: "301",
      use: "vacant",
    });
    const household = await post<{ id: string }>("/households", {
      dwellingId: dwelling.id,
      type: "floating",
    });
    await post("/persons", { name: "屋内户主", householdId: household.id, relation: "head" });
    await post("/persons", { name: "房东老李", regionCode: gridCode, phone: "13700001111" });
    const tenant = await post<{ id: string }>("/persons", { name: "新租客小王", regionCode: gridCode });
    await post("/persons", { name: "新租客小张", regionCode: gridCode });

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "grid_worker");
    await page.getByRole("menuitem", { name: "人口房屋" }).click();
    await page.getByRole("tab", { name: "按房屋查" }).click();
    await page.getByRole("searchbox", { name: "楼栋或院落名称、地址" }).fill("租住楼");
    await page.getByRole("searchbox", { name: "楼栋或院落名称、地址" }).press("Enter");
    const tree = page.getByTestId("place-tree");
    await tree.getByText("租住楼 · 1 套房屋").click();
    await tree.getByText("1单元", { exact: true }).click();
    await tree.getByText("301 · 空置 · 1 户").click();
    await tree.getByText("流动人口户 · 屋内户主 · 1 人").click();
    await tree.getByText("屋内户主（户主）").waitFor();
    const panel = page.getByTestId("dwelling-panel");
    await panel.getByText("这套房屋现在没有登记出租").waitFor();
    expect(await panel.textContent()).toContain("租住楼1单元301");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await panel.getByRole("button", { name: "登记出租" }).click();
    await pickPerson(page, "房东老李");
    await submitDialog(page);
    const current = panel.getByTestId("current-rental");
    await current.waitFor();
    expect(await current.textContent()).toContain("房东老李 · 137****1111");
    // The dwelling is rented now, and the tree says so.
    await tree.getByText("301 · 出租 · 1 户").waitFor();

    await current.getByRole("button", { name: "登记租客入住" }).click();
    await pickPerson(page, "新租客小王");
    await submitDialog(page);
    const row = panel.getByTestId("tenants-table").locator("tbody tr").filter({ hasText: "新租客小王" });
    await row.waitFor();
    expect(await row.textContent()).toContain("在住");
    // Someone living there now is not offered again: the search for 新租客 finds 小张 only.
    await current.getByRole("button", { name: "登记租客入住" }).click();
    await page.locator('.ant-modal-wrap:visible input[aria-label="人员"]').fill("新租客");
    const offered = page.locator(
      ".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option",
    );
    await offered.filter({ hasText: "新租客小张" }).waitFor();
    expect(await offered.allTextContents()).toEqual([expect.stringContaining("新租客小张")]);
    await page.keyboard.press("Escape");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^取\s?消$/ })
      .click();
    await page.locator(".ant-modal-wrap:visible").waitFor({ state: "hidden" });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-places-rental-zh");

    const rentals = await w.json<{
      items: {
        endsOn: string | null;
        landlord: { name: string };
        tenants: { person: { id: string } | null; movedOutOn: string | null }[];
      }[];
    }>(`/rentals?dwelling=${dwelling.id}`, { session: worker });
    expect(rentals.items).toHaveLength(1);
    expect(rentals.items[0]?.landlord.name).toBe("房东老李");
    expect(rentals.items[0]?.endsOn).toBeNull();
    expect(rentals.items[0]?.tenants.map((x) => [x.person?.id, x.movedOutOn])).toEqual([[tenant.id, null]]);

    // The tenant moves out the same day: a date on the row, which stays.
    await row.getByRole("button", { name: "登记搬离" }).click();
    await submitDialog(page);
    await expect.poll(async () => (await row.textContent()) ?? "").not.toContain("在住");
    const after = await w.json<{ items: { tenants: { movedOutOn: string | null }[] }[] }>(
      `/rentals?dwelling=${dwelling.id}`,
      { session: worker },
    );
    expect(after.items[0]?.tenants.map((x) => x.movedOutOn === null)).toEqual([false]);

    // In English: the tree and the dwelling speak English.
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Buildings, dwellings and households" }).waitFor();
    await tree.getByText("301 · Rented · households: 1").waitFor();
    await panel.getByRole("button", { name: "Record a tenant moving in" }).waitFor();
    expect(await panel.textContent()).toContain("Landlord");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-places-rental-en");
    await page.getByTestId("lang-switch").click();
    await tree.getByText("屋内户主（户主）").waitFor();

    // A member of the household opens their file.
    await tree.getByText("屋内户主（户主）").click();
    await page.getByTestId("person-card").waitFor();
    expect(unexpected(errors, [])).toEqual([]);
    await context.close();
  }, 300_000);
});
