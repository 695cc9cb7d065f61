/**
 * The monthly screening (矛盾纠纷排查) in a real browser, on the demo county's screening: a
 * village's staff member opens the screening page, sees the village's task for this month with its
 * two buttons (the second opens the register page prefilled as a screening finding), records
 * "none found", and the township centre's dispatcher sees that village done with none found among
 * its villages — in zh-CN and English, under the CSP and without script errors.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regions, users } from "../../src/db/schema.js";
import { loadDemoMediation } from "../../src/modules/mediation/demo-disputes.js";
import { loadDemoScreening } from "../../src/modules/mediation/demo-screening.js";
import { screeningTasks } from "../../src/modules/mediation/schema.js";
import { monthOf } from "../../src/modules/mediation/screening-workflow.js";
import { buildUser } from "../helpers/app.js";
import {
  launchBrowser,
  newContext,
  screenshot,
  signInToConsole,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

describe("console: monthly dispute screening", () => {
  let server: WebServer;
  let browser: Browser;
  let villageName = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const db = server.database.db;
    await loadDemoMediation(db);
    await loadDemoScreening(db);
    // A village of the dispatcher's township whose task of this month is still to record, and
    // a staff member of it who signs in with the demo password.
    const [demo] = await db
      .select({
        path: sql<string>`subpath(${regions.path}, 0, nlevel(${regions.path}) - 1)::text`,
        hash: users.passwordHash,
      })
      .from(users)
      .innerJoin(
        regions,
        sql`${regions.code} = (select scope_region_code from role_bindings where user_id = ${users.id} limit 1)`,
      )
      .where(eq(users.username, "village_staff"));
    if (!demo) throw new Error("no demo village_staff");
    const [task] = await db
      .select({ regionCode: screeningTasks.regionCode, name: regions.name })
      .from(screeningTasks)
      .innerJoin(regions, eq(regions.code, screeningTasks.regionCode))
      .where(
        and(
          eq(screeningTasks.month, monthOf(new Date())),
          eq(screeningTasks.status, "pending"),
          sql`${screeningTasks.regionPath} <@ ${demo.path}::ltree`,
        ),
      )
      .limit(1);
    if (!task) throw new Error("no pending screening task in the dispatcher's township");
    villageName = task.name;
    await buildUser(server.database, [{ role: "village_staff", region: task.regionCode }], {
      username: "screening_staff",
      passwordHash: demo.hash,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the village records none found, and the township sees it done", async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToConsole(page, "screening_staff");
    await page.locator('[data-page-id="mediation.screening"]').click();
    await page.waitForURL(/\/console\/mediation\/screening$/);
    // One menu entry marked: the screening page's, not also the workbench at /mediation.
    await expect
      .poll(() => page.locator(".ant-menu-item-selected").allTextContents())
      .toEqual(["矛盾纠纷排查"]);
    const card = page.getByTestId("village-task");
    await card.getByText(villageName, { exact: false }).waitFor();
    await expect(card.getByTestId("screening-state").textContent()).resolves.toBe("未排查");

    // 登记发现的纠纷 opens the register page as a screening finding of this task.
    await card.getByTestId("register-found").click();
    await page.waitForURL(/\/console\/mediation\/register\?.*source=screening/);
    await page.getByTestId("from-screening").waitFor();
    await expect(page.locator('input[type="radio"][value="screening"]').isChecked()).resolves.toBe(true);
    await page.goBack();
    await page.waitForURL(/\/console\/mediation\/screening$/);

    await card.getByTestId("record-none-found").click();
    await page.getByTestId("confirm-none-found").click();
    await expect
      .poll(() => card.getByTestId("screening-state").textContent(), { timeout: 10_000 })
      .toBe("已排查");
    await expect(card.getByTestId("screening-result").textContent()).resolves.toBe("无纠纷");
    await expect(card.getByTestId("record-none-found").count()).resolves.toBe(0);
    await page.getByTestId("lang-switch").click();
    await card.getByText("None found").waitFor();
    await expect(card.getByTestId("screening-state").textContent()).resolves.toBe("Screened");
    // On a phone's width the header wraps rather than pushing its items off the screen, and the
    // person's name stays on one line.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const id of ["current-user", "lang-switch", "notification-bell"]) {
      await expect
        .poll(async () => {
          const box = await page.getByTestId(id).boundingBox();
          return box ? [box.x >= 0, box.x + box.width <= 390] : null;
        })
        .toEqual([true, true]);
    }
    expect((await page.getByTestId("current-user").boundingBox())?.height).toBeLessThan(40);
    await screenshot(page, "console-screening-phone-width-en");
    expect(errors).toEqual([]);
    await context.close();

    const township = await newContext(browser, server.baseUrl);
    const centre = await township.newPage();
    const centreErrors = watchErrors(centre);
    await signInToConsole(centre, "dispatcher");
    await centre.locator('[data-page-id="mediation.screening"]').click();
    await centre.waitForURL(/\/console\/mediation\/screening$/);
    const row = centre.getByTestId("screening-list").locator("tr", { hasText: villageName }).first();
    await row.waitFor();
    await expect(row.getByTestId("screening-state").textContent()).resolves.toBe("已排查");
    await row.getByText("无纠纷").waitFor();
    // Its other villages: the demo village's findings, and some still to do.
    await centre
      .getByTestId("screening-list")
      .getByText(/发现纠纷 \d+ 件/)
      .first()
      .waitFor();
    await centre.getByTestId("screening-list").getByText("未排查").first().waitFor();
    await centre.getByTestId("screening-summary").waitFor();
    expect(centreErrors).toEqual([]);
    await township.close();
  });
});
