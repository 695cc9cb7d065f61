/**
 * A page opened before an update asks for a part of the app the server no longer has (an installed
 * phone app left open across a deploy): the console and the phone pages say the system was updated
 * and offer a reload, in the person's language, instead of React Router's developer screen; the
 * reload brings the page. The missing part is simulated by refusing the app's script requests
 * once the first page is up (service workers blocked, so every request reaches the route).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, signInToConsole, startWebServer, type WebServer } from "./harness.js";

/** Refuses every script of the app from now on, as a server without the old version would. */
async function loseTheOldVersion(page: Page): Promise<() => Promise<void>> {
  const scripts = /\/assets\/[^/]+\.js$/;
  await page.route(scripts, (route) => route.fulfill({ status: 404, body: "" }));
  return () => page.unroute(scripts);
}

describe("pages opened before an update", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("console: says the system was updated inside the shell, and the reload opens the page", async () => {
    const context = await newContext(browser, server.baseUrl, { serviceWorkers: "block" });
    const page = await context.newPage();
    await signInToConsole(page, "supervisor");
    const restore = await loseTheOldVersion(page);
    await page.locator('[data-page-id="rates.cockpit"]').click();
    await page.getByText("系统已更新").waitFor();
    await page.getByText("这个页面来自旧版本，刷新后即可继续使用。").waitFor();
    // The shell (its menu) is still there around the message.
    expect(await page.locator('[data-page-id="rates.cockpit"]').count()).toBe(1);
    expect(await page.getByText("Unexpected Application Error").count()).toBe(0);
    await restore();
    await page.getByTestId("route-error-reload").click();
    await page.getByTestId("dispute-tile").waitFor();
    expect(await page.getByText("系统已更新").count()).toBe(0);
    await context.close();
  });

  it("phone, in English: says so in English and the reload opens the page", async () => {
    const context = await newContext(browser, server.baseUrl, { serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto("/m/");
    await page.getByTestId("lang-switch").click();
    await page.locator('a[href="/m/my"]', { hasText: /[A-Za-z]/ }).waitFor();
    const restore = await loseTheOldVersion(page);
    await page.locator('a[href="/m/my"]').click();
    await page.getByText("Microgov has been updated").waitFor();
    await page.getByText("This page belongs to the previous version: reload it to carry on.").waitFor();
    await restore();
    await page.getByTestId("route-error-reload").click();
    await expect.poll(() => page.getByText("Microgov has been updated").count()).toBe(0);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/m/my");
    await page.locator('a[href="/m/my"]').waitFor();
    await context.close();
  });
});
