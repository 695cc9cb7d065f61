/**
 * Residents' rights in a real browser: a resident signs in by phone (the demo's one-time code),
 * opens 我的信息, sees what the register holds about the persons of their phone (masked) and who
 * read it in full, and asks for a correction; the grid worker sees the request in the console's
 * 更正申请 and marks it corrected; the resident then sees it corrected. Under the CSP (the
 * harness fails any violation), with no serious axe violation, in Chinese, then in English with
 * large text.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PHONE,
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
import { gridWorkerPoint, workApi } from "./console-work-helpers.js";

const PHONE_NUMBER = "13700137000";

async function checkPage(page: Page, name: string, errors: string[]): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await seriousAxeViolations(page), name).toEqual([]);
  await screenshot(page, name);
  expect(errors, name).toEqual([]);
}

describe("resident: my data and a correction", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ demoMode: true }), launchBrowser()]);
    // A family of the grid worker's grid, registered by the grid worker (sealed with the server's keys).
    const w = workApi(server);
    const { gridCode } = await gridWorkerPoint(server);
    const worker = await w.signIn("grid_worker");
    const post = <T>(path: string, body: unknown) =>
      w.json<T>(path, { method: "POST", session: worker, body: JSON.stringify(body) });
    const building = await post<{ id: string }>("/buildings", {
      kind: "courtyard",
      name: "5号院",
      regionCode: gridCode,
    });
    const dwelling = await post<{ id: string }>("/dwellings", {
      buildingId: building.id,
      room: "东屋",
      use: "owner_occupied",
    });
    const household = await post<{ id: string }>("/households", {
      dwellingId: dwelling.id,
      type: "registered",
    });
    const head = await post<{ id: string }>("/persons", {
      name: "孙桂兰",
      sex: "female",
      birthDate: "1944-05-06",
      phone: PHONE_NUMBER,
      householdId: household.id,
      relation: "head",
      registeredResidence: "河北省廊坊市安次区",
    });
    await post("/persons", { name: "孙立新", householdId: household.id, relation: "child" });
    await post(`/persons/${head.id}/population-tags`, { typeCode: "elderly_alone", since: "2026-03-01" });
    await post(`/persons/${head.id}/population-tags`, {
      typeCode: "community_correction",
      since: "2026-04-01",
    });
    await post(`/persons/${head.id}/reveal`, { reason: "走访前核对联系电话" });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The signed-in resident's cookies, for the second test (one code a minute per phone). */
  let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

  async function phone(lang: "zh" | "en", largeText = false): Promise<BrowserContext> {
    const context = await newContext(browser, server.baseUrl, {
      ...PHONE,
      ...(signedIn ? { storageState: signedIn } : {}),
    });
    await context.addInitScript({
      content: `if (!sessionStorage.getItem("mg.test.init")) {
        sessionStorage.setItem("mg.test.init", "1");
        localStorage.setItem("mg.lang", ${JSON.stringify(lang)});
        ${largeText ? 'localStorage.setItem("mg.largeText", "1");' : ""}
      }`,
    });
    return context;
  }

  it("shows the resident's data, takes a correction that the grid worker marks corrected", async () => {
    const context = await phone("zh");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/my");
    await page.getByRole("link", { name: "用手机号登录" }).click();
    await page.getByLabel("手机号").fill(PHONE_NUMBER);
    await page.getByTestId("request-code").click();
    const demo = page.getByTestId("demo-code");
    await demo.waitFor();
    const code = ((await demo.textContent()) ?? "").trim();
    await page.getByLabel("验证码（6 位数字）").fill(code);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(/\/m\/my$/);
    signedIn = await context.storageState();
    await page.getByTestId("my-data-link").click();
    await page.waitForURL(/\/m\/my\/data$/);
    const person = page.getByTestId("my-person");
    await person.first().waitFor();
    expect(await person.count()).toBe(1);
    const card = (await person.textContent()) ?? "";
    expect(card).toContain("孙桂兰");
    expect(card).toContain("137****7000");
    expect(card).toContain("5号院东屋");
    expect(card).toContain("孙**（子女）");
    expect(card).toContain("独居老人（2026-03-01 起）");
    expect(card).not.toContain("社区矫正");
    expect(card).not.toContain(PHONE_NUMBER);
    const reads = page.getByTestId("my-reads");
    await reads.getByText("事由：走访前核对联系电话").waitFor();
    expect(await reads.textContent()).toContain("网格员");
    expect(await reads.textContent()).not.toContain("网格员张");
    await checkPage(page, "mobile-my-data-zh", errors);

    // Ask for a correction of the address.
    await page.getByTestId("correction-open").click();
    // Nothing chosen at first (a default would send a new address as a new name): asked for.
    await page.getByTestId("correction-submit").click();
    await page
      .getByTestId("correction-form")
      .getByRole("alert")
      .filter({ hasText: "请选择要更正的项目" })
      .waitFor();
    expect(await page.getByTestId("correction-field").getAttribute("aria-required")).toBe("true");
    await page.getByTestId("correction-field").selectOption("address");
    await page.getByTestId("correction-proposed").fill("5号院西屋 <b>不是东屋</b>");
    await page.getByTestId("correction-submit").click();
    await page.getByTestId("correction-sent").waitFor();
    const mine = page.getByTestId("my-correction");
    await mine.first().waitFor();
    expect(await mine.first().getAttribute("data-status")).toBe("submitted");
    expect(await mine.first().textContent()).toContain("居住地址：5号院西屋 <b>不是东屋</b>");
    await checkPage(page, "mobile-my-data-correction-zh", errors);

    // The grid worker marks it corrected in the console.
    const consoleContext = await newContext(browser, server.baseUrl);
    const desk = await consoleContext.newPage();
    const deskErrors = watchErrors(desk);
    await signInToConsole(desk, "grid_worker");
    await desk.getByRole("menuitem", { name: "更正申请" }).click();
    const row = desk.getByTestId("correction-list").locator("tr", { hasText: "5号院西屋" });
    await row.waitFor();
    expect(await row.textContent()).toContain("孙桂兰");
    expect(await row.textContent()).toContain("居住地址");
    await desk.waitForLoadState("networkidle");
    expect(await seriousAxeViolations(desk)).toEqual([]);
    await screenshot(desk, "console-corrections-zh");
    // The name opens the person's file, where the item is checked and corrected.
    await row.getByTestId("correction-person").click();
    await desk.waitForURL(/\/console\/people\?person=[0-9a-f-]{36}$/);
    await desk.locator(".ant-drawer").getByText("孙桂兰").first().waitFor();
    await desk.goBack();
    await row.getByTestId("correction-done").click();
    await confirmPopconfirm(desk);
    await expect.poll(() => row.count()).toBe(0);
    expect(deskErrors).toEqual([]);
    await consoleContext.close();

    // The resident sees it corrected.
    await page.reload();
    await expect
      .poll(() => page.getByTestId("my-correction").first().getAttribute("data-status"))
      .toBe("done");
    expect(await page.getByTestId("my-correction").first().textContent()).toContain("已更正");
    await context.close();
  });

  it("reads in English, in large text", async () => {
    const context = await phone("en", true);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/my/data");
    await page.getByTestId("my-person").first().waitFor();
    // The correction requests load apart from the persons: read the page once both are there.
    await page.getByTestId("my-correction").first().waitFor();
    const text = (await page.getByTestId("my-data-page").textContent()) ?? "";
    for (const words of [
      "My data",
      "Date of birth",
      "Registered residence",
      "Who read the full data",
      "Corrected",
    ])
      expect(text).toContain(words);
    expect(text).toContain("Elderly person living alone (since 2026-03-01)");
    expect(text).not.toMatch(/[户屋]主|事由|已更正/);
    await checkPage(page, "mobile-my-data-en-large", errors);
    await context.close();
  });
});
