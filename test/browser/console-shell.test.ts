/**
 * The console's frame in a real browser: sign-in, a menu of only what the role may open, the
 * language switch, and a session that expires mid-work returning the person to sign-in and back.
 */
import type { Browser } from "playwright-core";
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

describe("console shell", BROWSER_TESTS, () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs in, shows who is signed in, and has no accessibility violations on sign-in", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/");
    await page.waitForURL(/\/console\/login\?next=/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-login-zh");
    await signInToConsole(page, "dispatcher");
    await expect(page.getByTestId("current-user").textContent()).resolves.toBeTruthy();
    await screenshot(page, "console-home-zh");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses a wrong password with the server's message and stays on sign-in", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.goto("/console/login");
    await page.locator("#username").fill("dispatcher");
    await page.locator("#password").fill("wrong-password-1");
    await page.locator("button[type=submit]").click();
    await page.getByRole("alert").waitFor();
    expect(page.url()).toContain("/console/login");
    await context.close();
  });

  it("returns a person whose session expired to sign-in and back to the page they were on", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    await signInToConsole(page, "supervisor");
    await page.goto("/console/some/deep/page?x=1");
    await context.clearCookies();
    // Any API call now answers 401: switching language is local, so reload to trigger /auth/me.
    await page.reload();
    await page.waitForURL(/\/console\/login\?next=/);
    expect(decodeURIComponent(page.url())).toContain("next=/some/deep/page?x=1");
    await page.locator("#username").fill("supervisor");
    await page.locator("#password").fill("Demo12345678");
    await page.locator("button[type=submit]").click();
    await page.waitForURL(/\/console\/some\/deep\/page\?x=1$/);
    await context.close();
  });
});
