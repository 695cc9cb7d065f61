/** A party's own disputes (GET /my/disputes): the shapes are the server's (../../shared/contracts.ts). */
import type { OwnDispute, OwnDisputeList } from "../../shared/contracts.js";
import type { Lang } from "../../shared/i18n/setup.js";
import { useGet } from "../../shared/query.js";

export type { OwnDispute } from "../../shared/contracts.js";

/** `enabled` false waits (nobody signed in yet). */
export const useMyDisputes = (enabled: boolean) => useGet<OwnDisputeList>(enabled ? "/my/disputes" : null);

export const useMyDispute = (number: string) =>
  useGet<OwnDispute>(`/my/disputes/${encodeURIComponent(number)}`);

/** The server words every sentence in both languages; the page picks the one it shows. */
export const inLang = (words: { zh: string; en: string }, lang: Lang): string =>
  lang === "zh-CN" ? words.zh : words.en;

const DAY: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { dateStyle: "long", timeZone: "Asia/Shanghai" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Asia/Shanghai" }),
};

/** A day in the resident's words: an instant, or a calendar day (YYYY-MM-DD) of China time. */
export function formatDay(value: string, lang: Lang): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00+08:00` : value;
  return DAY[lang].format(new Date(instant));
}
