/**
 * The resident's mobile pages in real Chromium at phone size: raise an appeal anonymously with a
 * photo (scaled down on the phone), keep the tracking code, lose the network mid-submit without
 * losing anything, and — after the grid worker replies — rate the reply on the page. Also: a
 * wrong tracking code, sign-in with a one-time code (demo mode shows it), both languages,
 * large-text mode, no console errors, no serious accessibility violations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, cases, grids, regions, roleBindings, users } from "../../src/db/schema.js";
import { locateGrid } from "../../src/modules/grids/grid-index.js";
import { intakeCase } from "../../src/modules/cases/intake.js";
import { enqueueNotifications } from "../../src/core/notifications/enqueue-notifications.js";
import {
  DEMO_PASSWORD,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  seriousAxeViolations,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** A point inside the demo grid worker's grid, so the appeal is routed to their grid post. */
async function pointInGridWorkersGrid(server: WebServer): Promise<{ lon: number; lat: number }> {
  const db = server.database.db;
  const [binding] = await db
    .select({ code: roleBindings.scopeRegionCode })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(eq(users.username, "grid_worker"));
  const [grid] = await db
    .select()
    .from(grids)
    .where(eq(grids.code, binding?.code ?? ""));
  if (!grid) throw new Error("grid_worker has no grid");
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const lon = grid.minLon + ((grid.maxLon - grid.minLon) * i) / 10;
      const lat = grid.minLat + ((grid.maxLat - grid.minLat) * j) / 10;
      if ((await locateGrid(db, lon, lat))?.code === grid.code) return { lon, lat };
    }
  }
  throw new Error("no point found inside the grid");
}

/** The demo grid worker, signed in through the API as a phone app would. */
async function gridWorkerApi(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "grid_worker", password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: "GET" | "POST", url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api/v1${url}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(json)).toBe(200);
    return json;
  };
}

async function checkPage(page: Page, name: string, errors: string[]): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await seriousAxeViolations(page), name).toEqual([]);
  await screenshot(page, name);
  expect(errors, name).toEqual([]);
}

