/**
 * The dictionaries are complete: every key of every namespace has words in both languages with
 * the same `{placeholders}`, every error code the server can send has a name in both, and the
 * words reach a page through i18next (not the key itself).
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../../shared/contracts/error-codes.js";
import { consoleWords } from "../../console/i18n/words.js";
import { mobileWords } from "../../mobile/i18n/words.js";
import { ApiError } from "../api.js";
import { domainKey, domainWords } from "./domain.js";
import { errorTextOf, type NameOf } from "./names.js";
import { i18nOptions, LANGS, type Words } from "./setup.js";

const NAMESPACES: Record<string, Record<(typeof LANGS)[number], Words>> = {
  console: consoleWords,
  mobile: mobileWords,
  domain: domainWords,
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  for (const [ns, words] of Object.entries(NAMESPACES)) {
    it(`${ns}: every key has words in both languages, with the same placeholders`, () => {
      const zh = words["zh-CN"];
      const en = words.en;
      expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
      const empty = LANGS.flatMap((lang) =>
        Object.entries(words[lang])
          .filter(([, text]) => text.trim() === "")
          .map(([key]) => `${lang}:${key}`),
      );
      expect(empty).toEqual([]);
      const mismatched = Object.keys(zh).filter(
        (key) => placeholders(zh[key] ?? "").join() !== placeholders(en[key] ?? "").join(),
      );
      expect(mismatched).toEqual([]);
      // Placeholders are `{name}`: a `{{name}}` would show its braces; "。。" is a typo.
      const malformed = LANGS.flatMap((lang) =>
        Object.entries(words[lang])
          .filter(([, text]) => /\{\{|\}\}|。。/.test(text))
          .map(([key]) => `${lang}:${key}`),
      );
      expect(malformed).toEqual([]);
    });
  }

  it("names every error code the server can send, in Chinese and in English", () => {
    const missing = LANGS.flatMap((lang) =>
      ERROR_CODES.filter((code) => !domainWords[lang][domainKey("error", code)]?.trim()).map(
        (code) => `${lang}:${code}`,
      ),
    );
    expect(missing).toEqual([]);
    // Chinese words, not the English ones copied over.
    const notChinese = ERROR_CODES.filter(
      (code) => !/\p{Script=Han}/u.test(domainWords["zh-CN"][domainKey("error", code)]),
    );
    expect(notChinese).toEqual([]);
  });

  it("reaches the page through i18next in both languages, placeholders filled", async () => {
    for (const lang of LANGS) {
      const i18n = i18next.createInstance();
      await i18n.init(i18nOptions("console", consoleWords, lang));
      const t = i18n.getFixedT(lang, "console");
      for (const key of Object.keys(consoleWords[lang])) {
        expect(t(key as never), key).not.toBe(key);
      }
      expect(t("home.welcome", { name: "王芳" })).toBe(lang === "zh-CN" ? "欢迎，王芳" : "Welcome, 王芳");
      expect(i18n.getFixedT(lang, "domain")(domainKey("caseStatus", "handling"))).toBe(
        lang === "zh-CN" ? "办理中" : "Being handled",
      );
    }
  });
});

describe("error words", () => {
  const zh = domainWords["zh-CN"];
  const name: NameOf = (kind, code) => zh[domainKey(kind, code)];

  it("are the UI's own for a known code, the server's message only for an unknown one", () => {
    const stale = new ApiError(
      409,
      "stale_case",
      "Someone acted on case 261127020001 first; it is now handling.",
    );
    expect(errorTextOf(name, stale)).toBe("案件已被他人处理");
    const newer = new ApiError(409, "a_code_from_a_newer_server", "Something new went wrong.");
    expect(errorTextOf(name, newer)).toBe("Something new went wrong.");
    expect(errorTextOf(name, new ApiError(0, "network", "The network is not available."))).toBe(
      "网络没有连接，请检查后重试",
    );
    // A refusal kept on the phone as { code, message } reads the same.
    expect(errorTextOf(name, { code: "not_assigned_unit", message: "Case … is not with your unit." })).toBe(
      "案件不在您的单位办理",
    );
  });
});
