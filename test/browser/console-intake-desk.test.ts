/**
 * The intake desk in real Chromium at 1440×900: an operator takes a call from a repeat caller —
 * the phone brings up the caller's earlier appeal (a logged read), the category and the place
 * bring up an open appeal of the same kind there as a possible duplicate — and files the call
 * anyway; then answers a second call on the spot, placed by typing two characters of a standard
 * address into the address search: the filed case carries that address and its point.
 */
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, personalDataReads, regions, users } from "../../src/db/schema.js";
import { gridWorkerPoint, workApi, workContext, type Created } from "./console-work-helpers.js";
import {
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

const DESKTOP = { width: 1440, height: 900 };

describe("console: the operator's intake desk", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  let point: { lon: number; lat: number };
  let townshipName = "";
  let countyName = "";
  let gridCode = "";
  /** A standard address (标准地址) of the grid worker's grid, at the grid's middle. */
  const ADDRESS = { road: "幸福路", houseNumber: "8号", building: "3号楼" };
  /** The repeat caller's new appeal, left in the township centre's queue by the first test. */
  let filedNumber = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    api = workApi(server);
    const located = await gridWorkerPoint(server);
    point = located.point;
    gridCode = located.gridCode;
    // The register's standard address the address search finds (entered by the grid's worker).
    await api.json("/addresses", {
      method: "POST",
      session: await api.signIn("grid_worker"),
      body: JSON.stringify({ ...ADDRESS, regionCode: gridCode, ...point }),
    });
    const [grid] = await server.database.db.select().from(regions).where(eq(regions.code, located.gridCode));
    const path = String(grid?.path ?? "").split(".");
    const name = async (code: string | undefined) =>
      (
        await server.database.db
          .select()
          .from(regions)
          .where(eq(regions.code, code ?? ""))
      )[0]?.name ?? "";
    countyName = await name(path[1]);
    townshipName = await name(path[2]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The region tree: open the county, then choose the township. */
  const pickTownship = async (page: Page) => {
    await page.locator("#intake_regionCode").click();
    const dropdown = page.locator(".ant-select-dropdown:visible");
    await dropdown
      .locator(".ant-select-tree-treenode", { hasText: countyName })
      .locator(".ant-select-tree-switcher")
      .click();
    await dropdown
      .locator(".ant-select-tree-node-content-wrapper", { hasText: townshipName })
      .first()
      .click();
  };

  /** The category tree searched by a word of its name. */
  const pickCategory = async (page: Page, words: string, title: string) => {
    await page.locator("#intake_categoryCode").fill(words);
    await page
      .locator(".ant-select-dropdown:visible .ant-select-tree-node-content-wrapper", { hasText: title })
      .first()
      .click();
  };

  it("shows a repeat caller's earlier appeal and the duplicate warning, and files the call", async () => {
    const phone = "13955550101";
    const operator = await api.signIn("operator");
    // The caller's earlier appeal: wires in the grid worker's grid, dispatched to the grid post.
    const earlier = await api.json<Created>("/cases", {
      method: "POST",
      session: operator,
      headers: { "idempotency-key": `desk-earlier-${Date.now()}` },
      body: JSON.stringify({
        channel: "hotline",
        categoryCode: "security.wires",
        description: "楼道里有人私拉电线给电动车充电",
        location: point,
        reporter: { name: "王阿姨", phone },
      }),
    });
    expect(earlier.status).toBe("dispatched");

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "operator");
    await page.getByTestId("console-menu").getByRole("link", { name: "来电受理" }).click();
    await page.waitForURL(/\/console\/intake$/);

    await page.getByLabel("来电号码").fill("139-5555-0101");
    const history = page.getByTestId("intake-history");
    await history.getByRole("link", { name: earlier.number }).waitFor();
    await expect
      .poll(() => page.getByTestId("intake-history-count").textContent())
      .toBe("该号码共有 1 件历史诉求");

    await pickCategory(page, "私拉", "私拉乱接电线");
    await pickTownship(page);
    await page.getByTestId("intake-dupes-warning").waitFor();
    await page.getByTestId("intake-dupes").getByRole("link", { name: earlier.number }).waitFor();
    await page.getByLabel("诉求内容").fill("还是那栋楼，又有人从窗户拉电线下来充电");
    await page.getByLabel("姓名").fill("王阿姨");
    // The region picker's list is still sliding shut: checked once it is gone.
    await expect.poll(() => page.locator(".ant-select-dropdown.ant-slide-up-leave").count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-intake-desk-duplicate");
    await page.getByTestId("intake-submit").click();
    const filed = page.getByTestId("intake-filed");
    await filed.waitFor();
    const number = /案件编号 (\d{12})/.exec((await filed.textContent()) ?? "")?.[1];
    expect(number).toBeTruthy();
    filedNumber = number ?? "";
    // The caller left no account: the tracking code to read out is on the screen.
    expect(await page.getByTestId("intake-tracking-code").textContent()).toMatch(
      /查询码：[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}/,
    );

    const [row] = await server.database.db
      .select()
      .from(cases)
      .where(eq(cases.number, number ?? ""));
    expect(row).toMatchObject({
      channel: "hotline",
      categoryCode: "security.wires",
      reporterName: "王阿姨",
      reporterPhone: "139-5555-0101",
      // A grid-level category placed only at the township: the township centre routes it.
      status: "triage",
    });
    // The phone look-up was a read of the caller's phone, logged for the earlier appeal.
    const [me] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, "operator"));
    const reads = await server.database.db
      .select({ caseId: personalDataReads.caseId })
      .from(personalDataReads)
      .where(and(eq(personalDataReads.userId, me?.id ?? ""), eq(personalDataReads.reason, "search:phone")));
    expect(reads.map((r) => r.caseId)).toContain(earlier.id);

    // The next call is answered on the spot: filed closed.
    await page.getByTestId("intake-next").click();
    await page.getByLabel("来电号码").fill("13955550102");
    // The place by the address search: two characters, then the standard address offered.
    await page.locator("#intake_addressSearch").fill("幸福");
    await page
      .locator(".ant-select-dropdown:visible")
      .getByText(`${ADDRESS.road}${ADDRESS.houseNumber}${ADDRESS.building}`)
      .first()
      .click();
    await expect
      .poll(() => page.getByLabel("详细地址").inputValue())
      .toContain(`${countyName}${townshipName}`);
    expect(await page.getByLabel("详细地址").inputValue()).toMatch(/幸福路8号3号楼$/);
    expect(await page.getByTestId("intake-point").textContent()).toContain("所在社区（村）：");
    await screenshot(page, "console-intake-address-search");
    await page.getByLabel("诉求内容").fill("咨询社区卫生服务站的开放时间");
    await page.getByText("当场办结", { exact: true }).click();
    await page.getByLabel("答复内容").fill("已告知每天上午八点到下午五点开放");
    await page.getByTestId("intake-submit").click();
    await filed.waitFor();
    expect(await filed.textContent()).toContain("已办结");
    const spot = /案件编号 (\d{12})/.exec((await filed.textContent()) ?? "")?.[1] ?? "";
    const [spotRow] = await server.database.db.select().from(cases).where(eq(cases.number, spot));
    expect(spotRow?.address).toMatch(/幸福路8号3号楼$/);
    expect(spotRow).toMatchObject({ lon: point.lon, lat: point.lat, gridCode });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("shows the dispatcher today's counts that open the queue, and sends a resident to the mobile pages", async () => {
    expect(filedNumber).not.toBe("");
    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    const toDispatch = page.getByTestId("today-toDispatch");
    await toDispatch.waitFor();
    await expect
      .poll(async () => Number(/\d+/.exec((await toDispatch.textContent()) ?? "")?.[0] ?? 0))
      .toBeGreaterThan(0);
    await page.getByTestId("today-overdue").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-home-today-zh");
    await toDispatch.click();
    await page.waitForURL(/\/console\/dispatch$/);
    await page.getByTestId(`triage-${filedNumber}`).waitFor();
    // The other counts open their list narrowed to what they counted, and say so.
    const countOf = async (key: string) =>
      Number(/\d+/.exec((await page.getByTestId(`today-${key}`).textContent()) ?? "")?.[0] ?? -1);
    await page.goto("/console/");
    await page.getByTestId("today-overdue").waitFor();
    const overdue = await countOf("overdue");
    await page.getByTestId("today-overdue").click();
    await page.waitForURL(/\/console\/worklist\?view=overdue$/);
    expect(await page.getByTestId("narrowed").textContent()).toContain("超期");
    const rows = page.locator(".ant-table-tbody tr.ant-table-row");
    await expect.poll(() => rows.count()).toBe(Math.min(overdue, 20));
    const colours = await page
      .getByTestId("countdown")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-colour")));
    expect(colours.every((c) => c === "overdue")).toBe(true);
    await page.goto("/console/");
    await page.getByTestId("today-sentBack").click();
    await page.waitForURL(/\/console\/dispatch\?sentBack=true$/);
    expect(await page.getByTestId("narrowed").textContent()).toContain("退");
    // Closing the tag shows the whole queue again.
    await page.getByTestId("narrowed").locator(".ant-tag-close-icon").click();
    await page.waitForURL(/\/console\/dispatch$/);
    await page.getByTestId(`triage-${filedNumber}`).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A supervisor sees the counts they can open (overdue in their area), every one a link, and
    // not their own unit's work list counts, which they cannot open.
    const supervisorContext = await workContext(browser, server.baseUrl);
    const supervisor = await supervisorContext.newPage();
    await signInToConsole(supervisor, "supervisor");
    await supervisor.getByTestId("today-overdueInScope").waitFor();
    const cards = await supervisor.locator("[data-testid^=today-card-]").count();
    expect(await supervisor.locator("a[data-testid^=today-]").count()).toBe(cards);
    expect(await supervisor.getByTestId("today-card-dueToday").count()).toBe(0);
    await supervisorContext.close();

    const residentContext = await workContext(browser, server.baseUrl);
    const resident = await residentContext.newPage();
    await resident.goto("/console/login");
    await resident.locator("#username").fill("resident");
    await resident.locator("#password").fill("Demo12345678");
    await resident.locator("button[type=submit]").click();
    await resident.waitForURL(/\/m\/$/);
    await residentContext.close();
  }, 120_000);

  it("records a resident's evaluation given on a follow-up call", async () => {
    const operator = await api.signIn("operator");
    const worker = await api.signIn("grid_worker");
    const c = await api.json<Created>("/cases", {
      method: "POST",
      session: operator,
      headers: { "idempotency-key": `desk-follow-${Date.now()}` },
      body: JSON.stringify({
        channel: "hotline",
        categoryCode: "security.wires",
        description: "车棚里有人私拉电线充电，晚上有火花",
        location: point,
        reporter: { name: "孙师傅", phone: "13955550103" },
      }),
    });
    const version = async () =>
      (await api.json<{ version: number }>(`/cases/${c.id}`, { session: worker })).version;
    await api.action(worker, c.id, "respond", { contactMethod: "phone", version: await version() });
    await api.action(worker, c.id, "reply", {
      result: "已拆除私拉电线，提醒居民到充电桩充电",
      version: await version(),
    });

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    const errors = watchErrors(page);
    await signInToConsole(page, "operator");
    await page.getByTestId("console-menu").getByRole("link", { name: "回访" }).click();
    await page.waitForURL(/\/console\/follow-ups$/);
    const record = page.getByTestId(`follow-record-${c.number}`);
    await record.waitFor();
    // The list fits 1440 px: no sideways scroll, neither of the table nor of the page.
    expect(
      await page.evaluate<boolean>(`(() => {
        const table = document.querySelector("[data-testid=follow-ups] .ant-table-content");
        return !!table && table.scrollWidth <= table.clientWidth + 1 &&
          document.documentElement.scrollWidth <= window.innerWidth;
      })()`),
    ).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await record.click();
    await page.getByText("已拆除私拉电线，提醒居民到充电桩充电").last().waitFor();
    // Nothing is chosen for the resident: submitting without their answers is refused at the form
    // (once the form's choices are there: the dialog renders them after it opens).
    await page.getByRole("radio", { name: "已解决", exact: true }).waitFor();
    await page.getByTestId("follow-submit").click();
    await page
      .locator(".ant-form-item-explain-error")
      .filter({ hasText: "请选择问题是否解决" })
      .first()
      .waitFor();
    await page.getByRole("radio", { name: "已解决", exact: true }).check();
    await page.getByRole("radio", { name: "满意", exact: true }).check();
    await page.getByTestId("follow-submit").click();
    await record.waitFor({ state: "detached" });
    const [row] = await server.database.db.select().from(cases).where(eq(cases.id, c.id));
    expect(row).toMatchObject({ status: "closed", resolved: true, satisfaction: "satisfied" });
    await page.goto(`/console/cases/${c.number}`);
    await page.getByTestId("evaluated-by-phone").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
