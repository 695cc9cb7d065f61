/**
 * The console's frame in a real browser: sign-in, a menu of only what the role may open, the
 * language switch, and a session that expires mid-work returning the person to sign-in and back.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  launchBrowser,
  newContext,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console shell", () => {
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

  /** The menu's entries, by group, as the page shows them. */
  const menuOf = async (page: Page) =>
    page
      .getByTestId("console-menu")
      .locator("[data-page-id]")
      .evaluateAll((links) => links.map((a) => a.getAttribute("data-page-id")));

  it("shows each role the pages it may open, and refuses the others", async () => {
    const expected: Record<string, string[]> = {
      dispatcher: [
        "cases.dispatch",
        "cases.intake",
        "cases.followUps",
        "cases.worklist",
        "cases.cannedReplies",
        "cases.supervision",
        "cases.search",
        "cases.map",
        "mediation.workbench",
        "mediation.screening",
        "people.register",
        "people.corrections",
        "visits.worklist",
        "rates.cockpit",
        "visits.rate",
        "mediation.figures",
      ],
      grid_worker: [
        "cases.intake",
        "cases.worklist",
        "cases.cannedReplies",
        "cases.search",
        "cases.map",
        "mediation.workbench",
        "people.register",
        "people.corrections",
        "visits.worklist",
        "rates.cockpit",
        "visits.rate",
        "mediation.figures",
      ],
      operator: [
        "cases.intake",
        "cases.followUps",
        "cases.search",
        "cases.map",
        "mediation.workbench",
        "rates.cockpit",
        "mediation.figures",
      ],
      supervisor: [
        "cases.dispatch",
        "cases.supervision",
        "cases.search",
        "cases.map",
        "mediation.workbench",
        "mediation.screening",
        "people.register",
        "people.corrections",
        "visits.worklist",
        "rates.cockpit",
        "visits.rate",
        "mediation.figures",
        "audit.log",
      ],
      admin: [
        "cases.dispatch",
        "cases.supervision",
        "cases.search",
        "cases.map",
        "mediation.workbench",
        "mediation.screening",
        "people.register",
        "people.corrections",
        "visits.worklist",
        "rates.cockpit",
        "visits.rate",
        "mediation.figures",
        "grids.admin",
        "organisations.admin",
        "catalogue.categories",
        "catalogue.holidays",
        "mediation.committees",
        "mediation.mediators",
        "mediation.dispute-types",
        "accounts.users",
        "open311.api-keys",
        "audit.log",
        "audit.personal-data-reads",
      ],
    };
    for (const [username, ids] of Object.entries(expected)) {
      const context = await newContext(browser, server.baseUrl);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInToConsole(page, username);
      expect(await menuOf(page), username).toEqual(ids);
      if (!ids.includes("accounts.users")) {
        // A page off this person's menu is refused even by its address.
        await page.goto("/console/admin/users");
        await page.getByText("您没有权限查看此页面").waitFor();
      }
      expect(errors, username).toEqual([]);
      await context.close();
    }

    // A partner's account has no page here: it is told so (not an empty shell) and can sign out.
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/console/login");
    await page.locator("#username").fill("partner");
    await page.locator("#password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("no-console-work").getByText("此账号在管理端没有可办理的工作").waitFor();
    expect(await page.getByTestId("console-menu").count()).toBe(0);
    await page.getByTestId("no-work-sign-out").click();
    await page.waitForURL(/\/console\/login/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("switches the language of the whole console and keeps the choice", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    const dispatch = page.locator('[data-page-id="cases.dispatch"]');
    await expect(dispatch.textContent()).resolves.toBe("派发台");
    expect(await page.evaluate<string>("document.documentElement.lang")).toBe("zh-CN");

    await page.getByTestId("lang-switch").click();
    await page.locator('[data-page-id="cases.dispatch"]', { hasText: "Dispatch" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.evaluate<string>("document.documentElement.lang")).toBe("en");
    await page.goto("/console/dispatch");
    await page.getByRole("heading", { name: "Dispatch desk" }).waitFor();
    await screenshot(page, "console-dispatch-en");

    // The choice outlives a reload.
    await page.reload();
    await page.getByRole("heading", { name: "Dispatch desk" }).waitFor();
    expect(await page.evaluate<string | null>(`localStorage.getItem("mg.lang")`)).toBe("en");
    // Every English menu entry is whole, not cut with an ellipsis.
    const cut = await page.evaluate<string[]>(
      `[...document.querySelectorAll("[data-testid=console-menu] .ant-menu-title-content")]
        .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent)`,
    );
    expect(cut).toEqual([]);
    // At phone width the collapsed menu's button covers nothing of the header, on any line.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator(".ant-layout-sider-zero-width-trigger").waitFor();
    // The menu folds away with an animation: measure once it has (the sider 0 px wide).
    await expect
      .poll(() =>
        page.evaluate<number>(`document.querySelector(".ant-layout-sider").getBoundingClientRect().width`),
      )
      .toBe(0);
    const covered = await page.evaluate<string[]>(`(() => {
      const t = document.querySelector(".ant-layout-sider-zero-width-trigger").getBoundingClientRect();
      return [...document.querySelectorAll(".ant-layout-header .ant-space-item")]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top;
        })
        .map((e) => e.textContent);
    })()`);
    expect(covered).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "派发台" }).waitFor();
    expect(await page.evaluate<string>("document.documentElement.lang")).toBe("zh-CN");
    expect(errors).toEqual([]);
    await context.close();
  });
});
