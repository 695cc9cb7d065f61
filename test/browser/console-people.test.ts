/**
 * The register of people in a real browser: the grid worker finds a person of their grid by
 * name, opens the file with the numbers masked, and sees them in full only after giving a
 * reason; the grid assistant sees the same file without the key-population tag and is offered
 * no reveal. The import wizard: a workbook with bad rows is refused with a table naming each,
 * a good one is imported. Under the CSP, with no serious accessibility violation.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentIdCheckChar } from "../../src/core/personal-data/id-number.js";
import { gridWorkerPoint, unexpected, workApi, workContext } from "./console-work-helpers.js";
import {
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

const first17 = "13100219750610123";
const ID = first17 + residentIdCheckChar(first17);
const PHONE = "13612345678";

describe("console: people and places", () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("finds a person, shows the file masked, reveals with a reason; hides key groups from an assistant", async () => {
    const w = workApi(server);
    const { gridCode } = await gridWorkerPoint(server);
    const worker = await w.signIn("grid_worker");
    const post = <T>(path: string, body: unknown) =>
      w.json<T>(path, { method: "POST", session: worker, body: JSON.stringify(body) });
    const building = await post<{ id: string }>("/buildings", {
      kind: "building",
      name: "9号楼",
      regionCode: gridCode,
    });
    const dwelling = await post<{ id: string }>("/dwellings", {
      buildingId: building.id,
      room: "302",
      use: "rented",
    });
    const household = await post<{ id: string }>("/households", {
      dwellingId: dwelling.id,
      type: "floating",
    });
    const person = await post<{ id: string }>("/persons", {
      name: "欧阳明远",
      idNumber: ID,
      phone: PHONE,
      householdId: household.id,
      relation: "head",
    });
    await post(`/persons/${person.id}/population-tags`, {
      typeCode: "released_prisoner",
      since: "2025-01-01",
    });
    await post(`/persons/${person.id}/population-tags`, { typeCode: "disabled", since: "2025-01-01" });

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "grid_worker");
    await page.getByRole("menuitem", { name: "人口房屋" }).click();
    await page.getByRole("searchbox", { name: "姓名" }).fill("欧阳");
    await page.getByRole("searchbox", { name: "姓名" }).press("Enter");
    // The filter keeps its name in sight once something is typed (a placeholder alone would go).
    expect(await page.getByTestId("filter-name").innerText()).toContain("姓名");
    const table = page.getByTestId("persons-table");
    const row = table.locator("tbody tr.ant-table-row").filter({ hasText: "欧阳明远" });
    await row.waitFor();
    expect(await row.textContent()).toContain("136****5678");
    expect(await row.textContent()).toContain("刑满释放人员");
    expect(await table.textContent()).not.toContain(ID);
    await row.getByRole("button", { name: "欧阳明远" }).click();
    const card = page.getByTestId("person-card");
    await card.waitFor();
    expect(await card.textContent()).toContain(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(await card.textContent()).toContain("9号楼302");
    expect(await card.textContent()).not.toContain(PHONE);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-people-card-zh");
    await page.getByRole("textbox", { name: "查看事由" }).fill("入户核实身份");
    await page.getByRole("button", { name: "查看完整号码" }).click();
    await expect.poll(async () => (await page.getByTestId("revealed").textContent()) ?? "").toContain(ID);
    expect(unexpected(errors, [])).toEqual([]);
    await context.close();

    const other = await workContext(browser, server.baseUrl);
    const assistant = await other.newPage();
    assistant.setDefaultTimeout(90_000);
    await signInToConsole(assistant, "grid_assistant");
    await assistant.getByRole("menuitem", { name: "人口房屋" }).click();
    const assistantRow = assistant
      .getByTestId("persons-table")
      .locator("tbody tr.ant-table-row")
      .filter({ hasText: "欧阳明远" });
    await assistantRow.waitFor();
    expect(await assistantRow.textContent()).toContain("残疾人");
    expect(await assistantRow.textContent()).not.toContain("刑满释放人员");
    await assistantRow.getByRole("button", { name: "欧阳明远" }).click();
    await assistant.getByTestId("person-card").waitFor();
    expect(await assistant.getByTestId("person-card").textContent()).not.toContain("刑满释放人员");
    expect(await assistant.getByRole("button", { name: "查看完整号码" }).count()).toBe(0);
    await other.close();
  }, 300_000);

  it("imports a workbook: bad rows listed by sheet, row and column, nothing written; then a good one", async () => {
    const { gridCode } = await gridWorkerPoint(server);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-register-"));
    const write = async (name: string, persons: (string | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet("楼栋").addRows([
        ["编号", "类型", "名称", "区划代码"],
        ["B1", "楼栋", "导入楼", gridCode],
      ]);
      wb.addWorksheet("人员").addRows([["姓名", "证件号码", "区划代码"], ...persons]);
      const file = path.join(dir, name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const bad = await write("bad.xlsx", [
      ["导入甲", "110101199003070000", gridCode],
      ["导入乙", null, null],
    ]);
    const good = await write("good.xlsx", [["导入丙", null, gridCode]]);

    const context = await workContext(browser, server.baseUrl);
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await signInToConsole(page, "grid_worker");
    await page.getByRole("menuitem", { name: "人口房屋" }).click();
    const files = page.getByTestId("register-files");
    await files.waitFor();
    await files.locator("input[type=file]").setInputFiles(bad);
    const rejected = page.getByTestId("register-rejected");
    await rejected.waitFor();
    const text = (await rejected.textContent()) ?? "";
    expect(text).toContain("证件号码");
    expect(text).toContain("须填住户编号或区划代码");
    expect(await rejected.locator("tbody tr").count()).toBe(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "console-people-import-rejected-zh");
    // A file that is not a workbook at all: said where the problems show, and it stays.
    const notAWorkbook = path.join(dir, "notes.xlsx");
    fs.writeFileSync(notAWorkbook, "这不是工作簿");
    await files.locator("input[type=file]").setInputFiles(notAWorkbook);
    const failed = page.getByTestId("register-failed");
    await failed.waitFor();
    expect(await failed.textContent()).toContain("notes.xlsx");
    await files.locator("input[type=file]").setInputFiles(good);
    await page.getByTestId("register-imported").waitFor();
    expect(await failed.count()).toBe(0);
    expect(await page.getByTestId("register-imported").textContent()).toContain("人员 1 人");
    expect(unexpected(errors, [400])).toEqual([]);
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
