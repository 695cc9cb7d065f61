/**
 * The resident's words: the status labels of the list, the sentences of the timeline and the
 * status (worded by the server in both languages: src/modules/cases/resident-wording.ts), and
 * dates in the resident's time zone.
 */
import type { CaseStatus } from "../../shared/contracts.js";
import type { Lang } from "../../shared/i18n/setup.js";
import type { MobileKey } from "../i18n/index.js";
import type { TrackingEvent, TrackingView } from "./api.js";

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

/** An event's sentence in the page's language: the server words it (one source, cases/resident-wording.ts). */
export function eventSentence(event: TrackingEvent, lang: Lang): string {
  return lang === "zh-CN" ? event.text : event.textEn;
}

/** The status sentence, worded by the server like the confirmation after submitting. */
export function statusSentence(view: Pick<TrackingView, "statusText" | "statusTextEn">, lang: Lang): string {
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
