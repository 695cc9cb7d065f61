/**
 * The cockpit in a real browser: the figures with their definitions, the trend and category
 * charts and the density map render without console errors or serious accessibility problems;
 * a supervisor sees the rates change after a case is handled and evaluated; a number opens the
 * list of its cases; an export downloads an XLSX holding the filtered rows; the wall display.
 */
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grids, roleBindings, users } from "../../src/db/schema.js";
import { generateDemoHistory } from "../../src/modules/cases/demo-history.js";
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

interface Session {
  cookie: string;
  csrf: string;
}

/**
 * On the wall: each ranking's columns end inside its panel (none cut by the panel's edge), no
 * panel title is cut with an ellipsis, and the console behind the wall does not scroll.
 */
async function wholeOnWall(page: Page): Promise<void> {
  const found = (await page.evaluate(`(() => {
    const wall = document.querySelector("[data-testid=cockpit-wall]");
    const cut = [];
    for (const card of wall.querySelectorAll("[data-testid^=rank-]:not([data-testid$=-rows])")) {
      const body = card.querySelector(".ant-card-body").getBoundingClientRect();
      for (const th of card.querySelectorAll("thead th")) {
        if (th.getBoundingClientRect().right > body.right + 1) cut.push(th.textContent);
      }
    }
    const titles = [...wall.querySelectorAll(".ant-card-head-title")]
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.textContent);
    const root = document.scrollingElement;
    return { cut, titles, scroll: root.scrollHeight - root.clientHeight };
  })()`)) as { cut: string[]; titles: string[]; scroll: number };
  expect(found.cut).toEqual([]);
  expect(found.titles).toEqual([]);
  expect(found.scroll).toBeLessThanOrEqual(0);
}

