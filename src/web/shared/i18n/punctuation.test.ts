/**
 * Punctuation follows the language, and no component writes a Chinese mark into its markup
 * (where an English page would show it): full-width marks live only in the dictionaries and in
 * `punctuation.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { punctuationOf } from "./punctuation.js";

const WEB = path.resolve(import.meta.dirname, "../..");
const FULL_WIDTH = /[：、；（）]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "i18n" ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("punctuation", () => {
  it("joins labels, lists and asides with the marks of the language", () => {
    const zh = punctuationOf("zh-CN");
    const en = punctuationOf("en");
    expect(zh.labelled("姓名", "王芳")).toBe("姓名：王芳");
    expect(en.labelled("Name", "Wang Fang")).toBe("Name: Wang Fang");
    expect(zh.list(["甲", "乙", "丙"])).toBe("甲、乙、丙");
    expect(en.list(["a", "b"])).toBe("a, b");
    expect(zh.aside("王芳", "wangfang")).toBe("王芳（wangfang）");
    expect(en.aside("Wang Fang", "wangfang")).toBe("Wang Fang (wangfang)");
  });

  it("no component writes a full-width mark outside comments", () => {
    const found = sources(WEB).flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line: line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ""), at: i + 1 }))
        .filter(({ line }) => FULL_WIDTH.test(line))
        .map(({ at }) => `${path.relative(WEB, file)}:${at}`),
    );
    expect(found).toEqual([]);
  });
});
