/**
 * Administering mediation: committees and mediators within the administrator's scope, the
 * city-wide dispute type catalogue and repeat-party window, each change audited, and what the
 * workflow then does with them (a new mediator is offered for assignment, an inactive type is
 * refused for new disputes, a shorter window stops raising the risk).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { disputes } from "./schema.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

describe("mediation administration", () => {
  let t: TestApp;
  let w: MediationWorld;
  let cityAdmin: Record<string, string>;
  let countyAdmin: Record<string, string>;

  const send = (
    headers: Record<string, string>,
    method: "GET" | "POST" | "PATCH" | "PUT",
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

  /** Moves a dispute's registration 60 days back. */
  const backdate = (number: string) =>
    t.database.db
      .update(disputes)
      .set({ createdAt: new Date(Date.now() - 60 * 86_400_000) })
      .where(eq(disputes.number, number));

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    cityAdmin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: "1310" }]),
    );
    countyAdmin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: w.county }]),
    );
  });
  afterAll(async () => t.close());

  it("creates a county committee with its default name, once per place and kind, audited", async () => {
    const res = await send(countyAdmin, "POST", "/mediation/committees", {
      regionCode: w.county,
      kind: "general",
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; name: string; level: string; regionName: string }>();
    expect(created.level).toBe("county");
    expect(created.name).toBe(`${created.regionName}人民调解委员会`);
    const again = await send(countyAdmin, "POST", "/mediation/committees", { regionCode: w.county });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("committee_exists");
    const professionalInVillage = await send(countyAdmin, "POST", "/mediation/committees", {
      regionCode: w.village,
      kind: "medical",
    });
    expect(professionalInVillage.statusCode).toBe(400);
    expect(professionalInVillage.json().error.code).toBe("wrong_region_level");
    const elsewhere = await send(countyAdmin, "POST", "/mediation/committees", { regionCode: "131003" });
    expect(elsewhere.statusCode).toBe(404);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "committee.create"), eq(auditLog.entityId, created.id)));
    expect(audited).toHaveLength(1);
  });

  it("adds a mediator with an account of the area, who is then offered for assignment; deactivated, no longer", async () => {
    const res = await send(countyAdmin, "POST", "/mediation/mediators", {
      committeeId: w.committees.village,
      name: "网格调解员",
      phone: "13912345678",
      username: w.users.gridWorker.username,
      ruleOfLawLeader: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json<{ id: string; phone: string; account: { username: string } }>();
    expect(m.phone).toBe("139****5678");
    expect(m.account.username).toBe(w.users.gridWorker.username);
    const offered = async () =>
      (await send(w.headers.villageStaff, "GET", "/mediation/committees"))
        .json<{ items: { id: string; mediators: { id: string }[] }[] }>()
        .items.find((c) => c.id === w.committees.village)
        ?.mediators.map((x) => x.id) ?? [];
    expect(await offered()).toContain(m.id);
    const off = await send(countyAdmin, "PATCH", `/mediation/mediators/${m.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(await offered()).not.toContain(m.id);
    const unknown = await send(countyAdmin, "POST", "/mediation/mediators", {
      committeeId: w.committees.village,
      name: "无此人",
      username: "no_such_account",
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe("body.username");
    const list = await send(countyAdmin, "GET", `/mediation/mediators?committeeId=${w.committees.village}`);
    expect(list.json<{ items: { name: string }[] }>().items.map((x) => x.name)).toContain("网格调解员");
  });

  it("lets a county administrator link a resident account as a rule-of-law leader, but no other account outside the county", async () => {
    const leader = (username: string, ruleOfLawLeader: boolean) =>
      send(countyAdmin, "POST", "/mediation/mediators", {
        committeeId: w.committees.village,
        name: `法律明白人${ruleOfLawLeader ? "甲" : "乙"}`,
        username,
        ruleOfLawLeader,
      });
    // The resident is bound to the whole city, outside the county admin's scope.
    const linked = await leader(w.users.resident.username, true);
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().account.username).toBe(w.users.resident.username);
    // Not as an ordinary mediator, and never a staff account of another county.
    expect((await leader(w.users.resident.username, false)).statusCode).toBe(400);
    expect((await leader(w.users.outsider.username, true)).statusCode).toBe(400);
  });

  it("keeps the dispute type catalogue city-wide: a county administrator is refused, an inactive type takes no new disputes", async () => {
    const refused = await send(countyAdmin, "POST", "/mediation/dispute-types", {
      code: "water",
      nameZh: "用水纠纷",
      nameEn: "Water",
    });
    expect(refused.statusCode).toBe(403);
    const made = await send(cityAdmin, "POST", "/mediation/dispute-types", {
      code: "water",
      nameZh: "用水纠纷",
      nameEn: "Water",
    });
    expect(made.statusCode, made.body).toBe(201);
    const dup = await send(cityAdmin, "POST", "/mediation/dispute-types", {
      code: "water",
      nameZh: "x",
      nameEn: "x",
    });
    expect(dup.json().error.code).toBe("dispute_type_exists");
    const register = () =>
      send(w.headers.villageStaff, "POST", "/mediation/disputes", {
        source: "walk_in",
        regionCode: w.village,
        typeCode: "water",
        facts: "上下游两户争水浇地。",
        parties: [{ role: "applicant", name: "甲" }],
      });
    expect((await register()).statusCode).toBe(201);
    const off = await send(cityAdmin, "PATCH", "/mediation/dispute-types/water", { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json<{ active: boolean }>().active).toBe(false);
    const after = await register();
    expect(after.statusCode).toBe(400);
    expect(after.json().error.code).toBe("unknown_dispute_type");
  });

  it("refuses an empty change of a committee, a mediator or a dispute type with 400 nothing to change", async () => {
    const targets: [Record<string, string>, string][] = [
      [countyAdmin, `/mediation/committees/${w.committees.village}`],
      [countyAdmin, `/mediation/mediators/${w.mediators.leader}`],
      [cityAdmin, "/mediation/dispute-types/neighbour"],
    ];
    for (const [headers, url] of targets) {
      const res = await send(headers, "PATCH", url, {});
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    const mediator = await send(countyAdmin, "PATCH", `/mediation/mediators/${w.mediators.leader}`, {});
    expect(mediator.body).toContain("nothing to change");
    const type = await send(cityAdmin, "PATCH", "/mediation/dispute-types/neighbour", {});
    expect(type.body).toContain("nothing to change");
    // A real change still goes through.
    const renamed = await send(cityAdmin, "PATCH", "/mediation/dispute-types/neighbour", { sortOrder: 7 });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it("sets the repeat-party window: outside it the same parties no longer raise the risk", async () => {
    const phone = "13766668888";
    const walkIn = {
      source: "walk_in",
      regionCode: w.village,
      typeCode: "neighbour",
      facts: "邻里纠纷",
      parties: [{ role: "applicant", name: "再来", phone }],
    };
    expect((await send(countyAdmin, "PUT", "/mediation/settings", { repeatWindowDays: 30 })).statusCode).toBe(
      403,
    );
    const first = await send(w.headers.villageStaff, "POST", "/mediation/disputes", walkIn);
    expect(first.statusCode).toBe(201);
    // Move the first dispute 60 days back: inside the default 180-day window, outside a 30-day one.
    await backdate(first.json<{ number: string }>().number);
    const inside = await send(w.headers.villageStaff, "POST", "/mediation/disputes", walkIn);
    expect(inside.json<{ riskLevel: string }>().riskLevel).toBe("significant");
    const set = await send(cityAdmin, "PUT", "/mediation/settings", { repeatWindowDays: 30 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await send(countyAdmin, "GET", "/mediation/settings")).json()).toEqual({ repeatWindowDays: 30 });
    // The second dispute is recent and so still counts; move it back too.
    await backdate(inside.json<{ number: string }>().number);
    const outside = await send(w.headers.villageStaff, "POST", "/mediation/disputes", walkIn);
    expect(outside.json<{ riskLevel: string; repeatOf: string[] }>()).toMatchObject({
      riskLevel: "general",
      repeatOf: [],
    });
    const bad = await send(cityAdmin, "PUT", "/mediation/settings", { repeatWindowDays: 0 });
    expect(bad.statusCode).toBe(400);
  });
});