describe("resident mobile pages", () => {
  let server: WebServer;
  let browser: Browser;
  let place: { lon: number; lat: number };
  /** The name of the community the phone's position lies in (what the pickers show). */
  let community = "";
  let photoFile: string;
  let trackingCode = "";
  let caseNumber = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ demoMode: true }), launchBrowser()]);
    place = await pointInGridWorkersGrid(server);
    const located = await locateGrid(server.database.db, place.lon, place.lat);
    const [village] = await server.database.db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.code, located?.villageCode ?? ""));
    community = village?.name ?? "";
    expect(community).not.toBe("");
    // A camera-sized photo (3000×2250, a few MB) the page must scale down before upload.
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mg-photo-")), "camera.jpg");
    await sharp({
      create: {
        width: 3000,
        height: 2250,
        channels: 3,
        background: "#808080",
        noise: { type: "gaussian", mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 95 })
      .toFile(photoFile);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(
    lang: "zh" | "en" = "zh",
    extra: { largeText?: boolean } = {},
  ): Promise<BrowserContext> {
    const context = await newContext(browser, server.baseUrl, {
      ...PHONE,
      geolocation: { longitude: place.lon, latitude: place.lat, accuracy: 15 },
      permissions: ["geolocation"],
    });
    // A string, run in the page: the test's own TypeScript has no DOM types.
    await context.addInitScript({
      content: `if (!sessionStorage.getItem("mg.test.init")) {
        sessionStorage.setItem("mg.test.init", "1");
        localStorage.setItem("mg.lang", ${JSON.stringify(lang)});
        ${extra.largeText ? 'localStorage.setItem("mg.largeText", "1");' : ""}
      }`,
    });
    return context;
  }

  it("raises an appeal anonymously with a photo, survives a lost network, and keeps the code", async () => {
    expect(fs.statSync(photoFile).size).toBeGreaterThan(1024 * 1024);
    const context = await phone("zh");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/");
    await page.getByRole("button", { name: "治安隐患" }).waitFor();
    await checkPage(page, "mobile-resident-raise-1-category-zh", errors);
    await page.getByRole("button", { name: "治安隐患" }).click();
    await checkPage(page, "mobile-resident-raise-1-subcategory-zh", errors);
    await page.getByRole("button", { name: "私拉乱接电线" }).click();

    await page.getByLabel("问题描述").fill("楼道里有人私拉电线给电动车充电，很危险");
    await page.getByTestId("photo-input").setInputFiles(photoFile);
    await page.getByTestId("photo-uploaded").waitFor();
    await checkPage(page, "mobile-resident-raise-2-describe-zh", errors);
    await page.getByRole("button", { name: "下一步" }).click();

    // The map (its own lazy chunk, no tiles offline) opens on the phone's position (location is
    // allowed), named by its community, not by coordinates; it takes a tap; then GPS replaces the pin.
    await page.getByRole("button", { name: /在地图上点一下/ }).click();
    await page.getByTestId("map").waitFor();
    await expect.poll(() => page.getByTestId("map-point").textContent()).toContain(`已选：${community}`);
    expect(await page.getByTestId("map-point").textContent()).not.toContain("纬度");
    await page.getByTestId("map").click({ position: { x: 180, y: 150 } });
    await page.getByRole("button", { name: "就是这里" }).click();
    await expect(page.getByTestId("place-chosen").textContent()).resolves.toContain("地图选点");
    await page.getByRole("button", { name: /用我现在的位置/ }).click();
    await expect
      .poll(() => page.getByTestId("place-chosen").textContent())
      .toContain(`已定位：${community}（`);
    await page.getByLabel("详细位置（可不填）").fill("3号楼2单元");
    await checkPage(page, "mobile-resident-raise-3-where-zh", errors);

    // The network drops as the resident sends: plainly said, nothing lost, one case in the end.
    await context.setOffline(true);
    await page.getByTestId("submit").click();
    const alert = page.getByTestId("submit-error");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain("网络没有连接");
    const draft = await page.evaluate<string | null>(`localStorage.getItem("mg.resident.draft")`);
    expect(draft).toContain("楼道里有人私拉电线");
    await screenshot(page, "mobile-resident-raise-offline-zh");
    await context.setOffline(false);
    // The failed request is the one console line the offline moment may leave.
    expect(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
    errors.length = 0;
    await page.getByTestId("retry-submit").click();

    const codeBox = page.getByTestId("tracking-code");
    await codeBox.waitFor();
    trackingCode = ((await codeBox.textContent()) ?? "").trim();
    expect(trackingCode).toMatch(/^[A-Z0-9-]{8,}$/);
    expect(await page.evaluate<string | null>(`localStorage.getItem("mg.resident.draft")`)).toBeNull();
    // Large: at least 30 px for older eyes.
    const fontSize = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('[data-testid="tracking-code"]')).fontSize`,
    );
    expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(30);
    await page.getByTestId("copy-code").click();
    await expect.poll(() => page.getByTestId("copy-state").textContent()).toMatch(/已复制|没能复制/);
    await page.getByTestId("save-code").click();
    await expect(page.getByTestId("save-code").textContent()).resolves.toContain("已保存");
    await checkPage(page, "mobile-resident-raised-zh", errors);

    // One case, routed to the grid worker's grid, with the photo scaled to ≤ 1920 px.
    const db = server.database.db;
    const rows = await db
      .select()
      .from(cases)
      .where(eq(cases.description, "楼道里有人私拉电线给电动车充电，很危险"));
    expect(rows).toHaveLength(1);
    const created = rows[0];
    if (!created) throw new Error("no case");
    caseNumber = created.number;
    expect(created.reporterUserId).toBeNull();
    const photos = await db.select().from(attachments).where(eq(attachments.subjectId, created.id));
    expect(photos).toHaveLength(1);
    expect(Math.max(photos[0]?.width ?? 0, photos[0]?.height ?? 0)).toBeLessThanOrEqual(1920);
    expect(photos[0]?.bytes ?? Infinity).toBeLessThan(fs.statSync(photoFile).size);

    // The code is kept on this phone: "my appeals" lists it.
    await page.getByRole("link", { name: "我的诉求" }).click();
    await expect(page.getByTestId("saved-codes").textContent()).resolves.toContain(trackingCode);
    await checkPage(page, "mobile-resident-my-zh", errors);
    await context.close();
  });

  it("lets the resident rate the grid worker's reply with the code, in the page", async () => {
    expect(trackingCode).not.toBe("");
    const gw = await gridWorkerApi(server.baseUrl);
    const detail = await gw("GET", `/cases/${caseNumber}`);
    const responded = await gw("POST", `/cases/${caseNumber}/actions/respond`, {
      contactMethod: "phone",
      note: "已电话联系",
      version: detail.version,
    });
    await gw("POST", `/cases/${caseNumber}/actions/reply`, {
      result: "已拆除私拉电线，并提醒住户到充电桩充电",
      version: (responded.case as { version: number }).version,
    });

    const context = await phone("zh");
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Another day, on a phone that did not keep it: the resident types the code they wrote down.
    await page.goto("/m/track");
    await page.getByLabel("查询码").fill(trackingCode.toLowerCase());
    await page.getByRole("button", { name: "查询" }).click();
    const view = page.getByTestId("tracking-view");
    await view.waitFor();
    const text = (await view.textContent()) ?? "";
    expect(text).toContain("已受理您的诉求");
    expect(text).toContain("已与您联系");
    expect(text).toContain("已拆除私拉电线");
    await checkPage(page, "mobile-resident-track-replied-zh", errors);

    // The radios are big labelled buttons: a tap on the words chooses.
    await page
      .locator("label")
      .filter({ hasText: /^已解决$/ })
      .click();
    await page
      .locator("label")
      .filter({ hasText: /^基本满意$/ })
      .click();
    await expect(page.getByLabel("已解决").isChecked()).resolves.toBe(true);
    await page.getByLabel("还想说点什么（可不填）").fill("处理得挺快");
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.getByTestId("tracking-evaluation").waitFor();
    await expect(page.getByTestId("tracking-evaluation").textContent()).resolves.toContain("基本满意");
    await checkPage(page, "mobile-resident-track-evaluated-zh", errors);

    const [row] = await server.database.db.select().from(cases).where(eq(cases.number, caseNumber));
    expect(row?.resolved).toBe(true);
    expect(row?.satisfaction).toBe("basically_satisfied");
    expect(row?.evaluationComment).toBe("处理得挺快");
    expect(row?.status).toBe("closed");
    await context.close();
  });

  it("says plainly when a tracking code is wrong", async () => {
    const context = await phone("zh");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/track");
    await page.getByLabel("查询码").fill("WXYZ-2345-QQ");
    await page.getByRole("button", { name: "查询" }).click();
    const alert = page.getByTestId("track-error");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain("没有找到查询码为「WXYZ-2345-QQ」的诉求");
    // The 404 is expected here; it is the only console line allowed.
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-resident-track-wrong-code-zh");
    await context.close();
  });

  it("signs a resident in with a one-time code shown on screen in demo mode, into my appeals", async () => {
    // An appeal this phone raised earlier by a call, before it had an account.
    const earlier = await intakeCase(
      server.database.db,
      {
        channel: "hotline",
        description: "来电反映小区路灯不亮已经一周了",
        regionCode: "131002",
        reporter: { name: "钱女士", phone: "139-0000-1111" },
      },
      { issueTrackingCode: false },
    );
    const context = await phone("zh");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/my");
    await page.getByRole("link", { name: "用手机号登录" }).click();
    await page.getByLabel("手机号").fill("13900001111");
    await page.getByTestId("request-code").click();
    const demo = page.getByTestId("demo-code");
    await demo.waitFor();
    const code = ((await demo.textContent()) ?? "").trim();
    expect(code).toMatch(/^\d{6}$/);
    await checkPage(page, "mobile-resident-signin-zh", errors);
    await page.getByLabel("验证码（6 位数字）").fill(code);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(/\/m\/my$/);
    await expect(page.getByTestId("resident-name").textContent()).resolves.toContain("139****1111");
    await page.getByTestId("my-cases").waitFor();
    // The earlier appeal is linked to the account, and the page says so.
    await expect(page.getByTestId("linked-appeals").textContent()).resolves.toContain(
      "已将您之前用这个手机号反映的 1 件诉求关联到您的账号",
    );
    await page.getByTestId("my-cases").getByText(earlier.case.number).waitFor();
    await checkPage(page, "mobile-resident-my-signed-in-zh", errors);

    const [account] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.phone, ["13900001111"]));
    expect(account).toBeDefined();
    await context.close();
  });

  it("shows a resident's messages about their appeal in English, worded from their facts", async () => {
    const context = await phone("en");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/signin");
    await page.getByLabel("Mobile number").fill("13700007777");
    await page.getByTestId("request-code").click();
    const demo = page.getByTestId("demo-code");
    await demo.waitFor();
    await page.getByLabel("Code (6 digits)").fill(((await demo.textContent()) ?? "").trim());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/m\/my$/);
    const db = server.database.db;
    const [account] = await db.select({ id: users.id }).from(users).where(eq(users.phone, "13700007777"));
    if (!account) throw new Error("no resident account");
    const raised = await intakeCase(
      db,
      { channel: "app", description: "楼道灯坏了", regionCode: "131002" },
      { reporterUserId: account.id },
    );
    // The notice the reply action writes (cases/actions/handle-case.ts): Chinese text, facts by name.
    await db.transaction((tx) =>
      enqueueNotifications(tx, [
        {
          channel: "in_app",
          recipientUserId: account.id,
          subjectType: "case",
          subjectId: raised.case.id,
          kind: "reply",
          title: `诉求 ${raised.case.number} 已答复，请评价`,
          body: "安次区城管局答复：已更换灯泡\n请告诉我们问题是否解决、您是否满意。",
          data: { unit: "安次区城管局", note: "已更换灯泡" },
        },
      ]),
    );
    await page.reload();
    const note = page.getByTestId("notifications").getByTestId("notification").first();
    await note.waitFor();
    await expect(note.getByTestId("notification-title").textContent()).resolves.toBe(
      `Appeal ${raised.case.number} has a reply: please rate it`,
    );
    // The unit's name and its own words are data, shown as written; the sentence is English.
    await expect(note.getByTestId("notification-text").textContent()).resolves.toBe(
      "安次区城管局 replied to your appeal: tell us whether the problem is solved and whether you are satisfied.",
    );
    await expect(note.getByTestId("notification-note").textContent()).resolves.toBe("已更换灯泡");
    expect(await page.getByRole("heading", { name: "Messages" }).count()).toBe(1);
    await checkPage(page, "mobile-resident-messages-en", errors);
    // In Chinese, the same message in Chinese words.
    await page.getByTestId("lang-switch").click();
    await expect
      .poll(() => note.getByTestId("notification-title").textContent())
      .toBe(`诉求 ${raised.case.number} 已答复，请评价`);
    await context.close();
  });

  it("shows every page in English, and in large-text mode", async () => {
    const context = await phone("en");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/");
    await page.getByRole("button", { name: "Public-security hazards" }).waitFor();
    await checkPage(page, "mobile-resident-raise-1-category-en", errors);
    await page.getByRole("button", { name: "Public-security hazards" }).click();
    await page.getByRole("button", { name: /wires/i }).click();
    await page.getByLabel("Description").fill("Someone is charging e-bikes from the stairwell");
    await checkPage(page, "mobile-resident-raise-2-describe-en", errors);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: /Choose the village/ }).click();
    await page.getByTestId("region-picker").getByRole("button").first().waitFor();
    await checkPage(page, "mobile-resident-raise-3-where-en", errors);
    await page.goto(`/m/track/${trackingCode}`);
    await page.getByTestId("tracking-view").waitFor();
    await expect(page.getByTestId("tracking-view").textContent()).resolves.toContain(
      "has received your appeal",
    );
    await checkPage(page, "mobile-resident-track-en", errors);
    await page.goto("/m/my");
    await page.getByTestId("saved-codes").waitFor();
    await checkPage(page, "mobile-resident-my-en", errors);
    await page.goto("/m/signin");
    await page.getByTestId("signin-page").waitFor();
    await checkPage(page, "mobile-resident-signin-en", errors);
    // The language switch goes back to Chinese on the spot.
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "手机号登录" }).waitFor();

    // Large-text mode: antd-mobile's main size and the pages' own text grow, and it is kept.
    await page.goto("/m/");
    const toggle = page.getByTestId("large-text");
    await expect(toggle.getAttribute("aria-pressed")).resolves.toBe("false");
    const look = () =>
      page.evaluate<string>(
        `getComputedStyle(document.querySelector("[data-testid=large-text]")).backgroundColor`,
      );
    const unpressed = await look();
    await toggle.click();
    await expect(toggle.getAttribute("aria-pressed")).resolves.toBe("true");
    // Pressed shows: another background (filled) than the outline of the unpressed button.
    expect(await look()).not.toBe(unpressed);
    const main = await page.evaluate<string>(
      `getComputedStyle(document.documentElement).getPropertyValue("--adm-font-size-main")`,
    );
    expect(parseFloat(main)).toBeGreaterThanOrEqual(17);
    await page.reload();
    await expect(page.getByTestId("large-text").getAttribute("aria-pressed")).resolves.toBe("true");
    await checkPage(page, "mobile-resident-raise-large-text-zh", errors);
    await context.close();
  });
});
