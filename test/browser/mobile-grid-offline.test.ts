/**
 * The grid worker's phone pages in real Chromium at phone size: sign-in, the work list, a case,
 * a patrol finding and the outbox in both languages; a finding and an action recorded offline
 * reaching the server exactly once when the network returns — even when answers are lost on
 * the way back; and the app shell opening offline from the service worker after one visit.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, caseEvents, cases, regions } from "../../src/db/schema.js";
import { addresses } from "../../src/modules/people/schema.js";
import {
  DEMO_PASSWORD,
  PHONE,
  launchBrowser,
  newContext,
  screenshot,
  seriousAxeViolations,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** A signed-in API client for setting the scene (cookie and CSRF token by hand). */
async function apiAs(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

interface GridPoint {
  code: string;
  lon: number;
  lat: number;
}

/** A point inside the grid worker's grid, checked with the server's point → grid look-up. */
async function pointInWorkersGrid(baseUrl: string): Promise<GridPoint> {
  const call = await apiAs(baseUrl, "grid_worker");
  const { items } = await call<{ items: { code: string; bbox: [number, number, number, number] }[] }>(
    "/grids",
  );
  const grid = items[0];
  if (!grid) throw new Error("grid_worker sees no grid");
  const [minLon, minLat, maxLon, maxLat] = grid.bbox;
  for (const fx of [0.5, 0.3, 0.7, 0.4, 0.6]) {
    for (const fy of [0.5, 0.3, 0.7, 0.4, 0.6]) {
      const lon = Number((minLon + (maxLon - minLon) * fx).toFixed(6));
      const lat = Number((minLat + (maxLat - minLat) * fy).toFixed(6));
      const found = await call<{ grid: { code: string } }>(`/grids/locate?lon=${lon}&lat=${lat}`).catch(
        () => null,
      );
      if (found?.grid.code === grid.code) return { code: grid.code, lon, lat };
    }
  }
  throw new Error(`no point found inside grid ${grid.code}`);
}

/** A resident's appeal that routing sends to the grid post (security.wires is handled in the grid). */
async function caseInTheGrid(baseUrl: string, point: GridPoint, description: string) {
  const res = await fetch(`${baseUrl}/api/v1/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({
      categoryCode: "security.wires",
      description,
      location: { lon: point.lon, lat: point.lat },
    }),
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; number: string; status: string };
  expect(created.status).toBe("dispatched");
  return created;
}

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .toBuffer();
}

async function signIn(page: Page): Promise<void> {
  await page.goto("/m/grid", { waitUntil: "commit" });
  await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
  await page.locator("#grid-username").fill("grid_worker");
  await page.locator("#grid-password").fill(DEMO_PASSWORD);
  await page.locator("button[type=submit]").click();
  await page.getByTestId("worklist").waitFor();
}

describe("grid worker on a phone", () => {
  let server: WebServer;
  let browser: Browser;
  let point: GridPoint;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    point = await pointInWorkersGrid(server.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Generous waits: the test machine is shared and often loaded.
  const phone = async (extra: Parameters<typeof newContext>[2] = {}): Promise<BrowserContext> => {
    const context = await newContext(browser, server.baseUrl, {
      ...PHONE,
      geolocation: { latitude: point.lat, longitude: point.lon, accuracy: 12 },
      permissions: ["geolocation"],
      ...extra,
    });
    context.setDefaultTimeout(45_000);
    return context;
  };

  it("shows sign-in, the work list, a case, the patrol form and the outbox in both languages", async () => {
    const appeal = await caseInTheGrid(server.baseUrl, point, "楼道里有人私拉电线给电动车充电，很危险");
    for (const lang of ["zh", "en"] as const) {
      const context = await phone({ serviceWorkers: "block" });
      await context.addInitScript({ content: `localStorage.setItem("mg.lang", ${JSON.stringify(lang)});` });
      const page = await context.newPage();
      const errors = watchErrors(page);

      await page.goto("/m/grid", { waitUntil: "commit" });
      await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
      await page.locator("#grid-username").waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `mobile-grid-login-${lang}`);
      await page.locator("#grid-username").fill("grid_worker");
      await page.locator("#grid-password").fill(DEMO_PASSWORD);
      await page.locator("button[type=submit]").click();

      const item = page.locator(`[data-testid=worklist-item][data-number="${appeal.number}"]`);
      await item.waitFor();
      await expect(item.locator("[data-deadline]").textContent()).resolves.toMatch(
        lang === "zh" ? /响应剩余 \d/ : /Respond within \d/,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `mobile-grid-worklist-${lang}`);

      await item.click();
      await page.getByTestId("action-respond").waitFor();
      // The resident who raised it is named in the page's language, not by the code `resident`.
      const actors = await page.getByTestId("timeline-actor").allTextContents();
      expect(actors).toContain(lang === "zh" ? "群众" : "Resident");
      expect(actors).not.toContain("resident");
      expect(await page.getByTestId("action-send_back").count()).toBe(1);
      await page.getByTestId("action-respond").click();
      await page.getByTestId("form-respond").waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `mobile-grid-case-${lang}`);

      await page.getByRole("link", { name: lang === "zh" ? "巡查上报" : "Patrol" }).click();
      await page.locator("[data-testid=patrol-place][data-place=found]").waitFor();
      // The relocate button was disabled (faded) while locating: check contrast once it is back.
      const relocate = page.locator("[data-testid=patrol-place] + button");
      await expect
        .poll(() => relocate.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).opacity))
        .toBe("1");
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `mobile-grid-patrol-${lang}`);

      await page.getByRole("link", { name: lang === "zh" ? "待发送" : "To send" }).click();
      await page.getByText(lang === "zh" ? "没有待发送的内容" : "Nothing waiting to send").waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `mobile-grid-outbox-${lang}`);

      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);

  it("files a patrol finding at a standard address found by the address search", async () => {
    // A standard address in the worker's grid, a little away from where the phone stands.
    const db = server.database.db;
    const [grid] = await db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, point.code));
    if (!grid) throw new Error("no grid region");
    const at = { lon: Number((point.lon + 0.0001).toFixed(6)), lat: Number((point.lat + 0.0001).toFixed(6)) };
    await db.insert(addresses).values({
      road: "巡查测试路",
      houseNumber: "7号",
      label: "巡查测试路7号",
      lon: at.lon,
      lat: at.lat,
      regionCode: point.code,
      regionPath: grid.path,
      countyCode: grid.path.split(".")[1] ?? "",
      gridCode: point.code,
    });
    const finding = `巡查发现：${crypto.randomUUID().slice(0, 8)} 门口路面塌陷`;
    const context = await phone({ serviceWorkers: "block" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page);
    await page.getByRole("link", { name: "巡查上报" }).click();
    await page.locator("[data-testid=patrol-place][data-place=found]").waitFor();
    await page.locator("#patrol-address").fill("巡查测试");
    const hit = page.getByTestId("patrol-address-hit").first();
    await hit.waitFor();
    await expect(hit.textContent()).resolves.toContain("巡查测试路7号");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await hit.click();
    const place = page.locator("[data-testid=patrol-place][data-place=address]");
    await expect(place.textContent()).resolves.toContain("巡查测试路7号");
    await page.locator("#patrol-description").fill(finding);
    await page.getByTestId("patrol-submit").click();
    await page.locator("[data-testid=patrol-outcome][data-outcome=sent]").waitFor();
    // Filed at the address: its whole line, its point (not the phone's), its grid.
    const [filed] = await db.select().from(cases).where(eq(cases.description, finding));
    expect(filed?.address).toContain("巡查测试路7号");
    expect(filed).toMatchObject({ channel: "patrol", lon: at.lon, lat: at.lat, gridCode: point.code });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("keeps a finding and an action made offline and sends each exactly once, even when answers are lost", async () => {
    const appeal = await caseInTheGrid(server.baseUrl, point, "小区东门路灯下有人私拉电线，已经冒火花");
    const finding = `巡查发现：${crypto.randomUUID().slice(0, 8)} 号楼东侧井盖破损，有人踩空风险`;
    // Request interception needs service workers off (the worker has its own test below).
    const context = await phone({ serviceWorkers: "block" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page);
    await page.locator(`[data-testid=worklist-item][data-number="${appeal.number}"]`).waitFor();

    await context.setOffline(true);
    await page.getByTestId("offline-notice").waitFor();

    // A patrol finding with a photo, offline.
    await page.getByRole("link", { name: "巡查上报" }).click();
    await page.locator("[data-testid=patrol-place][data-place=found]").waitFor();
    await page.getByTestId("photo-input-patrol").setInputFiles({
      name: "manhole.jpg",
      mimeType: "image/jpeg",
      buffer: await jpeg(),
    });
    await page.getByRole("img", { name: "照片 1" }).waitFor();
    await page.locator("#patrol-description").fill(finding);
    await page.getByTestId("patrol-submit").click();
    await page.locator("[data-testid=patrol-outcome][data-outcome=waiting]").waitFor();
    await expect(page.getByTestId("outbox-status").textContent()).resolves.toContain("待发送（1）");

    // An action on a case of the work list, offline: the copy kept on the phone opens.
    await page.getByRole("link", { name: "工作清单" }).click();
    await page.getByTestId("saved-copy").waitFor();
    await page.locator(`[data-testid=worklist-item][data-number="${appeal.number}"]`).click();
    await page.getByTestId("action-respond").click();
    await page.getByText("上门", { exact: true }).click();
    await page.locator("#text-respond").fill("已上门查看，约好明天整改");
    await page.getByTestId("action-submit").click();
    await page.locator("[data-testid=action-outcome][data-outcome=waiting]").waitFor();
    await expect(page.getByTestId("outbox-status").textContent()).resolves.toContain("待发送（2）");
    await screenshot(page, "mobile-grid-offline-waiting-zh");

    const findingRows = () => server.database.db.select().from(cases).where(eq(cases.description, finding));
    const respondEvents = () =>
      server.database.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, appeal.id), eq(caseEvents.action, "respond")));
    expect(await findingRows()).toHaveLength(0);
    expect(await respondEvents()).toHaveLength(0);

    // The way back loses the first answer of each request: the server did the work, the phone
    // never heard. The outbox must send again with the same key and get the first answer.
    const lost = new Set<string>();
    const loseFirstAnswer = (name: string) => async (route: Route) => {
      const response = await route.fetch();
      if (lost.has(name)) return route.fulfill({ response });
      lost.add(name);
      return route.abort("connectionreset");
    };
    await page.route("**/api/v1/attachments", loseFirstAnswer("upload"));
    await page.route("**/api/v1/cases", loseFirstAnswer("intake"));
    await page.route(`**/api/v1/cases/${appeal.id}/actions/respond`, loseFirstAnswer("respond"));

    await context.setOffline(false);
    const status = page.getByTestId("outbox-status");
    // The worker presses "retry" while something waits (each press is one more try); the outbox
    // must empty. A retry button may go away between finding and pressing it: that press is moot.
    try {
      await expect
        .poll(
          async () => {
            if ((await status.count()) === 0) return "sent";
            const retry = page.getByTestId("outbox-retry");
            if ((await retry.count()) > 0 && (await retry.isEnabled().catch(() => false))) {
              await retry.click({ timeout: 1_000 }).catch(() => undefined);
            }
            return "waiting";
          },
          { timeout: 45_000, interval: 500 },
        )
        .toBe("sent");
    } catch (err) {
      await screenshot(page, "mobile-grid-offline-stuck");
      const left = (await status.count()) > 0 ? await status.textContent() : "";
      throw new Error(`outbox not empty: ${left} (lost: ${[...lost].join(",")})`, { cause: err });
    }
    expect([...lost].sort()).toEqual(["intake", "respond", "upload"]);

    const rows = await findingRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "patrol", gridCode: point.code });
    const claimed = await server.database.db
      .select()
      .from(attachments)
      .where(eq(attachments.subjectId, rows[0]?.id ?? ""));
    expect(claimed).toHaveLength(1);
    // The upload whose answer was lost stays unclaimed (maintenance removes it), never on the case.
    const orphans = await server.database.db
      .select()
      .from(attachments)
      .where(and(isNull(attachments.subjectId), eq(attachments.sha256, claimed[0]?.sha256 ?? "")));
    expect(orphans).toHaveLength(1);
    const events = await respondEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ note: "已上门查看，约好明天整改" });
    expect((events[0]?.data as { contactMethod?: string }).contactMethod).toBe("visit");

    // Reopening the app sends nothing again: the outbox on the phone is empty, and no write
    // leaves the page while it starts up (it flushes the outbox on start) and settles.
    await page.unrouteAll({ behavior: "ignoreErrors" });
    const writes: string[] = [];
    page.on("request", (r) => {
      if (r.method() !== "GET") writes.push(`${r.method()} ${r.url()}`);
    });
    await page.reload();
    await page.getByTestId("case-status").waitFor();
    await page.waitForLoadState("networkidle");
    const waiting = await page.evaluate<number>(`new Promise((resolve, reject) => {
      const open = indexedDB.open("mg-offline");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction("outbox").objectStore("outbox").count();
        count.onsuccess = () => resolve(count.result);
        count.onerror = () => reject(count.error);
      };
    })`);
    expect(waiting).toBe(0);
    expect(writes).toEqual([]);
    expect(await findingRows()).toHaveLength(1);
    expect(await respondEvents()).toHaveLength(1);
    await expect(page.getByTestId("case-status").textContent()).resolves.toBe("办理中");

    expect(errors.filter((e) => !isNetworkLine(e))).toEqual([]);
    await context.close();
  }, 180_000);

  it("opens the app shell offline after one visit (service worker)", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page);
    // Wait for the worker to control the page and to hold the shell and every file the page loaded.
    // Evaluated in the page (as text: this file is type-checked without the DOM library).
    const shellKept = () =>
      page.evaluate<boolean>(`(async () => {
        if (!navigator.serviceWorker.controller) return false;
        const cache = await caches.open("mg-m-shell-v1");
        const kept = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
        const loaded = performance
          .getEntriesByType("resource")
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.startsWith("/assets/"));
        return kept.has("/m/") && loaded.length > 0 && loaded.every((p) => kept.has(p));
      })()`);
    await expect.poll(shellKept, { timeout: 20_000, interval: 250 }).toBe(true);

    // Let the page's own requests (the work list it loads after sign-in, the pages it keeps) finish
    // first: the server has heard nothing from it for a second. (The page's "networkidle" was
    // reached before sign-in, so it does not wait; on a slow machine the work list's requests were
    // still arriving.) Then count what reaches the server once the phone is offline: nothing may.
    let lastHeard = Date.now();
    const heard = () => {
      lastHeard = Date.now();
    };
    server.app.server.on("request", heard);
    try {
      await expect.poll(() => Date.now() - lastHeard > 1_000, { timeout: 30_000, interval: 200 }).toBe(true);
    } finally {
      server.app.server.off("request", heard);
    }
    await context.setOffline(true);
    const reached: string[] = [];
    const onRequest = (request: { url?: string }) => reached.push(request.url ?? "");
    server.app.server.on("request", onRequest);
    try {
      const reload = await page.reload();
      expect(reload?.fromServiceWorker()).toBe(true);
      await page.getByTestId("offline-notice").waitFor();
      await page.getByTestId("saved-copy").waitFor();
      const patrol = await page.goto("/m/grid/patrol");
      expect(patrol?.fromServiceWorker()).toBe(true);
      await page.getByTestId("patrol-submit").waitFor();
      await screenshot(page, "mobile-grid-patrol-offline-zh");
      expect(reached).toEqual([]);
    } finally {
      server.app.server.off("request", onRequest);
    }
    expect(errors.filter((e) => !isNetworkLine(e))).toEqual([]);
    await context.close();
  }, 180_000);
});

/**
 * Chromium itself logs a failed request as a console error ("Failed to load resource:
 * net::ERR_INTERNET_DISCONNECTED" offline, net::ERR_CONNECTION_RESET for the answers this test
 * throws away); the page handles those failures, so exactly these lines are not counted.
 */
function isNetworkLine(line: string): boolean {
  return /^console: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET)$/.test(line);
}
