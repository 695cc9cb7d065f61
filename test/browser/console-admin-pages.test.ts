/**
 * The administration pages in a real browser: each renders for the admin with no console errors
 * and no serious accessibility violations; the grid import previews the file's features on the
 * map, checks them on the server without writing, shows a bad file's problem at its feature, and
 * applies a good file.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROWSER_TESTS,
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

describe("console administration", BROWSER_TESTS, () => {
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
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    await page.locator(".ant-message-success").waitFor();
    expect(await page.getByTestId("grid-import-ok").count()).toBe(0);
    // The village now holds the two imported grids.
    await page.getByRole("searchbox", { name: "按区域编码筛选" }).fill(VILLAGE);
    await page.getByRole("searchbox", { name: "按区域编码筛选" }).press("Enter");
    await page.locator("tbody tr.ant-table-row", { hasText: "导入网格2" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
