/**
 * No script from data: every free-text name the platform shows — regions, grids, organisations,
 * categories, holidays, API keys, people's display names, a case's description, reporter name,
 * notes, reply and evaluation comment, and the names inside an imported grid file — is an HTML
 * and script payload. Every console and mobile page is opened (with the cockpit's map and chart
 * tooltips hovered and the grid import's preview map hovered; case search, the intake desk's caller
 * history, the follow-up call list and the map of open cases' tooltips among them) and the test fails if any payload
 * runs (`window.__xss`), opens a dialog, or trips the Content-Security-Policy (the harness fails
 * every test on a CSP violation), and it checks that each page shows the payloads as plain text.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  categories,
  grids,
  holidays,
  organisations,
  regions,
  roleBindings,
  users,
} from "../../src/db/schema.js";
import {
  DEMO_PASSWORD,
  PHONE,
  launchBrowser,
  newContext,
  screenshot,
  signInToConsole,
  startWebServer,
  type WebServer,
} from "./harness.js";

/** What a payload shows as when it is rendered as text, as it must be. */
const SCRIPT = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
const payload = (label: string) => `${label}${SCRIPT}`;
/** For fields of at most 50 characters (a reporter's name). */
const shortPayload = (label: string) => `${label}<img src=x onerror="window.__xss=1">`;
const RESIDENT_PHONE = "13900002222";
/** A village of 安次区 (in the demo admin's scope), for the imported file. */
const VILLAGE = "131002001007";

interface Session {
  cookie: string;
  csrf: string;
}

