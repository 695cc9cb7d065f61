/**
 * Every kind of notification the console names has words in both languages, filled from the
 * notification's facts: an English reader reads English, a Chinese reader Chinese, and the stored
 * Chinese text is what a row without its facts shows.
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import type { Notification } from "../../shared/contracts.js";
import { domainKey, domainWords } from "../../shared/i18n/domain.js";
import type { NameOf } from "../../shared/i18n/names.js";
import { i18nOptions, LANGS, type Lang } from "../../shared/i18n/setup.js";
import type { ConsoleT } from "../i18n/index.js";
import { consoleWords } from "../i18n/words.js";
import { CONSOLE_MODULES } from "../registry.js";
import { NOTIFICATION_TEXTS, notificationText } from "./notification-text.js";

/** A value for every fact a kind's words may name (no Chinese in them, so the English can be checked). */
const FACTS: Record<string, string | number> = {
  text: "Streetlight out at gate 2",
  unit: "Unit A",
  target: "Unit B",
  reason: "not ours",
  due: "2026-12-07T02:00:00.000Z",
  hours: 24,
  count: 2,
  rejectReason: "duplicate",
  primary: "261127020001",
  duplicate: "261127020002",
  committee: "Committee C",
  dispute: "MD2612070001",
  field: "address",
};

/** The wordings of a kind: kinds worded by a fact have one per value of it. */
const VARIANTS: Record<string, Record<string, string>[]> = {
  deadline_warning: [{ deadline: "response" }, { deadline: "handle" }],
  deadline_overdue: [{ deadline: "response" }, { deadline: "handle" }],
  decide_extension: [{ decision: "approved" }, { decision: "refused" }],
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
    to: "unit",
    createdAt: "2026-12-07T01:00:00.000Z",
    readAt: null,
  };
}

async function wordsIn(lang: Lang): Promise<{ t: ConsoleT; name: NameOf }> {
  const i18n = i18next.createInstance();
  await i18n.init(i18nOptions("console", consoleWords, lang));
  const t = i18n.getFixedT(lang, "console") as unknown as ConsoleT;
  const name: NameOf = (kind, code) => domainWords[lang][domainKey(kind, code)];
  return { t, name };
}

const consoleKinds = CONSOLE_MODULES.flatMap((m) => Object.keys(m.notificationKinds ?? {}));

describe("notification texts", () => {
  it("has words for every kind the console names", () => {
    expect(consoleKinds.length).toBeGreaterThan(30);
    expect(consoleKinds.filter((kind) => !Object.hasOwn(NOTIFICATION_TEXTS, kind))).toEqual([]);
  });

  for (const lang of LANGS) {
    it(`words every kind in ${lang} from its facts`, async () => {
      const { t, name } = await wordsIn(lang);
      const problems: string[] = [];
      for (const kind of consoleKinds) {
        for (const variant of VARIANTS[kind] ?? [{}]) {
          const { text } = notificationText(t, name, lang, notification(kind, { ...FACTS, ...variant }));
          const at = `${kind} ${JSON.stringify(variant)}: ${text}`;
          if (text === STORED) problems.push(`${at} (the stored text)`);
          if (/[{}]/.test(text)) problems.push(`${at} (a placeholder left)`);
          if (text.startsWith("centre.note.")) problems.push(`${at} (no words)`);
          const han = /\p{Script=Han}/u.test(text);
          if (lang === "en" && han) problems.push(`${at} (Chinese in English)`);
          if (lang === "zh-CN" && !han) problems.push(`${at} (no Chinese)`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("puts in the facts: names, the reason's name, the deadline in China time, the subject's number", async () => {
    const en = await wordsIn("en");
    const sentBack = notificationText(
      en.t,
      en.name,
      "en",
      notification("send_back", { unit: "Post 3", reason: "wrong grid" }),
    );
    expect(sentBack).toEqual({
      title: null,
      text: "Post 3 sent case 261127020009 back because: wrong grid. Dispatch it again.",
      note: null,
    });
    expect(
      notificationText(en.t, en.name, "en", notification("reject", { rejectReason: "duplicate" })).text,
    ).toBe("Appeal 261127020009 was not accepted: Duplicate.");
    const due = notificationText(en.t, en.name, "en", notification("deadline_warning", factsWith("handle")));
    expect(due.text).toBe("Case 261127020009: handle it and reply before 2026-12-07 10:00.");
    const zh = await wordsIn("zh-CN");
    const urged = notificationText(zh.t, zh.name, "zh-CN", notification("urge", { note: "今天必须到现场" }));
    expect(urged).toEqual({
      title: null,
      text: "请抓紧办理案件 261127020009。",
      note: "今天必须到现场",
    });
  });

  it("shows the stored text for a row without its facts, except in English when the words need none", async () => {
    const zh = await wordsIn("zh-CN");
    const en = await wordsIn("en");
    expect(notificationText(zh.t, zh.name, "zh-CN", notification("urge", null)).text).toBe(STORED);
    expect(notificationText(en.t, en.name, "en", notification("urge", null)).text).toBe(
      "Please speed up the handling of case 261127020009.",
    );
    // The words need the unit and the reason, which an old row does not carry.
    expect(notificationText(en.t, en.name, "en", notification("send_back", null)).text).toBe(STORED);
    // A kind the console has no words for (a newer server) shows what the server wrote.
    expect(notificationText(en.t, en.name, "en", notification("something_new", { unit: "x" })).text).toBe(
      STORED,
    );
  });
});

function factsWith(deadline: string): Record<string, string | number> {
  return { due: FACTS.due as string, deadline };
}
