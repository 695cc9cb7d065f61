/**
 * Names, not codes: every console role signs in and opens every page of its menu (and a case,
 * and a figure's cases where it may), the grid worker and a resident open their phone pages, in
 * Chinese and in English; on each page the visible text (document.body.innerText) must hold no
 * raw code — no snake_case or dotted identifier (`user.create`, `security.wires`,
 * `grid_worker`), no region code standing alone (9, 12 or 15 digits), no UUID — beyond the
 * small allow-list below, each entry with its reason. Each page also names itself in the
 * browser tab (its menu label · the app, in the page's language) and has exactly one <main>.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridWorkerPoint, unexpected, workApi, workContext, type Created } from "./console-work-helpers.js";
import {
  DEMO_PASSWORD,
  PHONE,
  launchBrowser,
  newContext,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

type Lang = "zh-CN" | "en";
const APP: Record<Lang, string> = { "zh-CN": "微治理", en: "Microgov" };

/** What a raw code looks like in text people read. */
const CODE_PATTERNS: readonly { kind: string; re: RegExp }[] = [
  { kind: "uuid", re: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi },
  { kind: "dotted", re: /(?<![\w.@/-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w@/-])/g },
  { kind: "snake_case", re: /(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])/g },
  // Region codes: township 9, village 12, grid 15 digits, standing alone.
  { kind: "region code", re: /(?<![\d\w.:/-])(?:\d{15}|\d{12}|\d{9})(?![\d\w.:/-])/g },
];

/**
 * Text that matches a pattern and is right where it is. `where` is the page (menu id, or a path
 * for pages off the menu); keep this list short and give each entry its reason.
 */
const ALLOWED: readonly { where: RegExp; text: RegExp; reason: string }[] = [
  {
    where: /^catalogue\.categories$/,
    text: /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/,
    reason:
      "the catalogue's administrator sets and edits each category's code (Open311 and the exports use it); it is shown beside the name",
  },
  {
    where: /^(accounts\.users|audit\.log)$/,
    text: /^(county_admin|dept_handler|village_staff2?|grid_worker|grid_assistant|new_clerk)$/,
    reason:
      "a sign-in name is what the person types, not a code; account administration and the audit log show it beside the person's name to tell two accounts of one name apart",
  },
  {
    where: /^grids\.admin$/,
    text: /^\d{15}$/,
    reason:
      "grid administration imports, exports and deletes grids by their code (the GeoJSON's key); it is shown beside the grid's, village's and township's names",
  },
];

/**
 * Case numbers (12 digits: the day and a serial) look like village codes but are what a person
 * reads out on the phone: the numbers of the cases this test made are not codes.
 */
const caseNumbers = new Set<string>();

/** The raw codes in a page's text that the allow-list does not excuse. */
function rawCodes(where: string, text: string): string[] {
  const found = new Set<string>();
  for (const { kind, re } of CODE_PATTERNS) {
    for (const match of text.matchAll(re)) {
      const code = match[0];
      if (caseNumbers.has(code)) continue;
      if (ALLOWED.some((a) => a.where.test(where) && a.text.test(code))) continue;
      const at = match.index;
      found.add(`${kind} "${code}" in «${text.slice(Math.max(0, at - 30), at + code.length + 30)}»`);
    }
  }
  return [...found];
}

/**
 * Waits until the page has stopped loading: no spinner in <main>, and the text stable for a
 * moment. (Polled from here: a predicate evaluated in the page would be an eval the CSP refuses.)
 */
async function settledText(page: Page): Promise<string> {
  const loading = page.locator("main .ant-spin-spinning, main .ant-skeleton-active, main .adm-dot-loading");
  await expect.poll(() => loading.count()).toBe(0);
  let last = "";
  await expect
    .poll(
      async () => {
        const now = await page.evaluate<string>("document.body.innerText");
        const stable = now === last && now.trim() !== "";
        last = now;
        return stable;
      },
      { interval: 300 },
    )
    .toBe(true);
  return last;
}

/**
 * The tab's title once it is `expected`, or for a page without one expected once it names a page
 * of the app (a page lazily loaded keeps the last title until it shows).
 */
