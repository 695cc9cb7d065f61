/**
 * Rentals on the grid worker's phone (390×844) in real Chromium: from the visits page the worker
 * finds a dwelling by building and room, sees its household and its rental's landlord and tenants
 * with numbers masked as on the person card, records a new tenant moving in (name, ID and phone
 * number, the day) and an earlier one moving out, and the server holds exactly that; offline the
 * forms do not open and the page says why.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleBindings, users } from "../../src/db/schema.js";
import { residentIdCheckChar } from "../../src/core/personal-data/id-number.js";
import { persons, rentalTenants } from "../../src/modules/people/schema.js";
import {
  DEMO_PASSWORD,
  PHONE,
  launchBrowser,
  newContext,
  screenshot,
  seriousAxeViolations,
  startWebServer,
  watchErrors,
  type WebServer,
} from "./harness.js";

function residentId(birth: string, serial: string): string {
  const first17 = `131002${birth}${serial}`;
  return first17 + residentIdCheckChar(first17);
}
const ID_LANDLORD = residentId("19650314", "271");
const ID_NEW = residentId("19960821", "352");

/** Chromium logs a request refused offline as a console error: going offline is part of the test. */
function isNetworkLine(line: string): boolean {
  return /^console: Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET)$/.test(line);
}

describe("grid worker records tenants of a rented dwelling on a phone", () => {
  let server: WebServer;
  let browser: Browser;
  let rental = "";
  let oldTenant = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const db = server.database.db;
    const [binding] = await db
      .select({ code: roleBindings.scopeRegionCode })
      .from(roleBindings)
      .innerJoin(users, eq(users.id, roleBindings.userId))
      .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
    const regionCode = binding?.code ?? "";
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "grid_worker", password: DEMO_PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const post = async (path: string, body: object): Promise<string> => {
      const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
      return answer.id;
    };
    const building = await post("/buildings", {
      kind: "building",
      name: "租赁测试楼",
      regionCode,
      units: ["1单元"],
    });
    const detail = (await (
      await fetch(`${server.baseUrl}/api/v1/buildings/${building}`, { headers: { cookie } })
    ).json()) as { units: { id: string }[] };
    const dwelling = await post("/dwellings", {
      buildingId: building,
      unitId: detail.units[0]?.id,
      floor: 5,
      room: "502",
      use: "rented",
    });
    const household = await post("/households", { dwellingId: dwelling, type: "floating" });
    await post("/persons", {
      name: "钱住户",
      phone: "13655556666",
      householdId: household,
      relation: "head",
    });
    const landlord = await post("/persons", {
      name: "赵房东",
      idNumber: ID_LANDLORD,
      phone: "13912345678",
      regionCode,
    });
    rental = await post("/rentals", {
      dwellingId: dwelling,
      landlordPersonId: landlord,
      startsOn: "2026-01-01",
    });
    const old = await post("/persons", { name: "孙老租客", phone: "13811112222", regionCode });
    oldTenant = await post(`/rentals/${rental}/tenants`, { personId: old, movedInOn: "2026-03-01" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the landlord and tenants masked, records a move-in and a move-out, and says offline why not", async () => {
    const context = await newContext(browser, server.baseUrl, { ...PHONE, serviceWorkers: "block" });
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/m/grid", { waitUntil: "commit" });
    await page.waitForURL(/\/m\/grid\/login\?next=/, { waitUntil: "commit" });
    await page.locator("#grid-username").fill("grid_worker");
    await page.locator("#grid-password").fill(DEMO_PASSWORD);
    await page.locator("button[type=submit]").click();
    await page.getByTestId("worklist").waitFor();

    // Visits → by building and room.
    await page.getByRole("link", { name: "走访" }).click();
    await page.getByTestId("homes-link").click();
    await page.locator("#homes-building").fill("租赁测试");
    await page.getByTestId("homes-building").filter({ hasText: "租赁测试楼" }).click();
    await page.locator("#homes-room").fill("502");
    await page.getByTestId("homes-room").filter({ hasText: "1单元 502" }).click();

    const rentalBox = page.getByTestId("homes-rental");
    await expect.poll(() => page.getByTestId("homes-landlord").textContent()).toContain("赵房东");
    const landlordText = (await page.getByTestId("homes-landlord").textContent()) ?? "";
    expect(landlordText).toContain("139****5678");
    expect(landlordText).not.toContain("13912345678");
    expect(landlordText).not.toContain(ID_LANDLORD);
    await expect.poll(() => page.getByTestId("homes-household").textContent()).toContain("136****6666");
    await expect.poll(() => rentalBox.getByTestId("homes-tenant").count()).toBe(1);
    expect(await rentalBox.getByTestId("homes-tenant").textContent()).toContain("138****2222");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "mobile-grid-rentals");

    // A new tenant moves in.
    await page.getByRole("button", { name: "登记租客入住" }).click();
    const form = page.getByTestId("move-in-form");
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("请填写姓名");
    await page.locator("#tenant-name").fill("李新租客");
    await page.locator("#tenant-id").fill(ID_NEW);
    await page.locator("#tenant-phone").fill("13700001111");
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => rentalBox.getByTestId("homes-tenant").count()).toBe(2);
    await expect.poll(() => page.getByTestId("homes-saved").isVisible()).toBe(true);
    const newTenant = rentalBox.getByTestId("homes-tenant").filter({ hasText: "李新租客" });
    expect(await newTenant.textContent()).toContain("137****1111");
    expect(await newTenant.textContent()).not.toContain(ID_NEW);

    // The earlier tenant moves out today.
    const oldRow = rentalBox.getByTestId("homes-tenant-row").filter({ hasText: "孙老租客" });
    await oldRow.getByRole("button", { name: "登记搬离" }).click();
    await page.getByTestId("move-out-form").getByRole("button", { name: "保存" }).click();
    await expect.poll(() => rentalBox.getByTestId("homes-tenant").count()).toBe(1);
    await expect.poll(() => rentalBox.textContent()).toContain("已搬离的租客");

    const db = server.database.db;
    const living = await db
      .select({ name: persons.name })
      .from(rentalTenants)
      .innerJoin(persons, eq(persons.id, rentalTenants.personId))
      .where(and(eq(rentalTenants.rentalId, rental), isNull(rentalTenants.movedOutOn)));
    expect(living.map((r) => r.name)).toEqual(["李新租客"]);
    const [old] = await db.select().from(rentalTenants).where(eq(rentalTenants.id, oldTenant));
    expect(old?.movedOutOn).not.toBeNull();

    // Offline: the forms stay shut and the page says why.
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId("homes-offline").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "登记租客入住" }).isDisabled()).toBe(true);
    await context.setOffline(false);

    expect(errors.filter((line) => !isNetworkLine(line))).toEqual([]);
    await context.close();
  });
});
