/**
 * The timeline in plain words: each event of the tracking view becomes one sentence about the
 * unit that acted ("银河南路街道 已受理您的诉求"), falling back to the server's own wording for
 * actions without a sentence here or events that name no unit.
 */
import type { Lang, Translate } from "../../shared/i18n.js";
import type { TrackingEvent, TrackingView } from "./api.js";

/** Actions with a sentence of their own (keys `timeline.<action>` in i18n/resident.ts). */
const WITH_UNIT = new Set([
  "intake",
  "dispatch",
  "redispatch",
  "respond",
  "reply",
  "verify",
  "escalate",
  "report",
]);
const WITHOUT_UNIT = new Set(["evaluate", "close", "reject", "merge"]);

/**
 * The unit each event is told about. Intake names no unit of its own: the unit that received the
 * appeal is the one that acted on it next (the township centre that dispatched it, or the unit
 * it was routed to straight away), else the unit holding it now.
 */
export function unitsOf(view: TrackingView): (string | null)[] {
  return view.timeline.map((event, i) => {
    if (event.unit || event.action !== "intake") return event.unit;
    return view.timeline.slice(i + 1).find((later) => later.unit)?.unit ?? view.assignedUnit;
  });
}

export function eventSentence(event: TrackingEvent, t: Translate, lang: Lang, unit = event.unit): string {
  if (WITH_UNIT.has(event.action) && unit) return t(`timeline.${event.action}`, { unit });
  if (WITHOUT_UNIT.has(event.action)) return t(`timeline.${event.action}`);
  return lang === "zh" ? event.text : event.textEn;
}

export function statusSentence(view: TrackingView, lang: Lang): string {
  return lang === "zh" ? view.statusText : view.statusTextEn;
}

const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }),
};

export function formatWhen(iso: string, lang: Lang): string {
  return DATE_TIME[lang].format(new Date(iso));
}
