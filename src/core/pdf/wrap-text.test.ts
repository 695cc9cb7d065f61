import { describe, expect, it } from "vitest";
import { wrapText } from "./wrap-text.js";

/** A monospaced measure: an ideograph or full-width sign is 2 units, anything else 1. */
const measure = (s: string) => [...s].reduce((w, ch) => w + (/[\u0020-\u00ff]/.test(ch) ? 1 : 2), 0);

describe("wrapText", () => {
  it("breaks Chinese between any two characters, filling each line", () => {
    expect(wrapText("楼道里有人私拉电线给电动车充电", 10, measure)).toEqual([
      "楼道里有人",
      "私拉电线给",
      "电动车充电",
    ]);
  });

  it("keeps Latin words and numbers whole, and breaks at spaces", () => {
    expect(wrapText("call 13812345678 now", 12, measure)).toEqual(["call", "13812345678", "now"]);
    expect(wrapText("电话138****5678请回电", 12, measure)).toEqual(["电话", "138****5678", "请回电"]);
  });

  it("cuts a word only when it is wider than a whole line", () => {
    expect(wrapText("abcdefghijkl", 5, measure)).toEqual(["abcde", "fghij", "kl"]);
  });

  it("never starts a line with a closing mark: it hangs at the end of the line before", () => {
    expect(wrapText("请尽快处理。谢谢", 10, measure)).toEqual(["请尽快处理。", "谢谢"]);
  });

  it("never ends a line with an opening mark: it goes down with what it opens", () => {
    expect(wrapText("已反映（物业）", 8, measure)).toEqual(["已反映", "（物业）"]);
  });

  it("keeps the text's own line breaks and an ideographic-space indent", () => {
    expect(wrapText("\u3000\u3000第一段\n第二段", 20, measure)).toEqual(["\u3000\u3000第一段", "第二段"]);
    expect(wrapText("", 10, measure)).toEqual([""]);
  });

  it("loses no character, whatever the width", () => {
    const text =
      "你单位承办的第 261127020001 号群众诉求（类别：私拉电线），已超过办理时限。Please call back: a@b.cn";
    for (const width of [3, 7, 13, 40]) {
      const joined = wrapText(text, width, measure).join("");
      expect(joined.replace(/ /g, "")).toBe(text.replace(/ /g, ""));
    }
  });
});