async function titleOnceSet(page: Page, expected: string | null, app: string): Promise<string> {
  const done = (title: string) => (expected === null ? title.endsWith(` · ${app}`) : title === expected);
  await expect.poll(() => page.title()).toSatisfy(done);
  return page.title();
}

interface Finding {
  where: string;
  problem: string;
}

/** Checks the page as it is now: its title, its one <main> and its text. */
async function checkPage(page: Page, where: string, title: string | null, lang: Lang): Promise<Finding[]> {
  const documentTitle = await titleOnceSet(
    page,
    title === null ? null : `${title} · ${APP[lang]}`,
    APP[lang],
  );
  const text = await settledText(page);
  const findings: Finding[] = [];
  const at = `${where} (${lang})`;
  if (title !== null && documentTitle !== `${title} · ${APP[lang]}`) {
    findings.push({ where: at, problem: `title "${documentTitle}", expected "${title} · ${APP[lang]}"` });
  }
  if (!documentTitle.endsWith(` · ${APP[lang]}`)) {
    findings.push({ where: at, problem: `title "${documentTitle}" does not name the page` });
  }
  const mains = await page.locator("main").count();
  if (mains !== 1) findings.push({ where: at, problem: `${mains} <main> elements` });
  for (const code of rawCodes(where, text)) findings.push({ where: at, problem: code });
  return findings;
}

const CONSOLE_ROLES = [
  "admin",
  "county_admin",
  "supervisor",
  "dispatcher",
  "dept_handler",
  "village_staff",
  "grid_worker",
  "grid_assistant",
  "operator",
] as const;

