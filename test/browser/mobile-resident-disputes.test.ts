/**
 * A resident who is a party follows their dispute on a phone (390×844, real Chromium): signs in
 * from 我的诉求 with a one-time code to the phone a mediator entered for them and, having a
 * dispute and no appeal, lands on 我的调解 (我的诉求 names the dispute at its top), sees the
 * dispute and its session's date and place — and nowhere the other party's name or phone.
 * English too.
 */
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleBindings, users } from "../../src/db/schema.js";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import {
  DEMO_PASSWORD,
  launchBrowser,
  newContext,
  PHONE,
  seriousAxeViolations,
  screenshot,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

const MY_PHONE = "13912340000";
const OTHER_NAME = "周对方";
const OTHER_PHONE = "13787654321";

describe("resident mobile: my mediation", () => {
  let server: WebServer;
  let browser: Browser;
  let number = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ demoMode: true }), launchBrowser()]);
    const db = server.database.db;
    await loadDemoMediation(db);
    const [place] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(eq(users.username, "village_staff"));
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "village_staff", password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${server.baseUrl}/api/v1${url}`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { number: string; version: number };
      expect(res.status, JSON.stringify(json)).toBeLessThan(300);
      return json;
    };
    const created = await post("/mediation/disputes", {
      source: "walk_in",
      regionCode: place?.code,
      typeCode: "neighbour",
      facts: "两户因院墙滴水多次争吵。",
      parties: [
        { role: "applicant", name: "孙本人", phone: MY_PHONE },
        { role: "respondent", name: OTHER_NAME, phone: OTHER_PHONE },
      ],
    });
    number = created.number;
    const accepted = await post(`/mediation/disputes/${number}/actions/accept`, { version: created.version });
    await post(`/mediation/disputes/${number}/actions/record_session`, {
      version: accepted.version,
      heldAt: new Date().toISOString(),
      place: "村委会调解室",
      participants: `孙本人、${OTHER_NAME}`,
      notes: "双方同意加装排水槽。",
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs in by phone, opens 我的调解 and sees the dispute without the other party's data", async () => {
    const context = await newContext(browser, server.baseUrl, PHONE);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Signed in from 我的诉求, the page a resident opens first to follow anything of theirs.
    await page.goto("/m/my");
    await page.getByTestId("my-page").getByRole("link", { name: "用手机号登录" }).click();
    await page.getByLabel("手机号").fill(MY_PHONE);
    await page.getByTestId("request-code").click();
    const demo = page.getByTestId("demo-code");
    await demo.waitFor();
    const code = ((await demo.textContent()) ?? "").trim();
    await page.getByLabel("验证码（6 位数字）").fill(code);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    // A dispute and no appeal of theirs: they land on 我的调解, not one tab away from it.
    await page.waitForURL(/\/m\/disputes$/);
    await page.getByTestId("my-dispute-link").first().waitFor();
    // 我的诉求 says at its top that they have a dispute, and takes them to it in one tap.
    await page.getByRole("navigation").getByRole("link", { name: "我的诉求" }).click();
    await page.waitForURL(/\/m\/my$/);
    const card = page.getByTestId("my-disputes-card");
    await card.getByText("您有 1 件纠纷调解").waitFor();
    await card.click();
    await page.waitForURL(/\/m\/disputes$/);
    const link = page.getByTestId("my-dispute-link");
    await link.first().waitFor();
    await expect.poll(() => link.count()).toBe(1);
    await expect(link.textContent()).resolves.toContain("邻里纠纷");
    await expect(link.textContent()).resolves.toContain("调解中");
    await page.waitForLoadState("networkidle");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-resident-disputes-zh");

    await link.click();
    await page.waitForURL(new RegExp(`/m/disputes/${number}$`));
    await page.getByTestId("dispute-status").getByText("调解中").waitFor();
    const parties = page.getByTestId("dispute-parties");
    await parties.getByText("申请人（本人）：孙本人").waitFor();
    await parties.getByText("被申请人（对方当事人）").waitFor();
    await page.getByTestId("dispute-sessions").getByText("村委会调解室").waitFor();
    await page.getByTestId("dispute-timeline").getByText("在村委会调解室进行了一次调解").waitFor();
    const text = await page.locator("body").innerText();
    for (const absent of [OTHER_NAME, OTHER_PHONE, "4321", "双方同意加装排水槽"]) {
      expect(text, absent).not.toContain(absent);
    }
    await page.waitForLoadState("networkidle");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-resident-dispute-zh");

    // English, and large text: the same page in the resident's other language.
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("dispute-status").getByText("In mediation").waitFor();
    await parties.getByText("Respondent (the other party)").waitFor();
    await page.getByTestId("large-text").click();
    await page.getByText("A mediation session was held at 村委会调解室").waitFor();
    await screenshot(page, "mobile-resident-dispute-en-large");
    expect(errors).toEqual([]);
    await context.close();
  });
});
