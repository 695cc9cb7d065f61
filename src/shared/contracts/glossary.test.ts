/**
 * The glossary has every term in both languages, catches the synonyms it settled against, and the
 * server's wording (resident sentences, printed documents, exported tables) uses none of them.
 * The web apps' dictionaries are checked in src/web/shared/i18n/glossary.test.ts.
 */
import { describe, expect, it } from "vitest";
import * as documentWords from "../../modules/case-documents/words.js";
import { EVENT_WORDS, STATUS_WORDS } from "../../modules/cases/resident-wording.js";
import * as exportLabels from "../../modules/exports/labels.js";
import { GLOSSARY, synonymsIn, textsIn, type Term } from "./glossary.js";

/** The exported records of a wording file (its functions are not words). */
const records = (file: object) =>
  Object.fromEntries(Object.entries(file).filter(([, v]) => typeof v === "object"));

const serverTexts = () => [
  // The printed documents are in Chinese only.
  ...textsIn(records(documentWords), "case-documents/words", "zh"),
  ...textsIn({ STATUS_WORDS, EVENT_WORDS }, "cases/resident-wording", null),
  ...textsIn(records(exportLabels), "exports/labels", null),
];

describe("glossary", () => {
  it("has every term in Chinese and in English", () => {
    const problems = Object.entries(GLOSSARY).flatMap(([kind, terms]) =>
      Object.entries(terms as Record<string, Term>).flatMap(([code, term]) => {
        const out: string[] = [];
        if (!term.zh.trim()) out.push(`${kind}.${code}: no Chinese`);
        if (!term.en.trim()) out.push(`${kind}.${code}: no English`);
        if (/\p{Script=Han}/u.test(term.en)) out.push(`${kind}.${code}: the English has Chinese`);
        return out;
      }),
    );
    expect(problems).toEqual([]);
  });

  it("catches a synonym of a glossary term, and not a document's own name", () => {
    expect(
      synonymsIn([
        { at: "a", lang: "zh", text: "已派单" },
        { at: "b", lang: "zh", text: "请填写退单理由" },
        { at: "c", lang: "zh", text: "督办审核" },
        { at: "d", lang: "en", text: "Assigned" },
        { at: "e", lang: "en", text: "Goes back to the centre, to be assigned again" },
      ]),
    ).toHaveLength(5);
    expect(synonymsIn([{ at: "f", lang: "zh", text: "居民身份证" }])).toEqual([]);
    // A Chinese variant in an English text is not checked as Chinese.
    expect(synonymsIn([{ at: "g", lang: "en", text: "派单" }])).toEqual([]);
  });

  it("reads the server's wording files in both languages", () => {
    const found = serverTexts();
    expect(
      found.some((t) => t.at === "case-documents/words.ACTION_WORDS.dispatch" && t.text === "派发"),
    ).toBe(true);
    expect(found.some((t) => t.at.startsWith("cases/resident-wording") && t.lang === "en")).toBe(true);
    expect(found.some((t) => t.at === "exports/labels.STATUS_WORDS.en.dispatched")).toBe(true);
  });

  it("finds no synonym of a glossary term in the server's wording", () => {
    expect(synonymsIn(serverTexts())).toEqual([]);
  });

  it("is what the printed documents and the exports say", () => {
    for (const [code, term] of Object.entries(GLOSSARY.caseStatus)) {
      const status = code as keyof typeof GLOSSARY.caseStatus;
      expect(documentWords.STATUS_WORDS[status]).toBe(term.zh);
      expect(exportLabels.STATUS_WORDS.zh[status]).toBe(term.zh);
      expect(exportLabels.STATUS_WORDS.en[status]).toBe(term.en);
    }
  });
});
