/**
 * The console's work pages in real Chromium: a dispatcher triages and dispatches a new appeal
 * (category, a standard address found by the address search → its point → grid, suggested unit); the grid worker responds and replies with a photo
 * uploaded through the page; the resident rates it with the tracking code and the case page
 * shows the evaluation. A 409 shows the case's new state; a server field error shows at its
 * field. Screenshots of each work page; no serious axe violations, no console errors.
 */
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chooseOption,
  confirmPopconfirm,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";
import { cases } from "../../src/db/schema.js";
import { gridWorkerPoint, unexpected, workApi, workContext } from "./console-work-helpers.js";

describe("console work pages", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  /** A point inside the grid worker's grid (a grid of 银河南路街道, county 131002). */
  let point: { lon: number; lat: number };
  let gridCode: string;
  let gridName: string;
  const appeal = (description: string) => api.appeal(description, point);
  const contextFor = () => workContext(browser, server.baseUrl);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    api = workApi(server);
    ({ gridCode, gridName, point } = await gridWorkerPoint(server));
    expect(gridCode.startsWith("131002")).toBe(true);
    // A standard address of the register at that point, for the triage's address search.
    await api.json("/addresses", {
      method: "POST",
      session: await api.signIn("grid_worker"),
      body: JSON.stringify({ road: "光明道", houseNumber: "21号", regionCode: gridCode, ...point }),
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("dispatcher triages and dispatches; grid worker responds and replies with a photo; the evaluation shows", async () => {
    const created = await appeal("楼道里有人私拉电线给电动车充电，很危险");
    expect(created.status).toBe("triage");
    if (!created.trackingCode) throw new Error("no tracking code");

    // The dispatcher: the queue, triage (category, point → grid), dispatch to the suggested unit.
    const dispatcherContext = await contextFor();
    const page = await dispatcherContext.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.goto("/console/dispatch");
    const row = page.getByTestId(`triage-${created.number}`);
    await row.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-work-dispatch-zh");
    await row.click();
    await page.getByTestId("triage-panel").waitFor();
    await chooseOption(page, "#triage_categoryCode", "私拉乱接电线");
    // The address search: two characters, the standard address → the address, the point, the grid.
    await page.locator("#triage_addressSearch").fill("光明");
    await page.locator(".ant-select-dropdown:visible").getByText("光明道21号").first().click();
    await expect.poll(() => page.locator("#triage_address").inputValue()).toMatch(/光明道21号$/);
    expect(Number(await page.locator("#triage_lon").inputValue())).toBeCloseTo(point.lon, 5);
    expect(Number(await page.locator("#triage_lat").inputValue())).toBeCloseTo(point.lat, 5);
    await expect.poll(() => page.getByTestId("located-grid").textContent()).toBe(gridName);
    // Typed coordinates do the same (here: the same point).
    await page.locator("#triage_lon").fill(String(point.lon));
    await page.locator("#triage_lat").fill(String(point.lat));
    await page.locator("#triage_lat").blur();
    // The grid by its name, not its code.
    await expect.poll(() => page.getByTestId("located-grid").textContent()).toBe(gridName);
    await page
      .locator("[data-testid=case-map] path.leaflet-interactive, [data-testid=case-map] path")
      .first()
      .waitFor();
    await screenshot(page, "console-work-triage-zh");
    await page.getByTestId("save-triage").click();
    await page.getByTestId("suggested-unit").waitFor();
    expect(await page.getByTestId("suggested-unit").textContent()).toContain("网格");
    const [triaged] = await server.database.db.select().from(cases).where(eq(cases.number, created.number));
    expect(triaged?.address).toMatch(/光明道21号$/);
    expect(triaged).toMatchObject({ gridCode, lon: point.lon, lat: point.lat });
    await page.getByTestId("dispatch-suggested").click();
    await page.locator("[data-testid=triage-panel] [data-status=dispatched]").waitFor();
    // The case page names its place (county down to the region, and the grid), never by codes.
    await page.goto(`/console/cases/${created.number}`);
    await page.getByText(gridName).first().waitFor();
    const shown = await page.locator("main").innerText();
    expect(shown).toContain("安次区");
    expect(shown).not.toContain(gridCode);
    expect(shown).not.toMatch(/\(1310\d*\)/);
    expect(errors).toEqual([]);
    await dispatcherContext.close();

    // The grid worker: the work list, respond with a contact log, reply with a photo.
    const workerContext = await contextFor();
    const worker = await workerContext.newPage();
    const workerErrors = watchErrors(worker);
    await signInToConsole(worker, "grid_worker");
    // 常用语: the grid worker keeps a reply sentence for their post (any category).
    const canned = "已到现场查看，隐患已当场排除";
    await worker.locator('[data-page-id="cases.cannedReplies"]').click();
    await worker.getByTestId("canned-add-form").waitFor();
    await worker.locator("[data-testid=canned-note]").getByText("答复").click();
    await worker.locator("#canned_text").fill(canned);
    await worker.getByTestId("canned-add-form").locator("button[type=submit]").click();
    await worker.getByTestId("canned-list").getByText(canned).waitFor();
    expect(await seriousAxeViolations(worker)).toEqual([]);
    await worker.goto("/console/worklist");
    const handle = worker.getByTestId(`handle-${created.number}`);
    await handle.waitFor();
    await worker.getByTestId("countdown").first().waitFor();
    expect(["green", "amber", "red", "overdue"]).toContain(
      await worker.getByTestId("countdown").first().getAttribute("data-colour"),
    );
    expect(await seriousAxeViolations(worker)).toEqual([]);
    await screenshot(worker, "console-work-worklist-zh");
    await handle.click();
    await worker.locator("[data-testid=case-brief] [data-action=respond]").click();
    await worker.locator("#action-respond_contactMethod").getByText("电话").click();
    await worker.locator("#action-respond_note").fill("已电话联系张大爷，约定下午上门");
    await submitDialog(worker);
    await worker.locator("[data-testid=case-brief] [data-status=handling]").waitFor();

    await worker.locator("[data-testid=case-brief] [data-action=reply]").click();
    // Empty: stopped in the browser, the message names the field (required-fields.test has the rest).
    await submitDialog(worker);
    const resultItem = worker
      .locator(".ant-form-item")
      .filter({ has: worker.locator("#action-reply_result") });
    await resultItem.locator(".ant-form-item-explain-error").waitFor();
    expect(await resultItem.locator(".ant-form-item-explain-error").textContent()).toBe("请填写办理结果");
    await screenshot(worker, "console-work-field-error-zh");

    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 160, b: 90 } },
    })
      .png()
      .toBuffer();
    await worker.locator(".ant-modal input[type=file]").setInputFiles({
      name: "after.png",
      mimeType: "image/png",
      buffer: png,
    });
    await worker
      .locator(".ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)")
      .first()
      .waitFor();
    // The reply dialog offers the kept canned reply; choosing it puts it in the note.
    await chooseOption(worker, ".ant-modal [data-testid=canned-reply] input", canned);
    await expect.poll(() => worker.locator("#action-reply_result").inputValue()).toBe(canned);
    await worker.locator("#action-reply_result").fill("已拆除私拉电线，引导居民到集中充电桩充电");
    await submitDialog(worker);
    await worker.locator("[data-testid=case-brief] [data-status=replied]").waitFor();
    expect(unexpected(workerErrors, [])).toEqual([]);

    // The resident rates the result with the tracking code.
    await api.json(`/track/${created.trackingCode}/evaluate`, {
      method: "POST",
      body: JSON.stringify({ resolved: true, satisfaction: "satisfied", comment: "处理得很快" }),
    });

    // The case page shows the evaluation, the photo, the timeline, the map with the grid.
    await worker.goto(`/console/cases/${created.number}`);
    await worker.getByTestId("case-page").waitFor();
    const evaluation = worker.getByTestId("evaluation");
    await expect.poll(() => evaluation.textContent()).toContain("满意");
    expect(await evaluation.textContent()).toContain("处理得很快");
    expect(await worker.locator("[data-testid=case-status] [data-status=closed]").count()).toBe(1);
    await worker.locator("[data-testid=photos] img").first().waitFor();
    expect(
      await worker
        .locator("[data-testid=photos] img")
        .first()
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    const actions = await worker
      .locator("[data-testid=timeline] [data-action]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
    expect(actions).toEqual(["intake", "triage", "dispatch", "respond", "reply", "evaluate"]);
    await worker.locator("[data-testid=case-map] path").first().waitFor();
    // The contact is masked; the grid worker may reveal it (the server logs it).
    expect(await worker.getByTestId("reporter-phone").textContent()).toBe("138****5678");
    expect(await seriousAxeViolations(worker)).toEqual([]);
    await screenshot(worker, "console-work-case-zh");
    await worker.getByTestId("reveal").click();
    await expect.poll(() => worker.getByTestId("reporter-phone").textContent()).toBe("13812345678");
    expect(unexpected(workerErrors, [400])).toEqual([]);

    // The canned reply is removed after a confirmation, and no longer listed.
    await worker.goto("/console/canned-replies");
    await worker.locator("[data-testid=canned-note]").getByText("答复").click();
    const keptRow = worker.getByTestId("canned-list").locator("tr", { hasText: canned });
    await keptRow.getByRole("button", { name: "删除" }).click();
    await confirmPopconfirm(worker);
    await keptRow.waitFor({ state: "detached" });
    await workerContext.close();
  }, 300_000);

  it("shows a 409 as the case's new state when someone acted first", async () => {
    const created = await appeal("小区路灯不亮已经一周了");
    const context = await contextFor();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.goto(`/console/cases/${created.number}`);
    await page.locator("[data-testid=case-status] [data-status=triage]").waitFor();

    // Someone else dispatches it meanwhile.
    const other = await api.signIn("dispatcher");
    const options = await api.json<{ units: { id: string; kind: string }[] }>(
      `/cases/${created.id}/dispatch-options`,
      { session: other },
    );
    const committee = options.units.find((u) => u.kind === "village_committee");
    if (!committee) throw new Error("no village committee among the options");
    await api.json(`/cases/${created.id}/actions/dispatch`, {
      method: "POST",
      session: other,
      body: JSON.stringify({ orgId: committee.id }),
    });

    // This page still shows version 1: urging it now is refused with 409 stale_case.
    await page.locator("[data-testid=action-panel] [data-action=urge]").click();
    await submitDialog(page);
    const conflict = page.getByTestId("conflict");
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("已派发");
    await page.locator("[data-testid=case-status] [data-status=dispatched]").waitFor();
    await screenshot(page, "console-work-conflict-zh");
    // Only the refused urge itself.
    expect(unexpected(errors, [409])).toEqual([]);
    expect(errors.length).toBe(1);
    await context.close();
  }, 120_000);
});
