/**
 * What a resident reads (#9 item 9): one wording per status and step, in both languages; each
 * move names the unit that received the case; the confirmation after submitting and the
 * tracking page say the same; a replied appeal is not called closed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { CASE_STATUSES } from "../../db/schema.js";
import { buildWorld, type World, type WorldRole } from "./actions/test-factory.js";
import { EVENT_WORDS, say, STATUS_WORDS, statusWords } from "./resident-wording.js";

describe("the resident's wording", () => {
  it("has a sentence in both languages for every status, with and without a unit", () => {
    for (const status of CASE_STATUSES) {
      for (const words of [STATUS_WORDS[status].withUnit, STATUS_WORDS[status].withoutUnit]) {
        expect(words.zh).toMatch(/\p{Script=Han}/u);
        expect(words.en).toMatch(/^[\x20-\x7e]+$/);
      }
      for (const unit of ["某某单位", null]) {
        const words = say(STATUS_WORDS[status], unit);
        for (const text of [words.zh, words.en]) expect(text).not.toMatch(/\{unit\}|。。/);
      }
    }
    for (const [action, words] of Object.entries(EVENT_WORDS)) {
      expect(words.withoutUnit.zh, action).not.toContain("{unit}");
      if (words.unit !== "none") expect(words.withUnit.zh, action).toContain("{unit}");
    }
  });

  it("tells a resident whose appeal went to mediation so, not that it was refused", () => {
    const transferred = say(
      statusWords("rejected", [{ action: "intake" }, { action: "transfer_to_mediation" }]),
      null,
    );
    expect(transferred.zh).toBe("已转人民调解");
    expect(say(statusWords("rejected", [{ action: "intake" }, { action: "reject" }]), null).zh).toBe(
      "不予受理",
    );
    expect(EVENT_WORDS.transfer_to_mediation?.withoutUnit.zh).toContain("人民调解委员会");
  });

  it("does not call a replied appeal closed", () => {
    for (const unit of ["第1网格工作站", null]) {
      expect(say(STATUS_WORDS.replied, unit).zh).not.toContain("办结");
      expect(say(STATUS_WORDS.replied, unit).en).not.toMatch(/closed|handled/i);
    }
    expect(say(STATUS_WORDS.closed, null).zh).toBe("已办结");
  });
});

describe("the tracking page and the confirmation", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t.close());

  const raise = async (body: object) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/cases", payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; trackingCode: string; statusText: string; statusTextEn: string };
  };
  const track = async (code: string) => {
    const res = await t.app.inject({ url: `/api/v1/track/${code}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      statusText: string;
      statusTextEn: string;
      timeline: { action: string; text: string; textEn: string; unit: string | null }[];
    };
  };
  const ok = async (who: WorldRole, id: string, action: string, body: object): Promise<number> => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${id}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json().case.version as number;
  };
  const unitName = async (id: string) => {
    const res = await t.app.inject({ url: `/api/v1/organisations/${id}`, headers: w.headers.supervisor });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().name as string;
  };

  it("says after submitting what the tracking page says", async () => {
    const created = await raise({
      channel: "web",
      description: "小区门口的路灯坏了三天",
      regionCode: w.village,
    });
    const view = await track(created.trackingCode);
    expect(created.statusText).toBe(view.statusText);
    expect(created.statusTextEn).toBe(view.statusTextEn);
  });

  it("names the unit that received the appeal at every move, not the dispatcher who moved it", async () => {
    const created = await raise({ channel: "web", description: "楼道里堆满了杂物", regionCode: w.village });
    const [centre, gridPost, committee] = await Promise.all(
      [w.units.townshipCentre, w.units.gridPost, w.units.villageCommittee].map(unitName),
    );
    const caseRes = await t.app.inject({ url: `/api/v1/cases/${created.id}`, headers: w.headers.dispatcher });
    let version = caseRes.json().version as number;
    version = await ok("dispatcher", created.id, "dispatch", { orgId: w.units.gridPost, version });
    version = await ok("dispatcher", created.id, "redispatch", { orgId: w.units.villageCommittee, version });
    await ok("villageStaff", created.id, "respond", { contactMethod: "phone", version });

    const view = await track(created.trackingCode);
    const said = Object.fromEntries(view.timeline.map((e) => [e.action, e]));
    expect(said.intake?.unit).toBe(centre);
    expect(said.dispatch?.unit).toBe(gridPost);
    expect(said.dispatch?.text).toBe(`您的诉求已交给${gridPost}办理`);
    expect(said.redispatch?.unit).toBe(committee);
    expect(said.redispatch?.text).toBe(`您的诉求已改由${committee}办理`);
    expect(said.redispatch?.textEn).toBe(`Your appeal is now handled by ${committee}`);
    expect(said.respond?.unit).toBe(committee);
    expect(view.statusText).toBe(`${committee}正在办理`);
  });
});
