/**
 * The administration pages in a real browser: each renders for the admin with no console errors
 * and no serious accessibility violations; the grid import previews the file's features on the
 * map, checks them on the server without writing, shows a bad file's problem at its feature, and
 * applies a good file.
 */
import type { Browser, Page } from "playwright-core";
import { isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../src/core/audit/record-audit.js";
import { categories } from "../../src/db/schema.js";
import {
  chooseOption,
  confirmPopconfirm,
  launchBrowser,
  newContext,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** A village of 安次区 (in the demo admin's scope). */
const VILLAGE = "131002001007";
/** Squares far from every demo grid (no overlap with existing grids). */
const square = (lon: number, lat: number, size = 0.002) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});
const collection = (shapes: object[]) =>
  Buffer.from(
    JSON.stringify({
      type: "FeatureCollection",
      features: shapes.map((geometry, i) => ({
        type: "Feature",
        geometry,
        properties: { name: `导入网格${i + 1}`, villageCode: VILLAGE },
      })),
    }),
  );

describe("console administration", () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages: [string, string, string][] = [
    ["admin/grids", "tbody tr.ant-table-row", "console-admin-grids-zh"],
    ["admin/organisations", "tbody tr.ant-table-row", "console-admin-organisations-zh"],
    ["admin/categories", "tbody tr.ant-table-row", "console-admin-categories-zh"],
    ["admin/holidays", "tbody tr.ant-table-row", "console-admin-holidays-zh"],
    ["admin/users", "tbody tr.ant-table-row", "console-admin-users-zh"],
    ["admin/api-keys", "tbody tr.ant-table-row", "console-admin-api-keys-zh"],
    ["admin/audit", "tbody tr.ant-table-row", "console-admin-audit-zh"],
  ];

  it("renders every admin page with data, without console errors or serious axe violations", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "admin");
    for (const [path, ready, shot] of pages) {
      await page.goto(`/console/${path}`);
      await page.locator(ready).first().waitFor();
      expect(await seriousAxeViolations(page), path).toEqual([]);
      await screenshot(page, shot);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("names the audit log's actions and things in English for an English reader", async () => {
    const db = server.database.db;
    const [category] = await db
      .select({ code: categories.code, name: categories.name, nameEn: categories.nameEn })
      .from(categories)
      .where(isNotNull(categories.parentCode))
      .limit(1);
    if (!category) throw new Error("the demo has no catalogue");
    await recordAudit(db, {
      actor: null,
      action: "category.update",
      entityType: "category",
      entityId: category.code,
    });
    await recordAudit(db, {
      actor: null,
      action: "dispute_type.update",
      entityType: "dispute_type",
      entityId: "neighbour",
    });
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "admin");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto("/console/admin/audit");
    const rows = page.locator("[data-testid=audit-table] tbody tr.ant-table-row");
    // The newest first: the dispute type, then the category, each by its English name.
    await rows.filter({ hasText: "Neighbour dispute" }).first().waitFor();
    const first = (await rows.nth(0).textContent()) ?? "";
    expect(first).toContain("Dispute type changed");
    expect(first).toContain("Neighbour dispute");
    const second = (await rows.nth(1).textContent()) ?? "";
    expect(second).toContain("Category changed");
    expect(second).toContain(category.nameEn);
    expect(second).not.toContain(category.name);
    expect(second).not.toContain(category.code);
    await screenshot(page, "console-admin-audit-en");
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  const chooseFile = async (page: Page, name: string, buffer: Buffer) => {
    await page
      .locator("[data-testid=grid-import] input[type=file]")
      .setInputFiles({ name, mimeType: "application/geo+json", buffer });
    await page.getByTestId("grid-import-file").filter({ hasText: name }).waitFor();
  };

  it("previews a GeoJSON file on the map, checks it, shows a bad file's problem at its feature, and applies a good one", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "admin");
    await page.goto("/console/admin/grids");
    await page.locator("tbody tr.ant-table-row").first().waitFor();

    // A bad file: feature 1 overlaps feature 0.
    await chooseFile(page, "bad.geojson", collection([square(116.02, 38.3), square(116.021, 38.301)]));
    const map = page.getByTestId("grid-import-map");
    await expect.poll(() => map.locator("path.leaflet-interactive").count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId("grid-import-check").click();
    const problems = page.getByTestId("grid-import-problems");
    await problems.waitFor();
    expect(await problems.textContent()).toContain("features[1].geometry");
    await page.getByTestId("problem-feature-1").waitFor();
    // The bad feature is red on the map, the other is not.
    expect(await map.locator('path[fill="#ff4d4f"]').count()).toBe(1);
    expect(await page.getByTestId("grid-import-apply").isDisabled()).toBe(true);
    await page.locator("[data-testid=grid-import-check]:not(.ant-btn-loading)").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-admin-grids-import-bad-zh");

    // A good file: checked without writing, then applied.
    await chooseFile(page, "good.geojson", collection([square(116.02, 38.3), square(116.025, 38.3)]));
    await expect.poll(() => map.locator("path.leaflet-interactive").count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId("grid-import-check").click();
    const ok = page.getByTestId("grid-import-ok");
    await ok.waitFor();
    expect(await ok.textContent()).toContain("将新增 2 个");
    expect(await map.locator('path[fill="#52c41a"]').count()).toBe(2);
    await screenshot(page, "console-admin-grids-import-preview-zh");
    await page.getByTestId("grid-import-apply").click();
    await confirmPopconfirm(page);
    await page.locator(".ant-message-success").waitFor();
    expect(await page.getByTestId("grid-import-ok").count()).toBe(0);
    // The village now holds the two imported grids.
    await page.getByRole("searchbox", { name: "按区域编码筛选" }).fill(VILLAGE);
    await page.getByRole("searchbox", { name: "按区域编码筛选" }).press("Enter");
    await page.locator("tbody tr.ant-table-row", { hasText: "导入网格2" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("creates, edits and deletes through the admin kit, with the server's field errors at their fields and its codes in Chinese", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "admin");
    // The dialog open now (each page keeps its closed dialogs rendered, hidden).
    const dialog = page.getByRole("dialog").filter({ visible: true });
    const ok = dialog.locator(".ant-modal-footer .ant-btn-primary");

    // A username the server refuses: its message stands at the username field, not at large.
    await page.goto("/console/admin/users");
    await page.locator("tbody tr.ant-table-row").first().waitFor();
    await page.getByTestId("resource-create").click();
    await page.locator("#user_username").fill("A!");
    await page.locator("#user_displayName").fill("测试账号");
    await page.locator("#user_password").fill("Kit-Test-2026-pass");
    await chooseOption(page, "#user_role", "网格员");
    await page.locator("#user_regionCode").fill("131002001007");
    await ok.click();
    const usernameError = page.locator(".ant-form-item:has(#user_username) .ant-form-item-explain-error");
    await usernameError.waitFor();
    expect(await dialog.getByRole("alert").count()).toBe(0);
    await page.locator("#user_username").fill("kit_tester");
    await ok.click();
    await page.locator("tbody tr.ant-table-row", { hasText: "kit_tester" }).waitFor();

    // A unit the region already has: the refusal's code in the UI's own words.
    await page.goto("/console/admin/organisations");
    await page.locator("tbody tr.ant-table-row").first().waitFor();
    const listed = await page.request.get("/api/v1/organisations?kind=department&pageSize=1");
    const [unit] = ((await listed.json()) as { items: { regionCode: string; departmentTypeName: string }[] })
      .items;
    if (!unit) throw new Error("the demo world has no department");
    await page.getByTestId("resource-create").click();
    await page.locator("#organisation_regionCode").fill(unit.regionCode);
    await page.locator("#organisation_name").fill("重复的部门");
    await chooseOption(page, "#organisation_departmentType", unit.departmentTypeName);
    await ok.click();
    await dialog.getByRole("alert").filter({ hasText: "该区域已有这样的单位" }).waitFor();
    await dialog.locator(".ant-modal-footer .ant-btn").first().click();

    // A holiday added, renamed and removed: each write shows in the list the server now holds.
    await page.goto("/console/admin/holidays");
    await page.locator("tbody tr.ant-table-row").first().waitFor();
    await page.getByTestId("resource-create").click();
    const year = new Date().getFullYear();
    await page.locator("#holiday_date").click();
    await page.locator("#holiday_date").fill(`${year}-12-30`);
    await page.locator("#holiday_date").press("Enter");
    await page.locator("#holiday_name").fill("测试休息日");
    await ok.click();
    const added = page.locator("tbody tr.ant-table-row", { hasText: "测试休息日" });
    await added.waitFor();
    await added.getByRole("button", { name: /编\s?辑/ }).click();
    await page.locator("#holiday_name").fill("测试补休日");
    await ok.click();
    const renamed = page.locator("tbody tr.ant-table-row", { hasText: "测试补休日" });
    await renamed.waitFor();
    await renamed.getByRole("button", { name: /删\s?除/ }).click();
    await confirmPopconfirm(page);
    await renamed.waitFor({ state: "detached" });
    expect(await page.locator("tbody tr.ant-table-row", { hasText: "测试" }).count()).toBe(0);
    // Chromium logs each refused request; exactly the two refusals asked for above, nothing else.
    expect(errors).toEqual([
      "console: Failed to load resource: the server responded with a status of 400 (Bad Request)",
      "console: Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
    await context.close();
  }, 300_000);
});
