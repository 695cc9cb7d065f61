/**
 * 一张图 in real Chromium: a township dispatcher's open cases as dots coloured by deadline state,
 * merged into one cluster (coloured by its most pressing case) when zoomed out, a click on the
 * cluster zooms in, a click on a dot opens the case; without tiles the township's grids are drawn
 * beneath; the region and deadline filters narrow the dots; no console errors, nothing against the CSP.
 */
import { desc, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, grids, regions } from "../../src/db/schema.js";
import { locateGrid } from "../../src/modules/grids/grid-index.js";
import { gridWorkerPoint, workApi, workContext } from "./console-work-helpers.js";
import {
  launchBrowser,
  screenshot,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

const HOUR = 3_600_000;

describe("console: the map of open cases (一张图)", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("colours the dispatcher's open cases by deadline, clusters them zoomed out, and opens one", async () => {
    const api = workApi(server);
    const { gridCode, point } = await gridWorkerPoint(server);
    const db = server.database.db;
    // Three points across the middle of the grid worker's grid, each inside it.
    const [grid] = await db.select().from(grids).where(eq(grids.code, gridCode));
    const width = (grid?.maxLon ?? point.lon) - (grid?.minLon ?? point.lon);
    const at = async (share: number) => {
      const p = { lon: Number((point.lon + width * share).toFixed(6)), lat: point.lat };
      expect((await locateGrid(db, p.lon, p.lat))?.code).toBe(gridCode);
      return p;
    };
    const overdue = await api.appeal("路灯坏了一个月了", await at(-0.2));
    const warning = await api.appeal("小区门口积水", await at(0));
    const normal = await api.appeal("健身器材松动", await at(0.2));
    await db
      .update(cases)
      .set({ createdAt: new Date(Date.now() - 5 * HOUR), responseDueAt: new Date(Date.now() - HOUR) })
      .where(eq(cases.id, overdue.id));
    await db.update(cases).set({ responseWarnedAt: new Date() }).where(eq(cases.id, warning.id));

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.getByRole("menuitem", { name: "一张图" }).click();
    await page.waitForURL(/\/console\/case-map$/);
    const legend = page.getByTestId("case-map-legend");
    await expect.poll(() => legend.textContent()).toContain("已超期 1");
    expect(await legend.textContent()).toContain("临期预警 1");
    expect(await legend.textContent()).toContain("正常 1");

    // Framed on the three cases at street level: one dot each, in its state's colour.
    const map = page.getByTestId("case-map-all");
    for (const state of ["overdue", "warning", "ok"]) {
      await expect.poll(() => map.locator(`.mg-case-${state}`).count(), { message: state }).toBe(1);
    }
    // No tile server here: the township's grids are drawn beneath the cases for orientation.
    await expect.poll(() => map.locator("path:not(.mg-case-dot)").count()).toBeGreaterThan(0);
    await screenshot(page, "case-map-street");

    // Zoomed out to the county: one cluster of three, red for its overdue case.
    const zoomOut = page.locator(".leaflet-control-zoom-out");
    // One step at a time: Leaflet drops a zoom asked for while the last one is still animating,
    // so each click waits until the map has drawn the level below.
    const drawnZoom = async () => Number(await map.getAttribute("data-zoom"));
    for (let i = 0; i < 5; i += 1) {
      const before = await drawnZoom();
      await zoomOut.click();
      await expect.poll(drawnZoom).toBe(before - 1);
    }
    const cluster = map.locator(".mg-cluster");
    await expect.poll(() => cluster.count()).toBe(1);
    expect(await cluster.textContent()).toBe("3");
    expect(await cluster.getAttribute("data-state")).toBe("overdue");
    expect(await map.locator(".mg-case-dot").count()).toBe(0);
    await screenshot(page, "case-map-cluster");

    // A click on the cluster zooms into it; a click on a dot opens its case.
    // (A cluster may split into a dot and a smaller cluster first, as it should: click on.)
    for (let i = 0; i < 6 && (await cluster.count()) > 0; i += 1) {
      const before = await drawnZoom();
      await cluster.first().click();
      await expect.poll(drawnZoom).toBeGreaterThan(before);
    }
    await expect.poll(() => map.locator(".mg-case-dot").count()).toBe(3);
    await map.locator(".mg-case-overdue").click();
    await page.waitForURL(new RegExp(`/console/cases/${overdue.number}$`));
    await page.getByText(overdue.number).first().waitFor();
    expect(normal.number).not.toBe(overdue.number);

    // Filters: a region of the tree (the township, by its name), then a deadline state.
    await page.goBack();
    await page.waitForURL(/\/console\/case-map$/);
    await page.locator("#caseMap_region").click();
    const township = page
      .locator(".ant-select-dropdown:visible .ant-select-tree-node-content-wrapper")
      .first();
    const townshipName = ((await township.textContent()) ?? "").trim();
    expect(townshipName).not.toMatch(/\d/);
    // Before a region is chosen the box names the area shown: the dispatcher's own township.
    const regionBox = page.locator(".ant-form-item", { has: page.locator("#caseMap_region") });
    expect(await regionBox.locator('[class*="placeholder"]').first().textContent()).toBe(townshipName);
    await township.click();
    await page.waitForURL(/region=\d+/);
    expect(await page.getByTestId("case-map-filters").textContent()).toContain(townshipName);
    await expect.poll(() => map.locator(".mg-case-dot").count()).toBe(3);
    await page.getByTestId("case-map-state").getByText("已超期").click();
    await page.waitForURL(/state=overdue/);
    await expect.poll(() => map.locator(".mg-case-dot").count()).toBe(1);
    expect(await map.locator(".mg-case-overdue").count()).toBe(1);
    await expect.poll(() => legend.textContent()).toContain("临期预警 0");
    await screenshot(page, "case-map-filtered");

    // A village found by typing its name, without opening its township first.
    const townshipCode = new URL(page.url()).searchParams.get("region") ?? "";
    const [village] = await server.database.db
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .where(eq(regions.parentCode, townshipCode))
      .orderBy(desc(regions.code))
      .limit(1);
    if (!village) throw new Error("no village");
    await page.locator("#caseMap_region").click();
    await page.locator("#caseMap_region").fill(village.name.slice(0, 3));
    const option = page
      .locator(".ant-select-dropdown:visible .ant-select-tree-node-content-wrapper")
      .filter({ hasText: village.name });
    await option.first().click();
    await page.waitForURL(new RegExp(`region=${village.code}`));
    await expect.poll(() => page.getByTestId("case-map-filters").textContent()).toContain(village.name);

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
