/**
 * One term per concept in both web apps: no word the glossary settled against (已派单 for 已派发,
 * 退单 for 退回, "assigned" for a dispatched case…) appears in the console's or the phone's
 * dictionaries or the domain names, and those say what the glossary says. The server's wording
 * files are checked in src/shared/contracts/glossary.test.ts.
 */
import { describe, expect, it } from "vitest";
import { GLOSSARY, synonymsIn, textsIn } from "../../../shared/contracts/glossary.js";
import { consoleWords } from "../../console/i18n/words.js";
import { mobileWords } from "../../mobile/i18n/words.js";
import { domainKey, domainWords } from "./domain.js";

const dictionaries = () => [
  ...textsIn(consoleWords["zh-CN"], "console", "zh"),
  ...textsIn(consoleWords.en, "console", "en"),
  ...textsIn(mobileWords["zh-CN"], "mobile", "zh"),
  ...textsIn(mobileWords.en, "mobile", "en"),
  ...textsIn(domainWords["zh-CN"], "domain", "zh"),
  ...textsIn(domainWords.en, "domain", "en"),
];

describe("glossary in the web apps", () => {
  it("reads every dictionary in both languages", () => {
    const found = dictionaries();
    expect(found.some((t) => t.at === "console.work.dispatch.title" && t.text === "派发")).toBe(true);
    expect(found.some((t) => t.at === "mobile.status.dispatched" && t.text === "Dispatched")).toBe(true);
  });

  it("finds no synonym of a glossary term in a dictionary", () => {
    expect(synonymsIn(dictionaries())).toEqual([]);
  });

  it("names codes with the glossary's terms", () => {
    for (const [code, term] of Object.entries(GLOSSARY.caseStatus)) {
      const key = domainKey("caseStatus", code as keyof typeof GLOSSARY.caseStatus);
      expect(domainWords["zh-CN"][key]).toBe(term.zh);
      expect(domainWords.en[key]).toBe(term.en);
    }
    expect(domainWords.en[domainKey("caseAction", "dispatch")]).toBe(GLOSSARY.caseAction.dispatch.en);
    expect(mobileWords["zh-CN"]["status.dispatched"]).toBe(GLOSSARY.caseStatus.dispatched.zh);
    expect(consoleWords["zh-CN"]["mediation.status.in_mediation"]).toBe(
      GLOSSARY.disputeStatus.in_mediation.zh,
    );
  });
});
