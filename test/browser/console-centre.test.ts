/**
 * The centre's daily tools in real Chromium at 1440×900: the case search (by phone, logged; a
 * saved filter that survives a reload; the export), the header's search box that opens a case
 * by its number, the bell with its unread count and links, a sent-back case flagged in the
 * dispatch queue with its reason, and the supervision board's filters, bulk urging and export.
 */
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, personalDataReads, users } from "../../src/db/schema.js";
import { readPdfText } from "../helpers/pdf.js";
import { gridWorkerPoint, workApi, workContext, type Created, type Session } from "./console-work-helpers.js";
import {
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";

const DESKTOP = { width: 1440, height: 900 };

describe("console: the centre's search, notifications and supervision", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  let point: { lon: number; lat: number };
  let seq = 0;

  const contextFor = async (): Promise<BrowserContext> => {
    const context = await workContext(browser, server.baseUrl);
    return context;
  };

  /** One API session per account for the whole file: sign-in is rate-limited per address. */
  const sessions = new Map<string, Promise<Session>>();
  const sessionOf = (username: string): Promise<Session> => {
    const known = sessions.get(username);
    if (known) return known;
    const session = api.signIn(username);
    sessions.set(username, session);
    return session;
  };

  /**
   * A call from `phone` taken by the operator at the grid worker's point (left in the township's
   * triage); staff intake is not rate-limited per address as the public form is.
   */
  const appealFrom = async (phone: string, description: string) =>
    api.json<Created>("/cases", {
      method: "POST",
      session: await sessionOf("operator"),
      headers: { "idempotency-key": `centre-${++seq}-${Date.now()}` },
      body: JSON.stringify({
        channel: "hotline",
        description,
        location: point,
        reporter: { name: "李阿姨", phone },
      }),
    });

  /** Triaged under a grid-level category and dispatched to the grid worker's post. */
  const dispatched = async (description: string, phone = "13500000000") => {
    const dispatcher = await sessionOf("dispatcher");
    const created = await appealFrom(phone, description);
    await api.json(`/cases/${created.id}/triage`, {
      method: "POST",
      session: dispatcher,
      body: JSON.stringify({ categoryCode: "security.wires" }),
    });
    const options = await api.json<{ suggested: { id: string } | null }>(
      `/cases/${created.id}/dispatch-options`,
      { session: dispatcher },
    );
    if (!options.suggested) throw new Error("no suggested unit");
    await api.action(dispatcher, created.id, "dispatch", { orgId: options.suggested.id });
    return created;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    api = workApi(server);
    ({ point } = await gridWorkerPoint(server));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("finds a caller's cases by phone (logged), saves a filter that survives a reload, exports the result", async () => {
    const phone = "13766660001";
    const a = await appealFrom(phone, "楼下餐馆油烟太大，晚上关不了窗");
    const b = await appealFrom("137-6666-0001", "小区门口的路灯一直不亮");
    const other = await appealFrom("13766660002", "楼下餐馆油烟太大，另一位邻居也说");

    const context = await contextFor();
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.getByTestId("console-menu").getByRole("link", { name: "案件查询" }).click();
    await page.waitForURL(/\/console\/cases$/);
    await page.getByLabel("反映人电话").fill(phone);
    await page.getByTestId("search-submit").click();
    await page.waitForURL(/phone=13766660001/);
    const results = page.getByTestId("search-results");
    await expect.poll(() => page.getByTestId("search-total").textContent()).toBe("共 2 件");
    for (const c of [a, b]) await results.getByRole("link", { name: c.number }).waitFor();
    expect(await results.getByRole("link", { name: other.number }).count()).toBe(0);
    // The search was a read of the reporter's phone: logged for each case it found.
    const [supervisor] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, "supervisor"));
    const reads = await server.database.db
      .select({ caseId: personalDataReads.caseId })
      .from(personalDataReads)
      .where(
        and(eq(personalDataReads.userId, supervisor?.id ?? ""), eq(personalDataReads.reason, "search:phone")),
      );
    expect(reads.map((r) => r.caseId).sort()).toEqual([a.id, b.id].sort());
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-centre-search-phone");

    // Export what is on screen.
    const download = page.waitForEvent("download");
    await page.getByTestId("export-cases-csv").click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, "utf8");
    expect(csv).toContain(a.number);
    expect(csv).toContain(b.number);
    expect(csv).not.toContain(other.number);

    // A saved filter keeps words and status, never the phone.
    await page.getByLabel("反映人电话").fill("");
    await page.getByLabel("编号或内容").fill("油烟");
    await page.getByTestId("search-submit").click();
    await expect.poll(() => page.getByTestId("search-total").textContent()).toBe("共 2 件");
    await page.getByTestId("saved-filter-name").fill("油烟投诉");
    await page.getByTestId("saved-filter-save").click();
    await page.goto("/console/cases");
    await page.getByRole("button", { name: "使用筛选 油烟投诉" }).click();
    await page.waitForURL(/q=%E6%B2%B9%E7%83%9F/);
    expect(page.url()).not.toContain("phone");
    await expect.poll(() => page.getByLabel("编号或内容").inputValue()).toBe("油烟");
    for (const c of [a, other]) await results.getByRole("link", { name: c.number }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("opens a case from the header by its number, with one keystroke to the box", async () => {
    const c = await appealFrom("13766660003", "公园里的健身器材坏了");
    const context = await contextFor();
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.goto("/console/dispatch");
    await page.locator("body").click();
    await page.keyboard.press("/");
    await expect
      .poll(() =>
        page.evaluate("document.activeElement && document.activeElement.getAttribute('data-testid')"),
      )
      .toBe("header-search");
    await page.keyboard.type(c.number);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/console/cases/${c.number}$`));
    await page.getByText("公园里的健身器材坏了").first().waitFor();
    // Words instead of a number open the search with them.
    await page.getByTestId("header-search").fill("健身器材");
    await page.getByTestId("header-search").press("Enter");
    await page.waitForURL(/\/console\/cases\?q=/);
    await page.getByTestId("search-results").getByRole("link", { name: c.number }).waitFor();
    // In English: the page, the box and the bell speak English, with no serious axe violations.
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Find cases" }).waitFor();
    expect(await page.getByTestId("header-search").getAttribute("aria-label")).toBe(
      "Type a case number to open the case",
    );
    expect(await page.getByTestId("notification-bell").getAttribute("aria-label")).toMatch(
      /^(Notifications|\d+ unread notifications)$/,
    );
    await page.getByRole("button", { name: "Search" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-centre-search-en");
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("flags a sent-back case in the dispatch queue with its reason, and rings the dispatcher's bell", async () => {
    const c = await dispatched("三楼楼道电线裸露，有火花");
    const worker = await sessionOf("grid_worker");
    const detail = await api.json<{ version: number }>(`/cases/${c.id}`, { session: worker });
    await api.action(worker, c.id, "send_back", {
      reason: "该处属于物业管理范围，非本网格",
      version: detail.version,
    });

    const context = await contextFor();
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.goto("/console/dispatch");
    const flag = page.getByTestId(`sent-back-${c.number}`);
    await flag.waitFor();
    expect(await flag.textContent()).toContain("被退回");
    expect(await flag.textContent()).toContain("该处属于物业管理范围，非本网格");
    // A fresh appeal in the same queue carries no flag.
    const fresh = await appealFrom("13766660004", "垃圾桶旁边有死老鼠");
    await page.reload();
    await page.getByRole("link", { name: fresh.number }).waitFor();
    expect(await page.getByTestId(`sent-back-${fresh.number}`).count()).toBe(0);

    const bell = page.getByTestId("notification-bell");
    const unread = Number(await bell.getAttribute("data-unread"));
    expect(unread).toBeGreaterThan(0);
    expect(await bell.getAttribute("aria-label")).toBe(`${unread} 条未读通知`);
    await bell.click();
    const panel = page.getByTestId("notification-panel");
    // The send-back's notification (the case also had its dispatch announced).
    const item = panel
      .locator("[data-testid^=notification-]")
      .filter({ has: page.getByRole("button", { name: `查看案件 ${c.number}` }) })
      .filter({ hasText: "该处属于物业管理范围" });
    await item.waitFor();
    expect(await item.getAttribute("data-unread")).toBe("true");
    expect(await item.textContent()).toContain("退回");
    // Every kind of news is named in words: the fresh appeal's notice, too.
    const freshItem = panel
      .locator("[data-testid^=notification-]")
      .filter({ has: page.getByRole("button", { name: `查看案件 ${fresh.number}` }) });
    expect(await freshItem.first().textContent()).toContain("新诉求待分拨");
    const link = item.getByRole("button", { name: `查看案件 ${c.number}` });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-centre-bell");
    await link.click();
    await page.waitForURL(new RegExp(`/console/cases/${c.number}$`));
    await expect.poll(async () => Number(await bell.getAttribute("data-unread"))).toBe(unread - 1);
    // Mark all read empties the count.
    await bell.click();
    await page.getByTestId("notifications-read-all").click();
    await expect.poll(async () => Number(await bell.getAttribute("data-unread"))).toBe(0);
    expect(await bell.getAttribute("aria-label")).toBe("通知");
    // In English the same notifications read in English, worded from their kind and facts; the
    // reason stays as the person wrote it.
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await bell.click();
    const englishItem = panel
      .locator("[data-testid^=notification-]")
      .filter({ has: page.getByRole("button", { name: `Open case ${c.number}` }) })
      .filter({ hasText: "sent case" });
    await englishItem.waitFor();
    expect(await englishItem.getByTestId("notification-text").textContent()).toMatch(
      new RegExp(
        `^.+ sent case ${c.number} back because: 该处属于物业管理范围，非本网格\\. Dispatch it again\\.$`,
      ),
    );
    const englishFresh = panel
      .locator("[data-testid^=notification-]")
      .filter({ has: page.getByRole("button", { name: `Open case ${fresh.number}` }) });
    expect(await englishFresh.first().getByTestId("notification-text").textContent()).toBe(
      "A new appeal waits in triage: categorise and dispatch it. 垃圾桶旁边有死老鼠",
    );
    await screenshot(page, "console-centre-bell-en");
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("finds a caller's cases by phone, urges five overdue ones at once, exports the board and prints a notice", async () => {
    const phone = "13766660009";
    const late: Created[] = [];
    for (let i = 1; i <= 5; i++) late.push(await dispatched(`第${i}次反映：楼道电线私拉乱接`, phone));
    const soon = await dispatched("第6次反映：车棚电线老化", phone);
    const db = server.database.db;
    for (const c of late) {
      await db
        .update(cases)
        .set({ responseDueAt: new Date(Date.now() - 3_600_000) })
        .where(eq(cases.id, c.id));
    }
    // Most of its window gone: a warning, not overdue.
    await db
      .update(cases)
      .set({
        createdAt: new Date(Date.now() - 10 * 3_600_000),
        responseDueAt: new Date(Date.now() + 1_800_000),
      })
      .where(eq(cases.id, soon.id));

    const context = await contextFor();
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.goto(`/console/cases?phone=${phone}`);
    await expect.poll(() => page.getByTestId("search-total").textContent()).toBe("共 6 件");

    await page.getByTestId("console-menu").getByRole("link", { name: "督办" }).click();
    await page.getByTestId(`urge-${soon.number}`).waitFor();
    await page.locator(".ant-segmented").getByText("已超期").click();
    await page.getByTestId(`urge-${soon.number}`).waitFor({ state: "detached" });
    for (const c of late) await page.getByRole("checkbox", { name: c.number }).check();
    await page.getByTestId("bulk-urge").click();
    await page.locator("#bulk-urge-note").fill("五件同一来电人反映的案件已超期，请今天内联系");
    await submitDialog(page);
    const results = page.getByTestId("bulk-urge-results");
    await results.waitFor();
    expect(await results.locator(".ant-alert-success").count()).toBe(5);
    expect(await results.locator(".ant-alert-error").count()).toBe(0);
    const worker = await sessionOf("grid_worker");
    for (const c of late) {
      const detail = await api.json<{ timeline: { action: string; note: string | null }[] }>(
        `/cases/${c.id}`,
        {
          session: worker,
        },
      );
      expect(detail.timeline.filter((e) => e.action === "urge").map((e) => e.note)).toEqual([
        "五件同一来电人反映的案件已超期，请今天内联系",
      ]);
    }
    const soonDetail = await api.json<{ timeline: { action: string }[] }>(`/cases/${soon.id}`, {
      session: worker,
    });
    expect(soonDetail.timeline.some((e) => e.action === "urge")).toBe(false);
    await submitDialog(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-centre-supervision-bulk");

    // The export holds what the filtered board shows.
    const download = page.waitForEvent("download");
    await page.getByTestId("export-supervision-csv").click();
    const csv = fs.readFileSync(await (await download).path(), "utf8");
    for (const c of late) expect(csv).toContain(c.number);
    expect(csv).not.toContain(soon.number);

    // And the supervision notice of one of them, with the urging in it.
    const first = late[0];
    if (!first) throw new Error("no case");
    const href = await page.getByTestId(`notice-${first.number}`).getAttribute("href");
    const notice = await page.request.get(new URL(href ?? "", server.baseUrl).toString());
    expect(notice.headers()["content-type"]).toBe("application/pdf");
    const { squeezed } = await readPdfText(await notice.body());
    expect(squeezed).toContain(first.number);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