describe("no script from data", () => {
  let server: WebServer;
  let browser: Browser;
  let gridCode: string;
  let closedCase: { id: string; trackingCode: string | null };
  let openCase: { id: string; trackingCode: string | null };
  /** The anonymous appeal's tracking code (its page is public). */
  let trackingCode: string;
  let residentSession: Session;
  /** Every dialog any page opened (alert, confirm, prompt): there must be none. */
  const dialogs: string[] = [];

  const json = async <T>(path: string, init: RequestInit & { session?: Session } = {}): Promise<T> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (init.session) {
      headers.cookie = init.session.cookie;
      headers["x-csrf-token"] = init.session.csrf;
    }
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const sessionOf = (res: Response, csrf: string): Session => ({
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
    csrf,
  });
  const signIn = async (username: string): Promise<Session> => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return sessionOf(res, ((await res.json()) as { csrfToken: string }).csrfToken);
  };
  /** A resident signed in by one-time code (demo mode hands the code back). */
  const residentSignIn = async (): Promise<Session> => {
    const sent = await json<{ demoCode: string }>("/auth/otp/request", {
      method: "POST",
      body: JSON.stringify({ phone: RESIDENT_PHONE }),
    });
    const res = await fetch(`${server.baseUrl}/api/v1/auth/otp/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: RESIDENT_PHONE, code: sent.demoCode }),
    });
    expect(res.status).toBe(200);
    return sessionOf(res, ((await res.json()) as { csrfToken: string }).csrfToken);
  };

  /** Every free-text name of the demo world becomes a payload (names stay unique where they must). */
  async function poisonNames(): Promise<void> {
    const db = server.database.db;
    // A grid is a region of level "grid": its name is the region's.
    await db.update(regions).set({
      name: sql`case when ${regions.level} = 'grid' then ${payload("网格")} else ${payload("区域")} end`,
    });
    await db
      .update(organisations)
      .set({ name: sql`${payload("单位")} || substr(${organisations.id}::text, 1, 8)` });
    await db.update(categories).set({ name: payload("类别"), nameEn: payload("Category") });
    await db.update(users).set({ displayName: payload("人员") });
    // A holiday's name is at most 50 characters.
    await db.update(holidays).set({ name: shortPayload("节日") });
    await db.update(apiKeys).set({ name: payload("密钥") });
  }

  let raised = 0;
  /** A case at the grid worker's grid, raised by the signed-in resident, with payloads everywhere. */
  async function raise(label: string, session: Session | null) {
    const db = server.database.db;
    const [grid] = await db.select().from(grids).where(eq(grids.code, gridCode));
    if (!grid) throw new Error(`no grid ${gridCode}`);
    return json<{ id: string; trackingCode: string | null; status: string }>("/cases", {
      method: "POST",
      ...(session ? { session } : {}),
      headers: { "idempotency-key": `no-script-${++raised}-${Date.now()}` },
      body: JSON.stringify({
        channel: "web",
        description: payload(`${label}描述`),
        address: payload(`${label}地址`),
        categoryCode: "security.wires",
        location: {
          lon: Number(((grid.minLon + grid.maxLon) / 2).toFixed(6)),
          lat: Number(((grid.minLat + grid.maxLat) / 2).toFixed(6)),
        },
        reporter: { name: shortPayload(`${label}报告人`), phone: RESIDENT_PHONE },
      }),
    });
  }

  async function toGridPost(caseId: string, status: string, dispatcher: Session): Promise<void> {
    if (status !== "triage") return;
    const posts = await json<{ items: { id: string }[] }>(
      `/organisations?kind=grid_post&region=${gridCode}`,
      {
        session: dispatcher,
      },
    );
    const post = posts.items[0];
    if (!post) throw new Error("no grid post");
    await json(`/cases/${caseId}/actions/dispatch`, {
      method: "POST",
      session: dispatcher,
      body: JSON.stringify({ orgId: post.id, note: payload("派单说明") }),
    });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ demoMode: true }), launchBrowser()]);
    const [binding] = await server.database.db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
    if (!binding?.code) throw new Error("grid_worker has no grid");
    gridCode = binding.code;
    residentSession = await residentSignIn();
    await poisonNames();

    const dispatcher = await signIn("dispatcher");
    const worker = await signIn("grid_worker");
    // One case handled, replied and evaluated: it feeds the cockpit's figures, charts and map.
    const closed = await raise("已办", residentSession);
    await toGridPost(closed.id, closed.status, dispatcher);
    await json(`/cases/${closed.id}/actions/respond`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ contactMethod: "phone", note: payload("响应记录") }),
    });
    await json(`/cases/${closed.id}/actions/reply`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ result: payload("办理结果") }),
    });
    await json(`/cases/${closed.id}/actions/evaluate`, {
      method: "POST",
      session: residentSession,
      body: JSON.stringify({ resolved: true, satisfaction: "satisfied", comment: payload("评价") }),
    });
    closedCase = closed;
    // One case open at the grid post (the grid worker's list) and one anonymous in triage.
    const open = await raise("在办", residentSession);
    await toGridPost(open.id, open.status, dispatcher);
    await json(`/cases/${open.id}/actions/respond`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ contactMethod: "visit", note: payload("上门记录") }),
    });
    openCase = open;
    // One case replied and not yet evaluated: the follow-up call list shows it.
    const replied = await raise("待回访", residentSession);
    await toGridPost(replied.id, replied.status, dispatcher);
    await json(`/cases/${replied.id}/actions/respond`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ contactMethod: "phone", note: payload("回访前响应") }),
    });
    await json(`/cases/${replied.id}/actions/reply`, {
      method: "POST",
      session: worker,
      body: JSON.stringify({ result: payload("待回访结果") }),
    });
    const anonymous = await json<{ trackingCode: string | null }>("/cases", {
      method: "POST",
      headers: { "idempotency-key": `no-script-triage-${Date.now()}` },
      body: JSON.stringify({
        channel: "web",
        description: payload("待分拨描述"),
        regionCode: gridCode.slice(0, 12),
        reporter: { name: shortPayload("匿名报告人"), phone: "13800001234" },
      }),
    });
    if (!anonymous.trackingCode) throw new Error("an anonymous appeal has a tracking code");
    trackingCode = anonymous.trackingCode;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A context whose pages count every dialog (and dismiss it, so nothing hangs). */
  const context = async (options: Parameters<typeof newContext>[2] = {}): Promise<BrowserContext> => {
    const made = await newContext(browser, server.baseUrl, {
      viewport: { width: 1440, height: 1000 },
      ...options,
    });
    made.on("page", (page) => {
      page.on("dialog", (dialog) => {
        dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
        void dialog.dismiss();
      });
    });
    return made;
  };

  /** No payload ran on this page and none opened a dialog; `shown` payload text is on the page as text. */
  const clean = async (page: Page, where: string, shown: string | null = SCRIPT) => {
    if (shown) {
      await expect
        .poll(() => page.locator("body").innerText(), {
          timeout: 60_000,
          message: `${where}: payload shown as text`,
        })
        .toContain(shown);
    }
    expect(await page.evaluate("window.__xss"), `${where}: a payload ran`).toBeUndefined();
    expect(dialogs, where).toEqual([]);
  };

  /** Moves the mouse over `target` and returns the text of the tooltip that appears in `tooltip`. */
  const hoverText = async (page: Page, target: string, tooltip: string): Promise<string> => {
    await page.locator(target).first().hover({ force: true });
    await page.locator(tooltip).filter({ visible: true }).first().waitFor();
    return (await page.locator(tooltip).filter({ visible: true }).first().innerText()).trim();
  };

  it("shows every name as text on every console page, in map and chart tooltips too", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    page.setDefaultTimeout(90_000);
    await signInToConsole(page, "admin");
    await clean(page, "home");
    for (const [path, shown] of [
      ["admin/grids", payload("网格")],
      ["admin/organisations", payload("单位")],
      ["admin/categories", payload("类别")],
      ["admin/holidays", shortPayload("节日")],
      ["admin/users", payload("人员")],
      ["admin/api-keys", payload("密钥")],
      ["admin/audit", payload("人员")],
    ] as const) {
      await page.goto(`/console/${path}`);
      await page
        .locator("tbody tr.ant-table-row")
        .first()
        .waitFor()
        .catch(async (error: unknown) => {
          await screenshot(page, `no-script-${path.replace("/", "-")}`);
          throw new Error(`${path}: no rows`, { cause: error });
        });
      await clean(page, path, shown);
    }
    await ctx.close();

    // The cockpit: figures, ranking, the density map's tooltip and the charts' tooltips.
    const supervisorContext = await context();
    const cockpit = await supervisorContext.newPage();
    cockpit.setDefaultTimeout(90_000);
    await signInToConsole(cockpit, "supervisor");
    await cockpit.goto("/console/cockpit");
    await cockpit.locator("[data-testid=density-map] path.leaflet-interactive").first().waitFor();
    await cockpit.locator("[data-testid=categories-chart] canvas").first().waitFor();
    await clean(cockpit, "cockpit");
    expect(
      await hoverText(cockpit, "[data-testid=density-map] path.leaflet-interactive", ".leaflet-tooltip"),
    ).toContain(payload("网格"));
    await clean(cockpit, "cockpit map tooltip");
    for (const chart of ["categories-chart", "trend-chart"]) {
      const target = cockpit.getByTestId(chart);
      await target.scrollIntoViewIfNeeded();
      // The axis tooltip follows the pointer: move across the plot until it shows (a div of
      // ECharts' own beside the canvas).
      const tooltipText = async () => {
        const box = await target.boundingBox();
        if (!box) throw new Error(`${chart} has no box`);
        // Right of the middle: long category names push the plot to the right.
        await cockpit.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.3, { steps: 4 });
        await cockpit.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.4, { steps: 4 });
        return (await target.locator(":scope > div").allInnerTexts()).join(" ").trim();
      };
      await expect
        .poll(tooltipText, { timeout: 20_000, message: `${chart}: a tooltip` })
        .not.toBe("")
        .catch(async (error: unknown) => {
          await screenshot(cockpit, `no-script-${chart}`);
          throw error;
        });
      if (chart === "categories-chart") expect(await tooltipText()).toContain(payload("类别"));
      await clean(cockpit, `${chart} tooltip`);
    }
    await cockpit.goto("/console/cockpit/cases?figure=received&part=numerator");
    await cockpit.locator("[data-testid=figure-cases] tbody tr.ant-table-row").first().waitFor();
    await clean(cockpit, "cockpit cases");
    await cockpit.goto("/console/supervision");
    await clean(cockpit, "supervision");
    await cockpit.goto(`/console/cases/${closedCase.id}`);
    await clean(cockpit, "closed case", payload("评价"));
    await clean(cockpit, "closed case", payload("办理结果"));
    await clean(cockpit, "closed case", payload("响应记录"));
    await supervisorContext.close();

    // The dispatcher's triage list and a case page with the map; the grid worker's work list.
    const workContext = await context();
    const work = await workContext.newPage();
    work.setDefaultTimeout(90_000);
    await signInToConsole(work, "dispatcher");
    await work.goto("/console/dispatch");
    await clean(work, "dispatch", payload("待分拨描述"));
    await work.goto(`/console/cases/${openCase.id}`);
    await work.getByTestId("case-map").waitFor();
    await clean(work, "open case", payload("在办描述"));
    // Search across cases, the intake desk's history of a caller, the follow-up call list.
    await work.goto(`/console/cases?phone=${RESIDENT_PHONE}`);
    await clean(work, "case search", payload("在办描述"));
    await work.goto("/console/intake");
    await work.getByLabel("来电号码").fill(RESIDENT_PHONE);
    await work.getByTestId("intake-history").getByText(payload("已办描述")).waitFor();
    await clean(work, "intake history", payload("已办描述"));
    await work.goto("/console/follow-ups");
    await clean(work, "follow-ups", payload("待回访描述"));
    // 一张图: a case's tooltip names its category as text.
    await work.goto("/console/case-map");
    const dot = "[data-testid=case-map-all] .mg-case-dot";
    await work.locator(dot).first().waitFor();
    expect(await hoverText(work, dot, ".leaflet-tooltip")).toContain(payload("类别"));
    await clean(work, "case map tooltip");
    await workContext.close();
    const workerContext = await context();
    const worker = await workerContext.newPage();
    worker.setDefaultTimeout(90_000);
    await signInToConsole(worker, "grid_worker");
    await worker.goto("/console/worklist");
    await clean(worker, "worklist", payload("在办描述"));
    await workerContext.close();

    // Swagger UI: the API's docs page works under the CSP too (checked by the harness).
    const docsContext = await context();
    const docs = await docsContext.newPage();
    await docs.goto("/api/docs/");
    await docs.locator(".swagger-ui .information-container").waitFor();
    await clean(docs, "api docs", null);
    await docsContext.close();
  }, 600_000);

  it("shows the names of an imported grid file as text in its preview map", async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    page.setDefaultTimeout(90_000);
    await signInToConsole(page, "admin");
    await page.goto("/console/admin/grids");
    await page.locator("tbody tr.ant-table-row").first().waitFor();
    const square = (lon: number, lat: number) => ({
      type: "Polygon",
      coordinates: [
        [
          [lon, lat],
          [lon + 0.002, lat],
          [lon + 0.002, lat + 0.002],
          [lon, lat + 0.002],
          [lon, lat],
        ],
      ],
    });
    const file = {
      type: "FeatureCollection",
      features: [square(116.02, 38.3), square(116.021, 38.301)].map((geometry, i) => ({
        type: "Feature",
        geometry,
        properties: { name: payload(`导入${i}`), code: payload("编码"), villageCode: VILLAGE },
      })),
    };
    await page.locator("[data-testid=grid-import] input[type=file]").setInputFiles({
      name: "payload.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const map = page.getByTestId("grid-import-map");
    await expect.poll(() => map.locator("path.leaflet-interactive").count(), { timeout: 60_000 }).toBe(2);
    expect(
      await hoverText(page, "[data-testid=grid-import-map] path.leaflet-interactive", ".leaflet-tooltip"),
    ).toMatch(new RegExp(`导入\\d<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`));
    await clean(page, "import preview tooltip");
    // The server's check names the problems (a code it refuses, the overlap) beside the features.
    await page.getByTestId("grid-import-check").click();
    await page.getByTestId("grid-import-problems").waitFor();
    await clean(page, "import check", payload("导入1"));
    await ctx.close();
  }, 300_000);

  it("shows every name as text on the resident's and the grid worker's mobile pages", async () => {
    const ctx = await context({ ...PHONE, viewport: PHONE.viewport });
    const [name, value] = residentSession.cookie.split("=");
    await ctx.addCookies([{ name: name ?? "", value: value ?? "", url: server.baseUrl }]);
    const page = await ctx.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto("/m/");
    await clean(page, "raise", null);
    await page.goto("/m/my");
    await clean(page, "my appeals", payload("类别"));
    await page.goto(`/m/my/cases/${closedCase.id}`);
    await clean(page, "my case", payload("办理结果"));
    await page.goto(`/m/track/${trackingCode}`);
    await page.getByTestId("tracking-view").waitFor();
    await clean(page, "track", SCRIPT);
    await ctx.close();

    const gridContext = await context({ ...PHONE, viewport: PHONE.viewport, serviceWorkers: "block" });
    const grid = await gridContext.newPage();
    grid.setDefaultTimeout(90_000);
    await grid.goto("/m/grid", { waitUntil: "commit" });
    await grid.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await grid.locator("#grid-username").fill("grid_worker");
    await grid.locator("#grid-password").fill(DEMO_PASSWORD);
    await grid.locator("button[type=submit]").click();
    await grid.getByTestId("worklist").waitFor();
    await clean(grid, "grid work list", payload("在办描述"));
    await grid.goto(`/m/grid/case/${openCase.id}`);
    await clean(grid, "grid case", payload("上门记录"));
    await grid.goto("/m/grid/patrol");
    await clean(grid, "patrol", null);
    await grid.goto("/m/grid/outbox");
    await clean(grid, "outbox", null);
    await gridContext.close();
  }, 300_000);
});