describe("console cockpit", () => {
  let server: WebServer;
  let browser: Browser;
  let point: { lon: number; lat: number };
  let gridCode: string;

  const json = async <T>(path: string, init: RequestInit & { session?: Session } = {}): Promise<T> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (init.session) {
      headers.cookie = init.session.cookie;
      headers["x-csrf-token"] = init.session.csrf;
    }
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { ...headers, ...init.headers },
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const sessions = new Map<string, Session>();
  /** One API session per user for the whole file (sign-in is rate-limited per address). */
  const apiSignIn = async (username: string): Promise<Session> => {
    const known = sessions.get(username);
    if (known) return known;
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const body = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
    const session = { cookie, csrf: body.csrfToken };
    sessions.set(username, session);
    return session;
  };

  /** An appeal at the grid worker's grid, dispatched to the grid post, responded, replied, evaluated. */
  async function handledAndEvaluated(description: string, satisfaction: string): Promise<string> {
    const created = await json<{ id: string; number: string; trackingCode: string; status: string }>(
      "/cases",
      {
        method: "POST",
        headers: { "idempotency-key": `cockpit-${Date.now()}-${Math.random()}` },
        body: JSON.stringify({
          channel: "web",
          description,
          location: point,
          reporter: { name: "李阿姨", phone: "13911112222" },
        }),
      },
    );
    const dispatcher = await apiSignIn("dispatcher");
    if (created.status === "triage") {
      const posts = await json<{ items: { id: string }[] }>(
        `/organisations?kind=grid_post&region=${gridCode}`,
        {
          session: dispatcher,
        },
      );
      const post = posts.items[0];
      if (!post) throw new Error("no grid post");
      await json(`/cases/${created.id}/actions/dispatch`, {
        method: "POST",
        session: dispatcher,
        body: JSON.stringify({ orgId: post.id }),
      });
    }
    const worker = await apiSignIn("grid_worker");
    await json(`/cases/${created.id}/actions/respond`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ contactMethod: "phone", note: "已电话联系居民" }),
    });
    await json(`/cases/${created.id}/actions/reply`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ result: "已现场处理完毕" }),
    });
    await json(`/track/${created.trackingCode}/evaluate`, {
      method: "POST",
      body: JSON.stringify({ resolved: true, satisfaction }),
    });
    return created.number;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const db = server.database.db;
    const [binding] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
    if (!binding?.code) throw new Error("grid_worker has no grid");
    gridCode = binding.code;
    const [grid] = await db.select().from(grids).where(eq(grids.code, gridCode));
    if (!grid) throw new Error(`no grid ${gridCode}`);
    point = {
      lon: Number(((grid.minLon + grid.maxLon) / 2).toFixed(6)),
      lat: Number(((grid.minLat + grid.maxLat) / 2).toFixed(6)),
    };
    // One evaluated case before the supervisor looks, so every chart has something to draw.
    await handledAndEvaluated("小区门口路灯不亮", "satisfied");
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const waitForCockpit = async (page: Page) => {
    await page.getByTestId("figure-resolutionRate-denominator").waitFor();
    await page.locator("[data-testid=trend-chart] canvas").first().waitFor();
    await page.locator("[data-testid=categories-chart] canvas").first().waitFor();
    await page.locator("[data-testid=density-map] path.leaflet-interactive").first().waitFor();
  };
  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).textContent()) ?? "").trim();

  it("renders figures, charts and the density map; the rates change after an evaluation; numbers drill down", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.goto("/console/cockpit");
    await waitForCockpit(page);
    // Each rate shows its definition beside it.
    expect(await text(page, "figure-resolutionRate")).toContain("已评价的诉求数");
    expect(await page.locator("[data-testid=density-map] path.leaflet-interactive").count()).toBeGreaterThan(
      0,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-cockpit-zh");

    const before = Number(await text(page, "figure-resolutionRate-denominator"));
    const satisfiedBefore = await text(page, "figure-satisfactionRate-value");
    expect(before).toBe(1);
    expect(satisfiedBefore).toBe("100.0%");

    // A second case, evaluated "unsatisfied" (resolved): the satisfaction rate halves.
    await handledAndEvaluated("楼道堆放杂物", "unsatisfied");
    await page.reload();
    await waitForCockpit(page);
    await expect
      .poll(() => text(page, "figure-resolutionRate-denominator"), { timeout: 60_000 })
      .toBe(String(before + 1));
    expect(await text(page, "figure-satisfactionRate-value")).toBe("50.0%");

    // The denominator of the satisfaction rate opens its two cases.
    await page.getByTestId("figure-satisfactionRate-denominator").click();
    await page.waitForURL(/\/console\/cockpit\/cases\?figure=satisfactionRate&part=denominator/);
    const rows = page.locator("[data-testid=figure-cases] tbody tr.ant-table-row");
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(2);
    const link = rows.first().locator("a").first();
    expect(await link.getAttribute("href")).toMatch(/^\/console\/cases\/[0-9a-f-]{36}$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-cockpit-cases-zh");

    // The list exports as XLSX with those two rows.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-rate-cases-xlsx").click(),
    ]);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3);
    const numbers = [2, 3].map((r) => String(sheet?.getRow(r).getCell(1).value));
    const shown = await rows.locator("td:first-child a").allTextContents();
    expect(numbers.sort()).toEqual(shown.sort());
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("shows a grid worker the figures of their grid, asking nothing the server refuses", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "grid_worker");
    await page.goto("/console/cockpit");
    await page.getByTestId("figure-resolutionRate-denominator").waitFor();
    await page.locator("[data-testid=trend-chart] canvas").first().waitFor();
    // A grid is below the public region tree: no request for it fails (a 404 shows as an error).
    expect(errors).toEqual([]);
    // One grid has nothing to rank: no county or department table of its own few cases.
    expect(await page.locator("[data-testid^=rank-]").count()).toBe(0);
    await context.close();
  }, 120_000);

  it("exports a ranking table as XLSX with the scope's rows", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.goto("/console/cockpit?region=131002&period=year");
    await waitForCockpit(page);
    const rank = page.getByTestId("rank-township");
    await rank.locator("tbody tr.ant-table-row").first().waitFor();
    const names = await rank.locator("tbody tr.ant-table-row td:nth-child(2)").allTextContents();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      rank.getByTestId("export-rates-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rates-township-\d{12}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const exported: string[] = [];
    sheet?.eachRow((row, i) => i > 1 && exported.push(String(row.getCell(1).value)));
    expect(exported.sort()).toEqual(names.sort());
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("looks right in English and on wall displays (1920×1080 and 3840×2160)", async () => {
    const context = await newContext(browser, server.baseUrl, { viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.evaluate("localStorage.setItem('mg.lang', 'en')");
    await page.goto("/console/cockpit");
    await waitForCockpit(page);
    expect(await text(page, "figure-resolutionRate")).toContain("Cases the resident confirmed resolved");
    await screenshot(page, "console-cockpit-en");
    await page.evaluate("localStorage.setItem('mg.lang', 'zh')");

    // Units enough to rank: a couple of counties and some thirty departments with cases in the
    // last sixty days (China time), the period the wall is opened on.
    const chinaDay = (daysAgo: number) =>
      new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${chinaDay(60)}&to=${chinaDay(0)}`;
    await generateDemoHistory(server.database.db, { cases: 1500, seed: 21, days: 55 });
    const ranked = async (by: string) => {
      const body = await json<{ rows: unknown[] }>(`/rates/breakdown?by=${by}&${period}`, {
        session: await apiSignIn("supervisor"),
      });
      return body.rows.length;
    };
    const totals = { county: await ranked("county"), department: await ranked("department") };
    expect(totals.department).toBeGreaterThan(5);

    for (const [width, height] of [
      [1920, 1080],
      [3840, 2160],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`/console/cockpit?wall=1&period=custom&${period}`);
      const wall = page.getByTestId("cockpit-wall");
      await wall.waitFor();
      await waitForCockpit(page);
      const box = await wall.boundingBox();
      expect(box?.width).toBe(width);
      expect(box?.height).toBe(height);
      const style = (property: string) =>
        page.evaluate(`getComputedStyle(document.querySelector("[data-testid=cockpit-wall]")).${property}`);
      const fontSize = parseFloat(String(await style("fontSize")));
      expect(fontSize).toBeGreaterThanOrEqual(width >= 3840 ? 36 : 18);
      const background = await style("backgroundColor");
      expect(background).toBe("rgb(11, 21, 38)");
      // Everything on one screen: the wall scrolls neither way.
      const extent = (await page.evaluate(
        `(() => { const e = document.querySelector("[data-testid=cockpit-wall]"); return [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]; })()`,
      )) as number[];
      expect(extent[0]).toBeLessThanOrEqual(extent[1] as number);
      expect(extent[2]).toBeLessThanOrEqual(extent[3] as number);
      for (const by of ["county", "department"]) {
        const card = page.getByTestId(`rank-${by}`);
        await card.locator("tbody tr.ant-table-row").first().waitFor();
        // Whole names on one line each, and no column pushed out of the panel.
        const layout = (await page.evaluate(`(() => {
          const card = document.querySelector("[data-testid=rank-${by}]");
          const lines = [...card.querySelectorAll("tbody tr.ant-table-row td:nth-child(2)")].map((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          });
          const body = card.querySelector(".ant-card-body");
          return { lines, overflow: body.scrollWidth - body.clientWidth };
        })()`)) as { lines: number[]; overflow: number };
        expect(layout.lines.length).toBeGreaterThan(0);
        expect(layout.lines.every((n) => n === 1)).toBe(true);
        expect(layout.overflow).toBeLessThanOrEqual(0);
      }
      await wholeOnWall(page);
      // A "—" in a ranking is explained on the wall itself (no tooltip to hover there).
      expect(await wall.textContent()).toContain("— 受理少于 30 件，不参与排名");
      // Complete: each ranking names how many rows it has, and turns to the next ones (on
      // 1920×1080 the departments are more than their panel holds).
      let turned = false;
      for (const [by, total] of Object.entries(totals)) {
        const rows = page.getByTestId(`rank-${by}-rows`);
        const match = /第 1–(\d+) 行，共 (\d+) 行/.exec((await rows.textContent()) ?? "");
        expect(Number(match?.[2])).toBe(total);
        const perPage = Number(match?.[1]);
        expect(await page.getByTestId(`rank-${by}`).locator("tbody tr.ant-table-row").count()).toBe(perPage);
        if (perPage < total) {
          await expect.poll(() => rows.textContent()).toContain(`第 ${perPage + 1}–`);
          turned = true;
        }
      }
      if (width === 1920) expect(turned).toBe(true);
      await page.screenshot({ path: `test-results/screenshots/console-cockpit-wall-${width}x${height}.png` });
    }
    // In English the column heads and panel titles are longer: still every column in its panel
    // and every title whole.
    await page.evaluate("localStorage.setItem('mg.lang', 'en')");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/console/cockpit?wall=1&period=custom&${period}`);
    await page.getByTestId("rank-department-rows").filter({ hasText: "Rows 1–" }).waitFor();
    await waitForCockpit(page);
    await page.getByTestId("rank-county").locator("tbody tr.ant-table-row").first().waitFor();
    await page.screenshot({ path: "test-results/screenshots/console-cockpit-wall-1920x1080-en.png" });
    await wholeOnWall(page);
    await page.evaluate("localStorage.setItem('mg.lang', 'zh')");
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
