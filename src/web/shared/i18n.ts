/**
 * Chinese (default) and English for both web apps. Each app keeps its own dictionary of keys;
 * `createI18n` gives a `t(key, vars)` that falls back to Chinese and then to the key, and a
 * React hook that re-renders when the language changes. The choice is kept in localStorage.
 */
import { useMemo, useSyncExternalStore } from "react";

export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];
const STORAGE_KEY = "mg.lang";

export type Dictionary = Record<string, string>;
export type Vars = Record<string, string | number>;

function storedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === "zh" || value === "en") return value;
  } catch {
    // storage disabled: default language
  }
  return "zh";
}

let current: Lang = typeof localStorage === "undefined" ? "zh" : storedLang();
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page
  }
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `{name}` placeholders filled from vars. */
export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type Translate = (key: string, vars?: Vars) => string;

/** A translator over one app's dictionaries, and the hook its components use. */
export function createI18n(dictionaries: Record<Lang, Dictionary>) {
  const translate =
    (lang: Lang): Translate =>
    (key, vars) =>
      interpolate(dictionaries[lang][key] ?? dictionaries.zh[key] ?? key, vars);
  return {
    t: (key: string, vars?: Vars) => translate(current)(key, vars),
    useI18n(): { t: Translate; lang: Lang; setLang: (lang: Lang) => void } {
      const lang = useSyncExternalStore(subscribe, getLang, getLang);
      // One `t` per language, so effects that depend on it do not re-run on every render.
      const t = useMemo(() => translate(lang), [lang]);
      return { t, lang, setLang };
    },
  };
}
