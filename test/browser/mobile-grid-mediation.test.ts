/**
 * A mediator on a phone (390×844, real Chromium): the village staff member, a mediator of the
 * village committee, opens 调解 in the grid shell, finds a dispute of the committee, records a
 * session with a photo; then, without a network, records a second one (with a photo) that waits
 * in the outbox, named there, while the list and the dispute show the copies kept on the phone
 * with their time (a dispute never opened too, kept with the list); back online the outbox sends
 * it once and it appears on the dispute. Once the dispute is settled, a follow-up.
 * A session recorded offline that the server refuses on reconnect (the desk acted on the dispute
 * meanwhile) is said to be refused, and why, on the dispute page, and what was written can be
 * copied from the outbox before it is dropped. A grid worker who is no mediator gets no 调解 tab,
 * and its address explains who makes one a mediator, on a page no taller than the window.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleBindings, users, workflowEvents } from "../../src/db/schema.js";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import {
  DEMO_PASSWORD,
  isOfflineRefusal,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  seriousAxeViolations,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("grid mobile: a mediator records a session and a follow-up", () => {
  let server: WebServer;
  let browser: Browser;
  let number = "";
  let detailId = "";
  let unopenedNumber = "";
  let conflictNumber = "";
  let conflictVersion = 0;
  let photoFile = "";
  let api: (method: "GET" | "POST", url: string, body?: unknown) => Promise<Record<string, unknown>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const db = server.database.db;
    await loadDemoMediation(db);
    const [place] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "village_staff"), eq(roleBindings.role, "village_staff")));
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "village_staff", password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    api = async (method, url, body) => {
      const res = await fetch(`${server.baseUrl}/api/v1${url}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrfToken,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(json)).toBeLessThan(300);
      return json;
    };
    const created = await api("POST", "/mediation/disputes", {
      source: "walk_in",
      regionCode: place?.code,
      typeCode: "neighbour",
      facts: "手机调解测试：两户因院墙滴水多次争吵。",
      parties: [
        { role: "applicant", name: "吴甲", phone: "13911113333" },
        { role: "respondent", name: "郑乙", phone: "13722224444" },
      ],
    });
    number = created.number as string;
    detailId = created.id as string;
    await api("POST", `/mediation/disputes/${number}/actions/accept`, { version: created.version });
    // A dispute the mediator never opens on the phone: the list keeps its page for offline.
    const unopened = await api("POST", "/mediation/disputes", {
      source: "walk_in",
      regionCode: place?.code,
      typeCode: "neighbour",
      facts: "手机离线测试：两户因停车位争执。",
      parties: [
        { role: "applicant", name: "钱丙", phone: "13911115555" },
        { role: "respondent", name: "孙丁", phone: "13722226666" },
      ],
    });
    unopenedNumber = unopened.number as string;
    // A dispute the desk records a session on while the phone's own waits offline.
    const conflict = await api("POST", "/mediation/disputes", {
      source: "walk_in",
      regionCode: place?.code,
      typeCode: "neighbour",
      facts: "手机退回测试：两户因共用水井争执。",
      parties: [
        { role: "applicant", name: "冯戊", phone: "13911117777" },
        { role: "respondent", name: "陈己", phone: "13722228888" },
      ],
    });
    conflictNumber = conflict.number as string;
    const accepted = await api("POST", `/mediation/disputes/${conflictNumber}/actions/accept`, {
      version: conflict.version,
    });
    conflictVersion = accepted.version as number;
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mg-session-")), "session.jpg");
    await sharp({ create: { width: 800, height: 600, channels: 3, background: "#6a8caf" } })
      .jpeg()
      .toFile(photoFile);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists the committee's disputes, records a session with a photo, one offline through the outbox, then a follow-up", async () => {
    const context = await newContext(browser, server.baseUrl, { ...PHONE, serviceWorkers: "block" });
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/grid", { waitUntil: "commit" });
    await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await page.locator("#grid-username").fill("village_staff");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("worklist").waitFor();

    await page.getByRole("link", { name: "调解" }).click();
    await page.waitForURL(/\/m\/grid\/mediation$/);
    const item = page.locator("[data-testid=grid-dispute-item]", { hasText: number });
    await item.waitFor();
    await item.getByText("已受理").waitFor();
    await page.waitForLoadState("networkidle");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-mediation-list-zh");

    await item.click();
    await page.waitForURL(new RegExp(`/m/grid/dispute/${number}$`));
    const form = page.getByTestId("session-form");
    // Sent empty: the message names only what is missing (the time starts filled), each marked.
    await page.getByTestId("session-submit").click();
    await form.getByRole("alert").filter({ hasText: "请填写调解地点、参加人员、调解情况。" }).waitFor();
    expect(await page.locator("#session-place").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#session-place").getAttribute("aria-required")).toBe("true");
    await page.locator("#session-place").fill("村委会调解室");
    await page.locator("#session-participants").fill("吴甲、郑乙、村调解员");
    await page.locator("#session-notes").fill("双方同意加装排水槽，费用各半。");
    await page.getByTestId("photo-input-session").setInputFiles(photoFile);
    await form.getByRole("img").first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-mediation-session-zh");
    await page.getByTestId("session-submit").click();
    await page.locator("[data-testid=grid-dispute-outcome][data-outcome=sent]").waitFor();
    await page.getByTestId("grid-dispute-status").getByText("调解中").waitFor();
    await page.getByTestId("grid-dispute-sessions").getByText("双方同意加装排水槽，费用各半。").waitFor();

    // On a village road without signal: the page is the copy kept on the phone, with its time.
    await context.setOffline(true);
    await page.getByTestId("offline-notice").waitFor();
    await page
      .getByTestId("saved-copy")
      .getByText(/无网络/)
      .waitFor();
    await page.locator("#session-place").fill("郑乙家中");
    await page.locator("#session-participants").fill("吴甲、郑乙、村调解员");
    await page.locator("#session-notes").fill("离线记录：排水槽位置已商定。");
    await page.getByTestId("photo-input-session").setInputFiles(photoFile);
    await page.getByTestId("session-form").getByRole("img").first().waitFor();
    await page.getByTestId("session-submit").click();
    await page.locator("[data-testid=grid-dispute-outcome][data-outcome=waiting]").waitFor();
    await page
      .getByTestId("grid-dispute-session-waiting")
      .getByText("离线记录：排水槽位置已商定。")
      .waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-mediation-offline-zh");
    // The outbox names it by the dispute's type and number.
    await page.getByRole("link", { name: "查看待发送" }).click();
    await page.getByTestId("outbox-item").getByText(`调解记录 · 邻里纠纷 · 纠纷编号 ${number}`).waitFor();
    // The list too is the copy kept on the phone, the dispute marked as waiting.
    await page.getByRole("navigation").getByRole("link", { name: "调解" }).click();
    await page.getByTestId("saved-copy").waitFor();
    await item.getByText("待发送").waitFor();
    // A dispute never opened on this phone opens from the copy the list kept.
    await page.locator("[data-testid=grid-dispute-item]", { hasText: unopenedNumber }).click();
    await page.getByText("手机离线测试：两户因停车位争执。").waitFor();
    await page.getByTestId("saved-copy").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "调解" }).click();
    await item.getByText("待发送").waitFor();
    const recorded = () =>
      server.database.db
        .select()
        .from(workflowEvents)
        .where(and(eq(workflowEvents.subjectId, detailId), eq(workflowEvents.action, "record_session")));
    expect(await recorded()).toHaveLength(1);

    // Back online: the outbox sends it once, and it appears on the dispute.
    await context.setOffline(false);
    await expect.poll(async () => page.getByTestId("outbox-status").count(), { timeout: 45_000 }).toBe(0);
    await item.click();
    await page.waitForURL(new RegExp(`/m/grid/dispute/${number}$`));
    await page.getByTestId("grid-dispute-sessions").getByText("离线记录：排水槽位置已商定。").waitFor();
    await expect.poll(() => page.getByTestId("saved-copy").count()).toBe(0);
    expect(await recorded()).toHaveLength(2);
    // Each session carries its photo.
    const detail = await api("GET", `/mediation/disputes/${number}`);
    const sessions = detail.sessions as { photoIds: string[] }[];
    expect(sessions.map((s) => s.photoIds.length)).toEqual([1, 1]);

    // Settled at the committee's desk; the follow-up is recorded on the phone.
    await api("POST", `/mediation/disputes/${number}/actions/settle`, {
      version: detail.version,
      form: "oral",
      matters: "滴水",
      agreed: "加装排水槽",
      performanceManner: "一周内安装",
    });
    await page.reload();
    await page.getByTestId("follow-up-form").waitFor();

    await page.getByText("部分履行").click();
    await page.locator("#follow-up-notes").fill("排水槽已买，尚未安装。");
    await page.getByTestId("follow-up-submit").click();
    await page
      .getByTestId("grid-dispute-follow-ups")
      .getByText(/部分履行/)
      .waitFor();
    await page.getByTestId("grid-dispute-status").getByText("回访中").waitFor();
    await screenshot(page, "mobile-grid-mediation-follow-up-zh");
    // English: the same page in the other language.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByTestId("grid-dispute-status").getByText("Follow-up").waitFor();
    // The dispute's type is named in English too (it came in Chinese only).
    await page.getByText("Neighbour dispute", { exact: true }).first().waitFor();
    expect(await page.getByText("邻里纠纷").count()).toBe(0);
    await page
      .getByTestId("grid-dispute-follow-ups")
      .getByText(/Partly performed/)
      .waitFor();
    expect(errors.filter((e) => !isOfflineRefusal(e))).toEqual([]);
    await context.close();
  }, 180_000);
  it("says a session refused on reconnect is refused, and why, and keeps what was written to copy", async () => {
    const context = await newContext(browser, server.baseUrl, { ...PHONE, serviceWorkers: "block" });
    context.setDefaultTimeout(45_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`/m/grid/dispute/${conflictNumber}`, { waitUntil: "commit" });
    await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await page.locator("#grid-username").fill("village_staff");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("session-form").waitFor();

    // Offline, the mediator records the session that took place.
    await context.setOffline(true);
    await page.getByTestId("offline-notice").waitFor();
    await page.locator("#session-place").fill("水井旁");
    await page.locator("#session-participants").fill("冯戊、陈己、村调解员");
    await page.locator("#session-notes").fill("双方同意轮流取水，\n每户每日两次。");
    await page.getByTestId("session-submit").click();
    await page.locator("[data-testid=grid-dispute-outcome][data-outcome=waiting]").waitFor();

    // Meanwhile the desk records a session of its own: the phone's now acts on an old version.
    await api("POST", `/mediation/disputes/${conflictNumber}/actions/record_session`, {
      version: conflictVersion,
      heldAt: "2026-12-07T09:00:00+08:00",
      place: "村委会调解室",
      participants: "冯戊、陈己",
      notes: "调委会当面调解。",
    });

    // Back online: refused. The page says so, and why, and no longer says it will be sent.
    await context.setOffline(false);
    const outcome = page.locator("[data-testid=grid-dispute-outcome][data-outcome=failed]");
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain("未被系统接受：纠纷已被他人处理");
    expect(await outcome.textContent()).not.toContain("联网后自动发送");
    expect(await page.locator("[data-testid=grid-dispute-outcome][data-outcome=waiting]").count()).toBe(0);
    const refused = page.getByTestId("grid-dispute-refused");
    await refused.getByText("原因：纠纷已被他人处理").waitFor();
    await page.getByTestId("outbox-status").getByText("1 条未被系统接受").waitFor();
    // The page shows the dispute as it stands now, with the desk's session.
    await page.getByTestId("grid-dispute-sessions").getByText("调委会当面调解。").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-mediation-refused-zh");

    // In the outbox, everything the mediator wrote, to copy before dropping it.
    await outcome.getByRole("link", { name: "到待发送查看并复制您写的内容" }).click();
    const item = page.locator("[data-testid=outbox-item][data-state=failed]");
    await item.waitFor();
    const text = item.getByTestId("outbox-refused-text");
    expect(await text.getAttribute("readonly")).not.toBeNull();
    const written = await text.inputValue();
    expect(written).toContain(`调解记录 · 邻里纠纷 · 纠纷编号 ${conflictNumber}`);
    expect(written).toContain("调解地点：水井旁");
    expect(written).toContain("参加人员：冯戊、陈己、村调解员");
    expect(written).toContain("调解情况：双方同意轮流取水，\n每户每日两次。");
    await item.getByRole("button", { name: "复制内容" }).click();
    await item.getByRole("status").getByText("已复制").waitFor();
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(written);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-outbox-refused-zh");
    // The list marks the dispute as refused, not as waiting to be sent.
    await page.getByRole("navigation").getByRole("link", { name: "调解" }).click();
    const listed = page.locator("[data-testid=grid-dispute-item]", { hasText: conflictNumber });
    await listed.getByText("未被接受").waitFor();
    expect(await listed.getByText("待发送").count()).toBe(0);
    await page.getByRole("navigation").getByRole("link", { name: "待发送" }).click();
    await item.getByRole("button", { name: "放弃这条" }).click();
    await expect.poll(() => page.getByTestId("outbox-item").count()).toBe(0);
    expect(errors.filter((e) => !isOfflineRefusal(e) && !/status of 409/.test(e))).toEqual([]);
    await context.close();
  }, 180_000);

  it("offers no 调解 tab to a grid worker who is no mediator; the page's address explains, on one screen", async () => {
    const context = await newContext(browser, server.baseUrl, { ...PHONE, serviceWorkers: "block" });
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const disputesAnswered = page.waitForResponse((r) => r.url().includes("/api/v1/mediation/disputes?"));
    await page.goto("/m/grid", { waitUntil: "commit" });
    await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await page.locator("#grid-username").fill("grid_worker");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("worklist").waitFor();
    await disputesAnswered;
    const tabs = page.getByRole("navigation");
    await tabs.getByRole("link", { name: "待发送" }).waitFor();
    await expect.poll(() => tabs.getByRole("link", { name: "调解" }).count()).toBe(0);
    expect(await tabs.getByRole("link").count()).toBe(4);

    await page.goto("/m/grid/mediation");
    await page.getByText(/您不是任何调解委员会的调解员。/).waitFor();
    await page.getByText(/“调解员”页面/).waitFor();
    // A short page fits the window: nothing scrolls away under the header.
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollHeight - window.innerHeight",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors.filter((e) => !isOfflineRefusal(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
