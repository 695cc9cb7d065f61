/**
 * The timeline in plain words: each event of the tracking view becomes one sentence about the
 * unit that acted ("银河南路街道 已受理您的诉求"), falling back to the server's own wording for
 * actions without a sentence here or events that name no unit.
 */
import type { CaseStatus } from "../../shared/contracts.js";
import type { Lang } from "../../shared/i18n/setup.js";
import type { MobileKey, MobileT } from "../i18n/index.js";
import type { TrackingEvent, TrackingView } from "./api.js";

/** Sentences that name the unit that acted. */
const WITH_UNIT = {
  intake: "timeline.intake",
  dispatch: "timeline.dispatch",
  redispatch: "timeline.redispatch",
  respond: "timeline.respond",
  reply: "timeline.reply",
  verify: "timeline.verify",
  escalate: "timeline.escalate",
  report: "timeline.report",
} as const satisfies Record<string, MobileKey>;

/** Sentences about the resident or the appeal itself. */
const WITHOUT_UNIT = {
  evaluate: "timeline.evaluate",
  close: "timeline.close",
  reject: "timeline.reject",
  merge: "timeline.merge",
} as const satisfies Record<string, MobileKey>;

/** Each status in a resident's words ("待评价" where staff say "已答复"). */
export const RESIDENT_STATUS = {
  triage: "status.triage",
  dispatched: "status.dispatched",
  handling: "status.handling",
  replied: "status.replied",
  supervisor_review: "status.supervisor_review",
  closed: "status.closed",
  rejected: "status.rejected",
  merged: "status.merged",
} as const satisfies Record<CaseStatus, MobileKey>;

const has = <T extends object>(map: T, key: string): key is Extract<keyof T, string> =>
  Object.hasOwn(map, key);

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

export function eventSentence(event: TrackingEvent, t: MobileT, lang: Lang, unit = event.unit): string {
  if (has(WITH_UNIT, event.action) && unit) return t(WITH_UNIT[event.action], { unit });
  if (has(WITHOUT_UNIT, event.action)) return t(WITHOUT_UNIT[event.action]);
  return lang === "zh-CN" ? event.text : event.textEn;
}

export function statusSentence(view: TrackingView, lang: Lang): string {
  return lang === "zh-CN" ? view.statusText : view.statusTextEn;
}

const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", {
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
