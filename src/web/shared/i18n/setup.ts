/**
 * i18next for both web apps: Chinese (zh-CN, the default) and English. Each app is one namespace
 * of flat keys ("admin.orgs.title"), the words every app shares (statuses, roles, error codes…)
 * are the `domain` namespace; their types come from the Chinese dictionaries (src/web/i18next.d.ts),
 * so an unknown key or a missing `{placeholder}` is a type error. The person's choice is kept in
 * localStorage and mirrored on `<html lang>`.
 */
import i18next, { type i18n } from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { domainWords } from "./domain.js";

export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "zh-CN";
const STORAGE_KEY = "mg.lang";

/** A dictionary of one namespace: key → text, with `{name}` placeholders. */
export type Words = Readonly<Record<string, string>>;

/** The stored choice; anything else (nothing stored, storage disabled, an old "zh") is Chinese. */
function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

function remember(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page
  }
  document.documentElement.lang = lang;
}

export function otherLang(lang: Lang): Lang {
  return lang === "zh-CN" ? "en" : "zh-CN";
}

export function asLang(value: string | undefined): Lang {
  return value === "en" ? "en" : DEFAULT_LANG;
}

/** The options both apps (and the dictionary test) run i18next with. */
export function i18nOptions(ns: string, words: Record<Lang, Words>, lng: Lang) {
  return {
    resources: {
      "zh-CN": { [ns]: words["zh-CN"], domain: domainWords["zh-CN"] },
      en: { [ns]: words.en, domain: domainWords.en },
    },
    lng,
    fallbackLng: DEFAULT_LANG,
    supportedLngs: LANGS,
    load: "currentOnly" as const,
    ns: [ns, "domain"],
    defaultNS: ns,
    keySeparator: false as const,
    nsSeparator: false as const,
    // React escapes what it renders; `{name}` as the dictionaries have always written it.
    interpolation: { escapeValue: false, prefix: "{", suffix: "}" },
    initAsync: false,
    returnEmptyString: false,
    react: { useSuspense: false },
  };
}

/** The i18next instance of one app, ready at once (the dictionaries are in the bundle). */
export function createAppI18n(ns: string, words: Record<Lang, Words>): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init(i18nOptions(ns, words, storedLang()));
  instance.on("languageChanged", (lng) => remember(asLang(lng)));
  document.documentElement.lang = asLang(instance.language);
  return instance;
}

/** The current language and a switch, for components that format dates or pick `name`/`nameEn`. */
export function useLang(): { lang: Lang; setLang: (lang: Lang) => void } {
  const { i18n: instance } = useTranslation();
  return {
    lang: asLang(instance.language),
    setLang: (lang) => void instance.changeLanguage(lang),
  };
}
