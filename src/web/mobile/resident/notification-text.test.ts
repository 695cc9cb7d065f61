/**
 * The messages a resident gets about their own appeals read in their language: every kind the
 * server sends a reporter (cases/actions, `notifyReporter`) has a title and words in both
 * languages, filled from the notification's facts; a row without its facts shows the stored text.
 */
import { readFileSync, readdirSync } from "node:fs";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import type { Notification } from "../../shared/contracts.js";
import { domainKey, domainWords } from "../../shared/i18n/domain.js";
import type { NameOf } from "../../shared/i18n/names.js";
import { i18nOptions, LANGS, type Lang } from "../../shared/i18n/setup.js";
import type { MobileT } from "../i18n/index.js";
import { mobileWords } from "../i18n/words.js";
import { RESIDENT_NOTIFICATION_TEXTS, residentNotificationText } from "./notification-text.js";

const FACTS: Record<string, string | number> = {
  unit: "Post 3",
  note: "The lamp was replaced",
  rejectReason: "duplicate",
  primary: "261127020001",
  committee: "Committee C",
  dispute: "MD2612070001",
  field: "address",
};

const STORED = "存储的中文通知";

function notification(kind: string, data: Notification["data"]): Notification {
  return {
    id: 1,
    kind,
    subjectType: "case",
    subjectId: "00000000-0000-0000-0000-000000000001",
    subjectLabel: "261127020009",
    caseId: "00000000-0000-0000-0000-000000000001",
    caseNumber: "261127020009",
    title: STORED,
    body: STORED,
    data,
    to: "user",
    createdAt: "2026-12-07T01:00:00.000Z",
    readAt: null,
  };
}

async function wordsIn(lang: Lang): Promise<{ t: MobileT; name: NameOf }> {
  const i18n = i18next.createInstance();
  await i18n.init(i18nOptions("mobile", mobileWords, lang));
  const t = i18n.getFixedT(lang, "mobile") as unknown as MobileT;
  const name: NameOf = (kind, code) => domainWords[lang][domainKey(kind, code)];
  return { t, name };
}

/** The kinds the case actions send to a reporter, read from their source. */
function reporterKinds(): string[] {
  const dir = "src/modules/cases/actions";
  const kinds = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const source = readFileSync(`${dir}/${file}`, "utf8");
    if (!source.includes("notifyReporter(tx")) continue;
    // The notice written in the call, or the reply's `notice` handed to it.
    for (const m of source.matchAll(/(?:notifyReporter\(tx, \w+, |const notice = )\{\s*kind: "([a-z_]+)"/g))
      kinds.add(m[1] as string);
  }
  return [...kinds];
}

describe("a resident's messages", () => {
  it("has words for every kind a resident is sent", () => {
    const kinds = reporterKinds();
    expect(kinds).toEqual(expect.arrayContaining(["reply", "reject", "merge", "transfer_to_mediation"]));
    expect(kinds.filter((kind) => !Object.hasOwn(RESIDENT_NOTIFICATION_TEXTS, kind))).toEqual([]);
  });

  for (const lang of LANGS) {
    it(`words every resident kind in ${lang}, title and text, from its facts`, async () => {
      const { t, name } = await wordsIn(lang);
      const problems: string[] = [];
      for (const kind of Object.keys(RESIDENT_NOTIFICATION_TEXTS)) {
        const { title, text } = residentNotificationText(t, name, lang, notification(kind, FACTS));
        for (const [what, words] of [
          ["title", title],
          ["text", text],
        ] as const) {
          const at = `${kind} ${what}: ${words}`;
          if (words === null || words === STORED) problems.push(`${at} (the stored text)`);
          else {
            if (/[{}]/.test(words)) problems.push(`${at} (a placeholder left)`);
            if (words.startsWith("my.note.")) problems.push(`${at} (no words)`);
            const han = /\p{Script=Han}/u.test(words);
            if (lang === "en" && han) problems.push(`${at} (Chinese in English)`);
            if (lang === "zh-CN" && !han) problems.push(`${at} (no Chinese)`);
          }
        }
        // An appeal's message names the appeal; a register correction's is about the person's data.
        const aboutAppeal = !kind.startsWith("register_correction_");
        if (aboutAppeal && !title?.includes("261127020009")) {
          problems.push(`${kind}: the title names no appeal number`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("puts in the facts and keeps the unit's own words apart", async () => {
    const en = await wordsIn("en");
    expect(residentNotificationText(en.t, en.name, "en", notification("reply", FACTS))).toEqual({
      title: "Appeal 261127020009 has a reply: please rate it",
      text: "Post 3 replied to your appeal: tell us whether the problem is solved and whether you are satisfied.",
      note: "The lamp was replaced",
    });
    expect(
      residentNotificationText(en.t, en.name, "en", notification("reject", { rejectReason: "duplicate" }))
        .text,
    ).toBe("Reason: Duplicate.");
    const zh = await wordsIn("zh-CN");
    const moved = residentNotificationText(
      zh.t,
      zh.name,
      "zh-CN",
      notification("transfer_to_mediation", FACTS),
    );
    expect(moved.title).toBe("诉求 261127020009 已转人民调解");
    expect(moved.text).toContain("已转Committee C调解（纠纷编号 MD2612070001）");
  });

  it("shows the stored text for a row without its facts, and for a kind it has no words for", async () => {
    const zh = await wordsIn("zh-CN");
    const en = await wordsIn("en");
    expect(residentNotificationText(zh.t, zh.name, "zh-CN", notification("reply", null))).toEqual({
      title: null,
      text: STORED,
      note: null,
    });
    expect(residentNotificationText(en.t, en.name, "en", notification("reply", null)).text).toBe(STORED);
    expect(residentNotificationText(en.t, en.name, "en", notification("something_new", FACTS)).text).toBe(
      STORED,
    );
  });
});
