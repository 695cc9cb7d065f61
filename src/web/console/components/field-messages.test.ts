/**
 * The server's schema words at a field, in the page's language: a Chinese page never shows the
 * raw English ("result is required", zod's "Too big: …"), an English page gets the same rules in
 * its own words (formErrors.ts applies this to every form's `validation_failed` details).
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions, type Lang } from "../../shared/i18n/setup.js";
import type { ConsoleT } from "../i18n/index.js";
import { consoleWords } from "../i18n/words.js";
import { localFieldMessage } from "./field-messages.js";

async function wordsOf(lang: Lang) {
  const i18n = i18next.createInstance();
  await i18n.init(i18nOptions("console", consoleWords, lang));
  const t = i18n.getFixedT(lang, "console") as unknown as ConsoleT;
  return (message: string, label?: string) => localFieldMessage(t, lang === "en", message, label);
}

const SERVER_WORDS = [
  "result is required",
  "Invalid input: expected string, received undefined",
  "Too small: expected string to have >=1 characters",
  "at most 2000 characters",
  "Too big: expected string to have <=100 characters",
  "description must be at least 5 characters",
  "Too big: expected number to be <=720",
  "extraHours must be more than 0",
  "must be a uuid",
];

describe("field messages from the server", () => {
  it("are Chinese on a Chinese page, naming the rule", async () => {
    const localFieldMessage = await wordsOf("zh-CN");
    const shown = SERVER_WORDS.map((m) => localFieldMessage(m));
    for (const text of shown) expect(text).not.toMatch(/[a-z]{3,}/i);
    expect(shown).toEqual([
      "必填",
      "必填",
      "必填",
      "最多 2000 个字",
      "最多 100 个字",
      "至少 5 个字",
      "不能大于 720",
      "不能小于 0",
      "此项填写有误，请检查",
    ]);
    expect(localFieldMessage("result is required", "办理结果")).toBe("请填写办理结果");
  });

  it("are English on an English page, the unknown ones as the server wrote them", async () => {
    const localFieldMessage = await wordsOf("en");
    expect(localFieldMessage("result is required", "Result")).toBe("Result is required");
    expect(localFieldMessage("at most 2000 characters")).toBe("At most 2000 characters");
    expect(localFieldMessage("must be a uuid")).toBe("must be a uuid");
  });
});
