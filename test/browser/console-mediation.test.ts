/**
 * The mediation pages in a real browser: a village mediator opens the workbench, finds the
 * disputes of the demo step (in every state) listed by name, opens a settled one and sees its
 * parties masked, its sessions, its agreement with the print button and its timeline, in zh-CN
 * and in English, under the CSP and without script errors. Then one journey through the forms: the
 * mediator registers a walk-in with two parties, accepts it, records a session, records the
 * outcome as a written agreement (confirmed in a second step) and the follow-up; each form is
 * offered only while the dispute's state allows it. And an appeal turned into a dispute from its
 * case page (转人民调解): the form takes the appeal's facts, the appeal ends as transferred.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grids, personalDataReads, regions, roleBindings, users } from "../../src/db/schema.js";
import { disputeParties, disputes, disputeTypes } from "../../src/modules/mediation/schema.js";
import { persons } from "../../src/modules/people/index.js";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import {
  launchBrowser,
  newContext,
  signInToConsole,
  chooseOption,
  startWebServer,
  submitDialog,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: mediation workbench and dispute page", () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    await loadDemoMediation(server.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists my committee's disputes and opens one with its agreement", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "village_staff");
    await page.locator('[data-page-id="mediation.workbench"]').click();
    await page.waitForURL(/\/console\/mediation$/);
    const list = page.getByTestId("dispute-list");
    await list.getByText("调解成功（书面协议）").first().waitFor();
    // The type column names each dispute's type from the catalogue, never its code.
    const typeNames = new Set(
      (await server.database.db.select({ name: disputeTypes.nameZh }).from(disputeTypes)).map((t) => t.name),
    );
    const types = await list.locator("tbody tr.ant-table-row td:nth-child(2)").allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((t) => !typeNames.has(t))).toEqual([]);
    // The status filter narrows the list and outlives a reload (it is in the URL).
    await chooseOption(page, "[data-testid=workbench-status] input", "调解成功（书面协议）");
    await page.waitForURL(/status=settled_written/);
    await page.reload();
    await list.getByText("调解成功（书面协议）").first().waitFor();
    const statuses = await list.locator("tbody tr.ant-table-row td:nth-child(3)").allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(["调解成功（书面协议）"]));
    await list.locator("tr", { hasText: "调解成功（书面协议）" }).first().locator("a").click();
    await page.waitForURL(/\/console\/mediation\/disputes\/\d{12}$/);
    const dispute = page.getByTestId("dispute-page");
    await dispute.getByText("当事人", { exact: true }).waitFor();
    await expect(dispute.getByText(/137\*{4}\d{4}/).count()).resolves.toBeGreaterThan(0);
    // A mediator who must call the parties shows their numbers in full, with a reason (logged).
    const number = /\/disputes\/(\d{12})$/.exec(page.url())?.[1] ?? "";
    await page.getByTestId("reveal-reason").fill("电话通知调解时间");
    await page.getByTestId("reveal-parties").click();
    await dispute
      .getByText(/137\d{8}/)
      .first()
      .waitFor();
    expect(await dispute.getByText(/137\*{4}\d{4}/).count()).toBe(0);
    const [revealedDispute] = await server.database.db
      .select({ id: disputes.id })
      .from(disputes)
      .where(eq(disputes.number, number));
    const reads = await server.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.disputeId, revealedDispute?.id ?? ""));
    expect(reads.map((r) => r.reason)).toEqual(["电话通知调解时间"]);
    await expect(page.getByTestId("print-agreement").getAttribute("href")).resolves.toMatch(
      /\/api\/v1\/mediation\/disputes\/[0-9a-f-]{36}\/agreement\.pdf$/,
    );
    await dispute.getByText("调解记录").first().waitFor();
    // Each of the agreement's texts under its label.
    for (const label of ["纠纷主要事项", "达成协议内容", "履行方式"]) {
      await page.getByTestId("agreement").getByText(label, { exact: true }).waitFor();
    }
    await page.getByTestId("lang-switch").click();
    await dispute.getByText("Settled (written agreement)").waitFor();
    await dispute.getByText("Neighbour dispute").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("registers a walk-in and takes it through accept, a session, a written agreement and the follow-up", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "village_staff");
    await page.locator('[data-page-id="mediation.workbench"]').click();
    await page.getByTestId("to-register-dispute").click();
    await page.waitForURL(/\/console\/mediation\/register$/);

    // A village clerk's one village is where the dispute arose unless they choose otherwise.
    const [village] = await server.database.db
      .select({ name: regions.name, code: regions.code, path: sql<string>`${regions.path}::text` })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .innerJoin(regions, eq(regions.code, roleBindings.scopeRegionCode))
      .where(eq(users.username, "village_staff"));
    await page
      .locator(".ant-form-item", { has: page.locator("#register-dispute_regionCode") })
      .getByText(village?.name ?? "(no village)", { exact: true })
      .waitFor();
    await page.locator("#register-dispute_typeCode").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "邻里纠纷" })
      .click();
    await page.locator("#register-dispute_facts").fill("两户因院墙滴水多次争吵，要求村里调解。");
    // The applicant is a villager of the register, found by name: the empty applicant row takes them.
    const [resident] = await server.database.db
      .insert(persons)
      .values({
        name: "王大山",
        regionCode: village?.code ?? "",
        regionPath: village?.path ?? "",
        countyCode: (village?.code ?? "").slice(0, 6),
      })
      .returning({ id: persons.id });
    await chooseOption(page, '[aria-label="从人口库查找当事人"]', "王大山");
    await expect(page.locator("#register-dispute_parties_0_name").inputValue()).resolves.toBe("王大山");
    expect(await page.getByTestId("party-row").count()).toBe(2);
    await page.locator("#register-dispute_parties_0_phone").fill("13955551234");
    await page.locator("#register-dispute_parties_1_name").fill("赵小河");
    await page.getByTestId("register-dispute").click();
    await page.waitForURL(/\/console\/mediation\/disputes\/\d{12}$/);
    const dispute = page.getByTestId("dispute-page");
    const actions = page.getByTestId("dispute-actions");
    await dispute.getByText("已登记").first().waitFor();
    await dispute.getByText("王大山").waitFor();
    // Saved as that person of the register, so the page links to their file.
    const registered = /\/disputes\/(\d{12})$/.exec(page.url())?.[1] ?? "";
    const [party] = await server.database.db
      .select({ personId: disputeParties.personId })
      .from(disputeParties)
      .innerJoin(disputes, eq(disputes.id, disputeParties.disputeId))
      .where(and(eq(disputes.number, registered), eq(disputeParties.name, "王大山")));
    expect(party?.personId).toBe(resident?.id);
    await dispute.getByTestId("party-file").waitFor();
    // Nothing to settle before it is accepted.
    await expect(actions.locator('[data-action="outcome"]').count()).resolves.toBe(0);

    const ok = () => submitDialog(page);
    await actions.locator('[data-action="accept"]').click();
    await ok();
    await dispute.getByText("已受理").first().waitFor();

    await actions.locator('[data-action="record_session"]').click();
    await page.locator("#dispute-record_session_place").fill("村委会调解室");
    await page.locator("#dispute-record_session_participants").fill("王大山、赵小河、村调解员");
    await page.locator("#dispute-record_session_notes").fill("双方陈述了意见，同意加装排水槽。");
    await ok();
    await dispute.getByText("村委会调解室").waitFor();
    await dispute.getByText("调解中").first().waitFor();

    await actions.locator('[data-action="outcome"]').click();
    await page.locator(".ant-modal:visible").getByText("调解成功，书面协议").click();
    await page.locator("#dispute-outcome_matters").fill("院墙滴水");
    await page.locator("#dispute-outcome_agreed").fill("赵小河在院墙加装排水槽");
    await page.locator("#dispute-outcome_performanceManner").fill("一周内自行完成");
    await ok();
    // Mediation ends with the outcome: a second step confirms it.
    await page.getByTestId("form-confirm").waitFor();
    await ok();
    await dispute.getByText("调解成功（书面协议）").first().waitFor();
    await page.getByTestId("print-agreement").waitFor();

    await actions.locator('[data-action="record_follow_up"]').click();
    await page.locator(".ant-modal:visible").getByText("已履行", { exact: true }).click();
    await ok();
    await dispute.getByText("回访中").first().waitFor();
    await expect(actions.locator('[data-action="accept"]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("turns an appeal into a dispute from the case page; the appeal ends as transferred", async () => {
    const db = server.database.db;
    const [binding] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
    const [grid] = await db
      .select()
      .from(grids)
      .where(eq(grids.code, binding?.code ?? ""));
    if (!grid) throw new Error("the grid worker has no grid");
    // An appeal in the village of the village staff (the grid worker's grid lies in it).
    const res = await fetch(`${server.baseUrl}/api/v1/cases`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `to-mediation-${Date.now()}` },
      body: JSON.stringify({
        channel: "web",
        description: "楼上邻居家卫生间漏水到我家天花板，找他几次都不管，想请村里出面调解",
        location: { lon: (grid.minLon + grid.maxLon) / 2, lat: (grid.minLat + grid.maxLat) / 2 },
        reporter: { name: "孙大妈", phone: "13966667777" },
      }),
    });
    expect(res.status).toBe(201);
    const appeal = (await res.json()) as { number: string };

    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "village_staff");
    await page.goto(`/console/cases/${appeal.number}`);
    await page.getByTestId("to-mediation").click();
    await page.waitForURL(/\/console\/mediation\/register\?fromCase=\d+$/);
    // The form says what happens to the appeal, takes its facts and asks no source or place.
    await page.getByTestId("from-case").getByText(appeal.number, { exact: false }).waitFor();
    await expect(page.locator("#register-dispute_facts").inputValue()).resolves.toContain("卫生间漏水");
    await expect(page.locator("#register-dispute_regionCode").count()).resolves.toBe(0);
    await page.locator("#register-dispute_typeCode").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "邻里纠纷" })
      .click();
    await page.locator("#register-dispute_parties_0_name").fill("孙大妈");
    await page.locator("#register-dispute_parties_1_name").fill("楼上住户钱先生");
    await page.getByTestId("register-dispute").click();
    await page.waitForURL(/\/console\/mediation\/disputes\/\d{12}$/);
    const dispute = page.getByTestId("dispute-page");
    await dispute.getByText("楼上住户钱先生").waitFor();
    await dispute.getByText("卫生间漏水", { exact: false }).first().waitFor();

    // The appeal ended as transferred to mediation, its timeline naming the dispute.
    await page.goto(`/console/cases/${appeal.number}`);
    await page.getByTestId("case-status").getByText("已转人民调解").waitFor();
    await page.getByText("转人民调解", { exact: false }).first().waitFor();
    await expect(page.getByTestId("to-mediation").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
