/**
 * After a phone proves itself with a one-time code, the appeals raised earlier with that phone —
 * anonymously on the web, or taken by an operator on a call — are the resident's own: listed in
 * "my appeals", counted in the sign-in's answer; another phone's and another account's stay put.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { cases } from "../../db/schema.js";
import { buildApp } from "../../server/app.js";
import { createTestDatabase } from "../../../test/helpers/db.js";
import type { TestApp } from "../../../test/helpers/app.js";
import { buildCase, buildWorld, type World } from "./actions/test-factory.js";
import { linkAppealsToResident } from "./link-appeals.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    config: { ...loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }), demoMode: true },
  });
  await app.ready();
  t = {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  } as TestApp;
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url: `/api/v1${url}`, payload, headers, remoteAddress: "10.7.0.1" });

describe("phone sign-in links earlier appeals", () => {
  it("links the phone's unowned appeals to the resident's account and says how many", async () => {
    const phone = "13677778888";
    const web = await post(
      "/cases",
      {
        categoryCode: "sanitation.garbage",
        description: "小区门口垃圾三天没人清运了",
        regionCode: w.village,
        reporter: { name: "赵先生", phone: "136-7777-8888" },
      },
      { "idempotency-key": "link-web-appeal" },
    );
    expect(web.statusCode, web.body).toBe(201);
    const called = (
      await buildCase(t.database.db, { reporterPhone: "+86 13677778888", regionCode: w.village })
    ).case;
    const otherPhone = (
      await buildCase(t.database.db, { reporterPhone: "13677778889", regionCode: w.village })
    ).case;
    const othersAccount = (
      await buildCase(t.database.db, {
        reporterPhone: phone,
        reporterUserId: w.users.resident.id,
        regionCode: w.village,
      })
    ).case;

    const sent = await post("/auth/otp/request", { phone });
    expect(sent.statusCode, sent.body).toBe(200);
    const signedIn = await post("/auth/otp/verify", { phone, code: sent.json().demoCode });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().linkedAppeals).toBe(2);
    const userId = signedIn.json().user.id as string;

    const cookie = signedIn.cookies.find((c) => c.name === "mg_session")?.value ?? "";
    const mine = await t.app.inject({ url: "/api/v1/my/cases", cookies: { mg_session: cookie } });
    expect(mine.statusCode).toBe(200);
    expect((mine.json().items as { id: string }[]).map((i) => i.id).sort()).toEqual(
      [web.json().id as string, called.id].sort(),
    );
    const owner = async (id: string) =>
      (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0]?.reporterUserId;
    expect(await owner(otherPhone.id)).toBeNull();
    expect(await owner(othersAccount.id)).toBe(w.users.resident.id);
    expect(await owner(called.id)).toBe(userId);

    // A later sign-in links nothing new (the appeals are already the account's).
    expect(await linkAppealsToResident(t.database.db, userId, phone)).toBe(0);
  });
});