describe("names, not codes, on every page", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  /** A case dispatched to the grid worker's post and responded to; one left in triage by a resident. */
  let handled: Created;
  let anonymous: Created;
  let residentCase: Created;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    api = workApi(server);
    const { point } = await gridWorkerPoint(server);
    const dispatcher = await api.signIn("dispatcher");
    const worker = await api.signIn("grid_worker");
    // Raised by a resident on the web: the grid worker's timeline names who raised it (群众), not "resident".
    handled = await api.appeal("楼道里有人私拉电线给电动车充电", point);
    await api.json(`/cases/${handled.id}/triage`, {
      method: "POST",
      session: dispatcher,
      body: JSON.stringify({ categoryCode: "security.wires" }),
    });
    const options = await api.json<{ suggested: { id: string } | null }>(
      `/cases/${handled.id}/dispatch-options`,
      { session: dispatcher },
    );
    if (!options.suggested) throw new Error("no suggested unit");
    await api.action(dispatcher, handled.id, "dispatch", { orgId: options.suggested.id });
    await api.action(worker, handled.id, "respond", { contactMethod: "phone" });
    anonymous = await api.appeal("小区门口的路灯一直不亮", point);
    // A signed-in resident's appeal, for 我的诉求 and its timeline.
    const resident = await api.signIn("resident");
    residentCase = await api.json<Created>("/cases", {
      method: "POST",
      session: resident,
      headers: { "idempotency-key": `codes-3-${Date.now()}` },
      body: JSON.stringify({ channel: "web", description: "楼下垃圾三天没人清运", location: point }),
    });
    for (const c of [handled, anonymous, residentCase]) caseNumbers.add(c.number);
    // Something in the audit log: an account created by the administrator.
    const admin = await api.signIn("admin");
    await api.json("/users", {
      method: "POST",
      session: admin,
      body: JSON.stringify({
        username: "new_clerk",
        displayName: "新来的话务员",
        password: DEMO_PASSWORD,
        roles: [{ role: "operator", regionCode: "131002" }],
      }),
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Every page of a console role's menu, then a case and a figure's cases where it may. */
  async function scanConsole(context: BrowserContext, username: string): Promise<Finding[]> {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const findings: Finding[] = [];
    await signInToConsole(page, username);
    for (const lang of ["zh-CN", "en"] as const) {
      if (lang === "en") {
        await page.getByTestId("lang-switch").click();
        await page
          .locator("[data-page-id]", { hasText: /[A-Za-z]/ })
          .first()
          .waitFor();
      }
      await page.goto("/console/");
      findings.push(...(await checkPage(page, "home", lang === "en" ? "Home" : "首页", lang)));
      const links = await page
        .getByTestId("console-menu")
        .locator("[data-page-id]")
        .evaluateAll((as) => as.map((a) => [a.getAttribute("data-page-id") ?? "", a.textContent ?? ""]));
      for (const [id, label] of links) {
        await page.locator(`[data-page-id="${id}"]`).click();
        findings.push(...(await checkPage(page, id, label, lang)));
      }
      const ids = links.map(([id]) => id);
      if (ids.includes("cases.search")) {
        // A role that may not see this case reads that it is not found: that page is scanned too.
        await page.goto(`/console/cases/${handled.id}`);
        findings.push(...(await checkPage(page, "cases/:id", null, lang)));
      }
      if (ids.includes("rates.cockpit")) {
        await page.goto("/console/cockpit/cases?figure=received&part=numerator");
        findings.push(...(await checkPage(page, "cockpit/cases", null, lang)));
      }
    }
    // 404: the case page of a role that may not see the case (a department's handler) asks for it.
    for (const e of unexpected(errors, [404])) findings.push({ where: username, problem: e });
    await page.close();
    return findings;
  }

  for (const username of CONSOLE_ROLES) {
    it(`console as ${username}: names, titles and one <main> on every page`, async () => {
      const context = await workContext(browser, server.baseUrl);
      const findings = await scanConsole(context, username);
      await context.close();
      expect(findings).toEqual([]);
    }, 300_000);
  }

  it("phone pages of the grid worker and a resident: names, titles and one <main>", async () => {
    const findings: Finding[] = [];
    const grid = await newContext(browser, server.baseUrl, PHONE);
    await grid.route("**/favicon.ico", (route) => route.fulfill({ status: 204, body: "" }));
    const page = await grid.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/grid/login");
    findings.push(...(await checkPage(page, "m/grid/login", "网格员登录", "zh-CN")));
    await page.locator("#grid-username").fill("grid_worker");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.waitForURL(/\/m\/grid\/?$/);
    for (const lang of ["zh-CN", "en"] as const) {
      if (lang === "en") await page.evaluate(`localStorage.setItem("mg.lang", "en")`);
      const words =
        lang === "en"
          ? { work: "Work list", case: "Case", patrol: "Report a patrol finding", outbox: "Waiting to send" }
          : { work: "工作清单", case: "案件详情", patrol: "上报巡查发现", outbox: "待发送" };
      for (const [path, title] of [
        ["/m/grid", words.work],
        [`/m/grid/case/${handled.id}`, words.case],
        ["/m/grid/patrol", words.patrol],
        ["/m/grid/outbox", words.outbox],
      ] as const) {
        await page.goto(path);
        findings.push(...(await checkPage(page, path, title, lang)));
      }
    }
    for (const e of unexpected(errors, [])) findings.push({ where: "grid phone", problem: e });
    await grid.close();

    // A resident: raise, follow by tracking code, sign-in, and (signed in) 我的诉求 and a case.
    const resident = await newContext(browser, server.baseUrl, PHONE);
    await resident.route("**/favicon.ico", (route) => route.fulfill({ status: 204, body: "" }));
    const session = await api.signIn("resident");
    await resident.addCookies(
      session.cookie.split("; ").map((pair) => {
        const [name = "", ...value] = pair.split("=");
        return { name, value: value.join("="), url: server.baseUrl };
      }),
    );
    const phone = await resident.newPage();
    const residentErrors = watchErrors(phone);
    for (const lang of ["zh-CN", "en"] as const) {
      if (lang === "en") {
        await phone.goto("/m/");
        await phone.evaluate(`localStorage.setItem("mg.lang", "en")`);
      }
      const words =
        lang === "en"
          ? { raise: "Report", track: "Follow an appeal", my: "My appeals", case: "Appeal" }
          : { raise: "我要反映", track: "查询办理进度", my: "我的诉求", case: "诉求详情" };
      for (const [path, title] of [
        ["/m/", words.raise],
        [`/m/track/${anonymous.trackingCode ?? ""}`, words.track],
        ["/m/my", words.my],
        [`/m/my/cases/${residentCase.id}`, words.case],
      ] as const) {
        await phone.goto(path);
        findings.push(...(await checkPage(phone, path, title, lang)));
      }
    }
    for (const e of unexpected(residentErrors, [])) findings.push({ where: "resident phone", problem: e });
    await resident.close();
    expect(findings).toEqual([]);
  }, 300_000);
});
