/**
 * Required fields, one table of the main forms (issue 12 item 16): in the console (the reply and
 * the request-extension dialogs, registering a dispute with its party rows, the intake desk) and
 * on the phone (the resident's raise page), every field the server's schema requires carries the
 * visible mark (antd's red `*`, the phone's `.mg-required`) and `aria-required="true"`; sending the
 * form empty is stopped in the browser with a message in the page's language that names the field,
 * and no request comes back 400. Once in English too. And with large text the resident's tracking
 * code stays on one line (walk #9).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import { gridWorkerPoint, unexpected, workApi, workContext, type Created } from "./console-work-helpers.js";
import {
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  signInToConsole,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";

/** A required field: its control's element id, and the words its empty message must contain. */
interface Field {
  id: string;
  message: RegExp;
}

interface ConsoleForm {
  name: string;
  user: string;
  /** Opens the form on a fresh page (signed in). */
  open: (page: Page) => Promise<void>;
  /** Sends the form as it is. */
  send: (page: Page) => Promise<void>;
  fields: Field[];
  /** Fills the form in (a number, a text): what is there passes the checks and the write goes through. */
  complete?: (page: Page) => Promise<void>;
}

describe("required fields: marked, named and checked before sending", () => {
  let server: WebServer;
  let browser: Browser;
  let api: ReturnType<typeof workApi>;
  let handling: Created;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    await loadDemoMediation(server.database.db);
    api = workApi(server);
    const { point } = await gridWorkerPoint(server);
    // A case the grid worker is handling: triaged, dispatched to their post, responded to.
    const dispatcher = await api.signIn("dispatcher");
    handling = await api.appeal("楼道里有人私拉电线给电动车充电，很危险", point);
    await api.json(`/cases/${handling.id}/triage`, {
      method: "POST",
      session: dispatcher,
      body: JSON.stringify({ categoryCode: "security.wires" }),
    });
    const options = await api.json<{ suggested: { id: string } | null }>(
      `/cases/${handling.id}/dispatch-options`,
      { session: dispatcher },
    );
    if (!options.suggested) throw new Error("no suggested unit");
    await api.action(dispatcher, handling.id, "dispatch", { orgId: options.suggested.id });
    await api.action(await api.signIn("grid_worker"), handling.id, "respond", { contactMethod: "phone" });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const caseAction = (action: string) => async (page: Page) => {
    await page.goto(`/console/cases/${handling.number}`);
    await page.locator(`[data-testid=action-panel] [data-action=${action}]`).click();
    await page.locator(".ant-modal-wrap:visible").waitFor();
  };

  const FORMS: ConsoleForm[] = [
    {
      name: "reply",
      user: "grid_worker",
      open: caseAction("reply"),
      send: submitDialog,
      fields: [{ id: "action-reply_result", message: /请填写办理结果/ }],
    },
    {
      name: "request extension",
      user: "grid_worker",
      open: caseAction("request_extension"),
      send: submitDialog,
      fields: [
        { id: "action-request_extension_extraHours", message: /请填写延长小时数/ },
        { id: "action-request_extension_reason", message: /请填写理由/ },
      ],
      complete: async (page) => {
        await page.locator("#action-request_extension_extraHours").fill("24");
        await page.locator("#action-request_extension_reason").fill("需要物业配合，周末施工");
        await submitDialog(page);
        await page.locator(".ant-modal-wrap:visible").waitFor({ state: "hidden" });
      },
    },
    {
      name: "register dispute",
      // A township's dispatcher: a village clerk's form starts at their one village.
      user: "dispatcher",
      open: async (page) => {
        await page.goto("/console/mediation/register");
        await page.getByTestId("register-dispute").waitFor();
      },
      send: (page) => page.getByTestId("register-dispute").click(),
      fields: [
        { id: "register-dispute_regionCode", message: /请选择发生地/ },
        { id: "register-dispute_typeCode", message: /请选择纠纷类型/ },
        { id: "register-dispute_facts", message: /请填写纠纷事实/ },
        { id: "register-dispute_parties_0_name", message: /请填写姓名/ },
        { id: "register-dispute_parties_1_name", message: /请填写姓名/ },
      ],
    },
    {
      name: "intake desk",
      user: "operator",
      open: async (page) => {
        await page.goto("/console/intake");
        await page.getByTestId("intake-submit").waitFor();
      },
      send: (page) => page.getByTestId("intake-submit").click(),
      fields: [
        { id: "intake_regionCode", message: /请选择所在区域/ },
        { id: "intake_description", message: /请填写诉求内容/ },
      ],
    },
  ];

  /** The mark, the accessible "required", and (after sending empty) the message at the field. */
  const checkMarks = async (page: Page, fields: Field[]) => {
    for (const f of fields) {
      const label = page.locator(`label[for="${f.id}"]`);
      await expect(label.getAttribute("class"), `${f.id}: the label's mark`).resolves.toContain(
        "ant-form-item-required",
      );
      await expect(
        page.locator(`[id="${f.id}"]`).getAttribute("aria-required"),
        `${f.id}: aria-required`,
      ).resolves.toBe("true");
    }
  };
  const messageAt = (page: Page, id: string) =>
    page
      .locator(".ant-form-item")
      .filter({ has: page.locator(`[id="${id}"]`) })
      .last()
      .locator(".ant-form-item-explain-error")
      .first();

  for (const form of FORMS) {
    it(`${form.name}: every required field is marked, and sending it empty names them in Chinese`, async () => {
      const context = await workContext(browser, server.baseUrl);
      const page = await context.newPage();
      const errors = watchErrors(page);
      const refused: string[] = [];
      page.on("response", (r) => {
        if (r.status() === 400) refused.push(r.url());
      });
      await signInToConsole(page, form.user);
      await form.open(page);
      await checkMarks(page, form.fields);
      await form.send(page);
      for (const f of form.fields) {
        await messageAt(page, f.id).waitFor();
        expect(await messageAt(page, f.id).textContent(), f.id).toMatch(f.message);
      }
      await screenshot(page, `required-${form.name.replace(/ /g, "-")}-zh`);
      if (form.complete) await form.complete(page);
      expect(refused).toEqual([]);
      expect(unexpected(errors, [])).toEqual([]);
      await context.close();
    }, 90_000);
  }

  it("reply in English: the field's mark and an English message naming it", async () => {
    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 400) refused.push(r.url());
    });
    await signInToConsole(page, "grid_worker");
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("lang-switch").getByText("中文").waitFor();
    await caseAction("reply")(page);
    await checkMarks(page, [{ id: "action-reply_result", message: /./ }]);
    await submitDialog(page);
    await expect.poll(() => messageAt(page, "action-reply_result").textContent()).toBe("Result is required");
    // Spaces alone are empty too (the server trims them).
    await page.locator("#action-reply_result").fill("   ");
    await submitDialog(page);
    await expect.poll(() => messageAt(page, "action-reply_result").textContent()).toBe("Result is required");
    expect(refused).toEqual([]);
    await context.close();
  }, 90_000);

  const phone = async (lang: "zh" | "en", largeText = false) => {
    const { point } = await gridWorkerPoint(server);
    const context = await newContext(browser, server.baseUrl, {
      ...PHONE,
      geolocation: { longitude: point.lon, latitude: point.lat, accuracy: 15 },
      permissions: ["geolocation"],
    });
    await context.addInitScript({
      content: `if (!sessionStorage.getItem("mg.test.init")) {
        sessionStorage.setItem("mg.test.init", "1");
        localStorage.setItem("mg.lang", ${JSON.stringify(lang)});
        ${largeText ? 'localStorage.setItem("mg.largeText", "1");' : ""}
      }`,
    });
    return context;
  };

  it("the phone's raise page: description and place marked; empty is stopped with a message naming it; the code stays on one line in large text", async () => {
    const context = await phone("zh", true);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const refused: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 400) refused.push(r.url());
    });
    await page.goto("/m/");
    await page.getByRole("button", { name: "治安隐患" }).click();
    await page.getByRole("button", { name: "私拉乱接电线" }).click();
    const description = page.locator("#description");
    await expect(description.getAttribute("aria-required")).resolves.toBe("true");
    await expect(page.locator('label[for="description"] .mg-required').count()).resolves.toBe(1);
    // The mark is seen, not read: the accessible name is the label's words alone.
    await page.getByRole("textbox", { name: "问题描述", exact: true }).waitFor();
    await page.getByRole("button", { name: "下一步" }).click();
    await expect.poll(() => page.locator("#description-error").textContent()).toMatch(/^请填写问题描述/);

    await description.fill("楼道里有人私拉电线给电动车充电，很危险");
    await page.getByRole("button", { name: "下一步" }).click();
    await expect(page.locator("#place-label .mg-required").count()).resolves.toBe(1);
    await expect(page.getByTestId("submit").isDisabled()).resolves.toBe(true);
    await page
      .getByRole("button", { name: /用我现在的位置/ })
      .first()
      .click();
    await page.getByTestId("place-chosen").waitFor();
    await page.getByTestId("submit").click();

    const code = page.getByTestId("tracking-code");
    await code.waitFor();
    const shape = await page.evaluate<{ lines: number; overflow: boolean }>(`(() => {
      const box = document.querySelector('[data-testid="tracking-code"]');
      const range = document.createRange();
      range.selectNodeContents(box);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return { lines: tops.size, overflow: document.documentElement.scrollWidth > window.innerWidth };
    })()`);
    expect(shape).toEqual({ lines: 1, overflow: false });
    await screenshot(page, "required-resident-code-large-zh");
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it("the phone's raise page in English names the description", async () => {
    const context = await phone("en");
    const page = await context.newPage();
    await page.goto("/m/");
    await page.locator(".mg-tile").first().waitFor();
    // Any category that takes cases at once or through its first leaf.
    await page.locator(".mg-tile").first().click();
    if (await page.locator(".mg-choice").first().isVisible())
      await page.locator(".mg-choice").first().click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect
      .poll(() => page.locator("#description-error").textContent())
      .toMatch(/^Please write a description/);
    await context.close();
  }, 60_000);
});
