/** The timeline in plain words: which unit each sentence names, and the fallbacks. */
import { describe, expect, it } from "vitest";
import i18next from "i18next";
import { i18nOptions } from "../../shared/i18n/setup.js";
import { mobileWords } from "../i18n/words.js";
import type { TrackingEvent, TrackingView } from "./api.js";
import { eventSentence, unitsOf } from "./plain-words.js";

const i18n = i18next.createInstance();
await i18n.init(i18nOptions("mobile", mobileWords, "zh-CN"));
const t = i18n.getFixedT("zh-CN", "mobile");

function event(action: string, unit: string | null): TrackingEvent {
  return {
    at: "2026-11-27T08:00:00Z",
    action,
    text: `zh:${action}`,
    textEn: `en:${action}`,
    unit,
    reply: null,
  };
}

function view(timeline: TrackingEvent[], assignedUnit: string | null = null): TrackingView {
  return {
    number: "261127000001",
    status: "dispatched",
    responseDueAt: null,
    handleDueAt: null,
    statusText: "",
    statusTextEn: "",
    category: null,
    region: { code: "131002001007", name: "吉祥社区" },
    createdAt: "2026-11-27T08:00:00Z",
    assignedUnit,
    timeline,
    evaluation: null,
    mergedInto: null,
  };
}

describe("plain words", () => {
  it("names the unit that received the appeal: the next one to act, else the one holding it", () => {
    const triaged = view([
      event("intake", null),
      event("dispatch", "银河南路街道"),
      event("respond", "网格站"),
    ]);
    expect(unitsOf(triaged)).toEqual(["银河南路街道", "银河南路街道", "网格站"]);
    const fresh = view([event("intake", null)], "第1网格工作站");
    expect(unitsOf(fresh)).toEqual(["第1网格工作站"]);
    expect(eventSentence(event("intake", null), t, "zh-CN", "银河南路街道")).toBe(
      "银河南路街道 已受理您的诉求",
    );
  });

  it("falls back to the server's words for actions without a sentence or a unit", () => {
    expect(eventSentence(event("urge", "县中心"), t, "zh-CN")).toBe("zh:urge");
    expect(eventSentence(event("urge", "县中心"), t, "en")).toBe("en:urge");
    expect(eventSentence(event("respond", null), t, "en")).toBe("en:respond");
    expect(eventSentence(event("evaluate", null), t, "zh-CN")).toBe("您已评价办理结果");
  });
});
