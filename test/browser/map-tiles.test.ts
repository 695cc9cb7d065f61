/**
 * Map tiles under the CSP: with MAP_TILE_URL naming a tile server on another origin, the maps
 * draw its tiles (the CSP lets images in from that origin), with no CSP violation (the harness
 * fails the test on any), and the page learns the URL at run time from the server.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signInToConsole, startWebServer, type WebServer } from "./harness.js";

describe("map tiles", () => {
  let tiles: http.Server;
  let tileOrigin: string;
  let server: WebServer;
  let browser: Browser;
  const asked: string[] = [];

  beforeAll(async () => {
    const png = await sharp({
      create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 220, b: 200 } },
    })
      .png()
      .toBuffer();
    tiles = http.createServer((request, response) => {
      asked.push(request.url ?? "");
      response.writeHead(200, { "content-type": "image/png" }).end(png);
    });
    await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", resolve));
    tileOrigin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
    [server, browser] = await Promise.all([
      startWebServer({ env: { MAP_TILE_URL: `${tileOrigin}/{z}/{x}/{y}.png` } }),
      launchBrowser(),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  it("draws the configured server's tiles beneath the grids, within the CSP", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await signInToConsole(page, "admin");
    await page.goto("/console/admin/grids");
    await page.locator("tbody tr.ant-table-row").first().waitFor();
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [116.02, 38.3],
          [116.022, 38.3],
          [116.022, 38.302],
          [116.02, 38.302],
          [116.02, 38.3],
        ],
      ],
    };
    await page.locator("[data-testid=grid-import] input[type=file]").setInputFiles({
      name: "one.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(
        JSON.stringify({
          type: "FeatureCollection",
          features: [
            { type: "Feature", geometry: square, properties: { name: "一号", villageCode: "131002001007" } },
          ],
        }),
      ),
    });
    const tile = page.locator("[data-testid=grid-import-map] img.leaflet-tile");
    await tile.first().waitFor();
    expect(await tile.first().getAttribute("src")).toMatch(
      new RegExp(`^${tileOrigin}/\\d+/\\d+/\\d+\\.png$`),
    );
    // Loaded, not refused: the image has its pixels.
    await expect
      .poll(() => tile.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(256);
    expect(asked.length).toBeGreaterThan(0);
    await context.close();
  }, 300_000);
});
