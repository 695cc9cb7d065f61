/**
 * The marks that join words, in the person's language: Chinese text takes full-width marks
 * (`姓名：王芳`, `甲、乙`, `安次区（廊坊市）`), English takes its own (`Name: Wang Fang`, `a, b`,
 * `Anci (Langfang)`). Components join labels, lists and asides through these, never with a mark
 * written into the markup, so an English page shows no Chinese punctuation.
 */
import { useMemo } from "react";
import { useLang, type Lang } from "./setup.js";

export interface Punctuation {
  /** `label：value` / `label: value`. */
  labelled(label: string, value: string): string;
  /** The label with its colon, before a value set in other markup. */
  colon(label: string): string;
  /** `甲、乙、丙` / `a, b, c`. */
  list(items: readonly string[]): string;
  /** `name（note）` / `name (note)`. */
  aside(name: string, note: string): string;
}

const MARKS: Record<Lang, { colon: string; list: string; open: string; close: string }> = {
  "zh-CN": { colon: "：", list: "、", open: "（", close: "）" },
  en: { colon: ": ", list: ", ", open: " (", close: ")" },
};

export function punctuationOf(lang: Lang): Punctuation {
  const m = MARKS[lang];
  return {
    labelled: (label, value) => `${label}${m.colon}${value}`,
    colon: (label) => `${label}${m.colon}`,
    list: (items) => items.join(m.list),
    aside: (name, note) => `${name}${m.open}${note}${m.close}`,
  };
}

export function usePunctuation(): Punctuation {
  const { lang } = useLang();
  return useMemo(() => punctuationOf(lang), [lang]);
}
