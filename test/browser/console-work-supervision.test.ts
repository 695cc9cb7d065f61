/**
 * The dispatch queue's bulk dispatch, and supervision in real Chromium: the overdue board with
 * urging, an extension request approved from its tab, in Chinese and English, with no serious
 * axe violations and no console errors.
 */
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../src/db/schema.js";
import { readPdfText } from "../helpers/pdf.js";
import { gridWorkerPoint, workApi, workContext } from "./console-work-helpers.js";
import {
  chooseOption,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console work pages: bulk dispatch and supervision", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  let point: { lon: number; lat: number };
  const contextFor = () => workContext(browser, server.baseUrl);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    api = workApi(server);
    ({ point } = await gridWorkerPoint(server));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An appeal triaged (grid-level category) and dispatched to the grid worker's post through the API. */
  const dispatched = async (description: string) => {
    const dispatcher = await api.signIn("dispatcher");
    const created = await api.appeal(description, point);
    await api.json(`/cases/${created.id}/triage`, {
      method: "POST",
      session: dispatcher,
      body: JSON.stringify({ categoryCode: "security.wires" }),
    });
    const options = await api.json<{ suggested: { id: string } | null }>(
      `/cases/${created.id}/dispatch-options`,
      {
        session: dispatcher,
      },
    );
    if (!options.suggested) throw new Error("no suggested unit");
    await api.action(dispatcher, created.id, "dispatch", { orgId: options.suggested.id });
    return created;
  };

  it("bulk-dispatches selected appeals from the queue", async () => {
    const a = await api.appeal("垃圾桶满了没人清运", point);
    const b = await api.appeal("垃圾堆在路口三天了", point);
    const context = await contextFor();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "dispatcher");
    await page.goto("/console/dispatch");
    for (const c of [a, b]) await page.getByRole("checkbox", { name: c.number }).check();
    await page.getByTestId("bulk-dispatch").click();
    await chooseOption(page, "#bulk-unit", "网格");
    await submitDialog(page);
    const results = page.getByTestId("bulk-results");
    await results.waitFor();
    expect(await results.locator(".ant-alert-success").count()).toBe(2);
    const supervisor = await api.signIn("supervisor");
    for (const c of [a, b]) {
      const detail = await api.json<{ status: string }>(`/cases/${c.id}`, { session: supervisor });
      expect(detail.status).toBe("dispatched");
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("urges an overdue case and approves an extension, in Chinese and English", async () => {
    // An overdue case: dispatched, its response deadline already passed.
    const late = await dispatched("电动车在楼道充电，电线私拉到三楼");
    await server.database.db
      .update(cases)
      .set({ responseDueAt: new Date(Date.now() - 3_600_000) })
      .where(eq(cases.id, late.id));
    // A case whose unit asks for more time.
    const slow = await dispatched("小区车棚电线老化，需要物业配合更换");
    const worker = await api.signIn("grid_worker");
    await api.action(worker, slow.id, "respond", { contactMethod: "phone" });
    await api.action(worker, slow.id, "request_extension", {
      extraHours: 24,
      reason: "需要物业配合，周末施工",
    });

    const context = await contextFor();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "supervisor");
    await page.goto("/console/supervision");
    const urge = page.getByTestId(`urge-${late.number}`);
    await urge.waitFor();
    const row = page.locator("tr").filter({ has: urge });
    expect(await row.getByTestId("countdown").getAttribute("data-colour")).toBe("overdue");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-work-supervision-zh");
    await urge.click();
    await page.locator("#action-urge_note").fill("请今天内联系群众");
    await submitDialog(page);
    await expect
      .poll(async () => {
        const detail = await api.json<{ timeline: { action: string; note: string | null }[] }>(
          `/cases/${late.id}`,
          {
            session: worker,
          },
        );
        return detail.timeline.filter((e) => e.action === "urge").map((e) => e.note);
      })
      .toEqual(["请今天内联系群众"]);
    // The row's notice link opens the supervision notice, issued by the supervisor's centre.
    const href = await page.getByTestId(`notice-${late.number}`).getAttribute("href");
    const notice = await page.request.get(new URL(href ?? "", server.baseUrl).toString());
    expect(notice.headers()["content-type"]).toBe("application/pdf");
    const { squeezed } = await readPdfText(await notice.body());
    expect(squeezed).toContain(late.number);
    expect(squeezed).toContain("请今天内联系群众");

    await page.getByRole("tab", { name: "延期审批" }).click();
    const pane = page.getByRole("tabpanel", { name: "延期审批" });
    const extensionRow = pane.locator("tr").filter({ hasText: slow.number });
    await extensionRow.waitFor();
    expect(await extensionRow.textContent()).toContain("需要物业配合");
    await screenshot(page, "console-work-extensions-zh");
    await extensionRow
      .getByRole("button", { name: "批准", exact: true })
      .or(extensionRow.getByRole("button", { name: "批准" }))
      .click();
    // The dialog names the request by its unit, hours and reason, not by its id.
    const chosen = page
      .locator(".ant-modal .ant-select-content, .ant-modal .ant-select-selection-item")
      .first();
    await expect.poll(() => chosen.textContent()).toContain("+24h · 需要物业配合，周末施工");
    // The decision's own answer first: a refused write fails here with its status and body.
    const decided = page.waitForResponse((r) =>
      r.url().endsWith(`/cases/${slow.id}/actions/decide_extension`),
    );
    await submitDialog(page);
    const answer = await decided;
    expect(`${answer.status()} ${await answer.text()}`).toMatch(/^200 /);
    await extensionRow.waitFor({ state: "detached" });
    const detail = await api.json<{ extensions: { decision: string | null }[] }>(`/cases/${slow.id}`, {
      session: worker,
    });
    expect(detail.extensions.map((x) => x.decision)).toEqual(["approved"]);

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("tab", { name: "Warnings and overdue" }).click();
    await page.getByTestId(`urge-${late.number}`).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-work-supervision-en");
    await page.goto("/console/dispatch");
    await page.locator(".ant-table").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-work-dispatch-en");
    await page.goto(`/console/cases/${slow.number}`);
    await page.getByTestId("case-page").waitFor();
    await page.locator("[data-testid=timeline] [data-action=decide_extension]").waitFor();
    expect(await page.getByTestId("print-sheet").getAttribute("href")).toBe(
      `/api/v1/cases/${slow.id}/print/handling-sheet.pdf`,
    );
    expect(await page.getByTestId("print-notice").count()).toBe(1);
    await screenshot(page, "console-work-case-en");
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
