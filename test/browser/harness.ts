/**
 * Browser tests in real Chromium (Debian's `chromium`, driven by playwright-core): a Microgov
 * server listening on a free port over a fresh test database with the demo world, a browser,
 * and helpers for console errors, screenshots (test-results/screenshots, not committed) and
 * axe-core accessibility checks. Every page of every context made here reports its
 * Content-Security-Policy violations, and a test in which any occurred fails: each browser test
 * proves the pages work under the server's CSP.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import axe from "axe-core";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { afterEach, expect } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { buildApp } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { createTestDatabase } from "../helpers/db.js";
import { DEMO_PASSWORD, seedDemoWorld } from "../helpers/demo-world.js";

export { DEMO_PASSWORD };

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");
/** Debian's Chromium, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** A phone: about an iPhone 12–15's CSS size. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export interface WebServer {
  baseUrl: string;
  app: App;
  database: Database;
  close(): Promise<void>;
}

/**
 * The whole platform on a free local port, over a fresh database holding the demo world.
 * `demoMode` is what `npm start` runs with (one-time sign-in codes shown on screen); `env` adds
 * settings (e.g. `MAP_TILE_URL`).
 */
export async function startWebServer(
  options: { demoMode?: boolean; env?: Record<string, string> } = {},
): Promise<WebServer> {
  const database = await createTestDatabase();
  await seedDemoWorld(database);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-browser-"));
  const config = {
    ...loadConfig({ ...options.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" }),
    demoMode: options.demoMode ?? false,
  };
  fs.mkdirSync(config.uploadDir, { recursive: true });
  const app = await buildApp({ database, config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server has no TCP address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this
    // closed network refuses; --no-sandbox because CI runs as root.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Every console error and uncaught page error of a page, as text, for `expect(...).toEqual([])`. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  return errors;
}

/** A full-page screenshot under test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated by the driver, not added as an inline <script>, which the CSP rightly refuses.
  await page.evaluate(axe.source);
  // Runs in the page, where the source above defined `axe` globally.
  const results = await page.evaluate(async () => {
    const inPage = (globalThis as unknown as { axe: typeof axe }).axe;
    return inPage.run({ resultTypes: ["violations"] });
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

/** CSP violations seen since the last test ended, as text. */
const cspViolations: string[] = [];

// Every test of a file that uses this harness fails on a CSP violation in any of its pages.
afterEach(() => {
  const found = cspViolations.splice(0);
  expect(found, "Content-Security-Policy violations").toEqual([]);
});

/**
 * A new browser context (cookies of its own), optionally phone-sized. Its pages report every
 * `securitypolicyviolation` event and every console message about the CSP (see the afterEach above).
 */
export async function newContext(
  browser: Browser,
  baseUrl: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...options,
  });
  await context.exposeBinding("__mgCspViolation", (_source, text: string) => {
    cspViolations.push(text);
  });
  // In the page (a string: the server's tsconfig has no DOM types).
  await context.addInitScript(`
    document.addEventListener("securitypolicyviolation", (event) => {
      void window.__mgCspViolation(
        location.pathname + ": " + event.effectiveDirective + " refused " + (event.blockedURI || "inline") +
          " (" + event.sourceFile + ":" + event.lineNumber + ") " + event.sample,
      );
    });
  `);
  context.on("console", (message) => {
    if (/content security policy/i.test(message.text())) cspViolations.push(`console: ${message.text()}`);
  });
  return context;
}

/** Signs in through the console's sign-in form and waits for the signed-in shell. */
export async function signInToConsole(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/console/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("button[type=submit]").click();
  await page.getByTestId("current-user").waitFor();
}

/**
 * Chooses an option of an antd Select by its label with the keyboard: the field focused, the
 * label typed when the select searches, the arrow keys moved to the option and Enter pressed;
 * then waits for the dropdown to close. A mouse click on an option can land while the list is
 * still moving or being re-rendered (its options arriving from the server), which leaves the
 * dropdown open over the dialog's buttons; the keyboard does not depend on where things are.
 */
export async function chooseOption(page: Page, field: string, label: string): Promise<void> {
  const input = page.locator(field);
  await input.click();
  if (await input.isEditable()) await input.fill(label);
  // This field's own dropdown, found by the list its input controls once it is open: another
  // select's dropdown may still be on the page, sliding shut.
  await expect.poll(() => input.getAttribute("aria-controls")).toBeTruthy();
  const list = await input.getAttribute("aria-controls");
  const open = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)", {
    has: page.locator(`[id="${list}"]`),
  });
  const options = open.locator(".ant-select-item-option");
  await options.filter({ hasText: label }).first().waitFor();
  const active = open.locator(".ant-select-item-option-active");
  const count = await options.count();
  for (let step = 0; step < count && !((await active.textContent()) ?? "").includes(label); step++) {
    await input.press("ArrowDown");
  }
  expect(await active.textContent()).toContain(label);
  await input.press("Enter");
  await open.waitFor({ state: "hidden" });
}

/**
 * Submits the open dialog: waits for its opening motion (antd's zoom and the mask's fade) to end,
 * then presses Enter on its primary button. A mouse click is aimed where the button was measured;
 * while the dialog still grows from where it was opened, the click can land beside the button and
 * nothing is sent. A key press on the focused button does not depend on where it is.
 */
export async function submitDialog(page: Page): Promise<void> {
  const open = page.locator(".ant-modal-wrap:visible");
  await open.first().waitFor();
  // Opening and closing motions alike: once they are over, one dialog is left on the screen.
  await page
    .locator(".ant-modal-root [class*='ant-zoom-'], .ant-modal-root [class*='ant-fade-']")
    .first()
    .waitFor({ state: "detached" });
  await open.locator(".ant-modal-footer .ant-btn-primary").press("Enter");
}

/** Confirms the open pop-up confirmation (antd Popconfirm) the same way, once its motion is over. */
export async function confirmPopconfirm(page: Page): Promise<void> {
  const open = page.locator(".ant-popconfirm:visible");
  await open.first().waitFor();
  await page.locator(".ant-popover[class*='ant-zoom-big']").first().waitFor({ state: "detached" });
  await open.locator(".ant-btn-primary").press("Enter");
}

/** Chromium logs a request refused offline as a console error: expected in a test that goes offline. */
export function isOfflineRefusal(line: string): boolean {
  return /^console: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET)$/.test(line);
}
