/**
 * A notification's text in the reader's language, from its kind and the facts the server kept
 * (`data`: unit names, a reason, a deadline…), for both apps: the console's bell and the phone's
 * message list each give their kinds' words (their own dictionary keys) and read them through this.
 * The server also stores a Chinese text (what SMS sends, and all there is for rows written before
 * the facts were kept): a Chinese reader whose notification lacks a fact its words need reads that
 * text; an English reader reads the kind's words whenever they need no missing fact, else that
 * text too (the one case left in Chinese).
 */
import { GLOSSARY } from "../../shared/contracts/glossary.js";
import type { Notification } from "./contracts.js";
import { isCodeOf } from "./i18n/domain.js";
import type { NameOf } from "./i18n/names.js";
import type { Lang } from "./i18n/setup.js";
import { chinaTime } from "./time.js";

export type NotificationData = NonNullable<Notification["data"]>;

/**
 * The words of a kind: their key (by a fact, for kinds with two wordings), the facts they name,
 * and (where an app shows one) the key of the title.
 */
export interface KindText<K extends string> {
  key: K | ((data: NotificationData) => K | null);
  /** Facts the words put in, besides the subject's `number` (always known). */
  needs: readonly string[];
  /** The title's key: it names the subject's `number` and no other fact. */
  title?: K;
}

/** The words of a kind that has one wording. */
export const fixed = <K extends string>(key: K, ...needs: string[]): KindText<K> => ({ key, needs });

/** The text to show, and a person's own words that came with it (a note, a reply), shown as written. */
export interface NotificationText {
  /** The title in the reader's language; null when the kind has none or its words are not used. */
  title: string | null;
  text: string;
  note: string | null;
}

export type Shown = Pick<Notification, "kind" | "body" | "data" | "subjectLabel" | "caseNumber">;

/** An app's `t`, as the words are filled: a key and the facts by name. */
export type Fill<K extends string> = (key: K, values: Record<string, string | number>) => string;

/** The notification's text in `lang`: the kind's words filled from its facts, or the stored text. */
export function wordNotification<K extends string>(
  texts: Readonly<Record<string, KindText<K>>>,
  fill: Fill<K>,
  name: NameOf,
  lang: Lang,
  n: Shown,
): NotificationText {
  const stored = { title: null, text: n.body, note: null };
  const spec = Object.hasOwn(texts, n.kind) ? texts[n.kind] : undefined;
  if (!spec) return stored;
  const data: NotificationData = n.data ?? {};
  // Without its facts, a Chinese reader is better served by the stored Chinese text.
  if (n.data === null && lang === "zh-CN") return stored;
  const key = typeof spec.key === "function" ? spec.key(data) : spec.key;
  if (key === null || spec.needs.some((fact) => data[fact] === undefined)) return stored;
  const values: Record<string, string | number> = { ...data, number: n.subjectLabel ?? n.caseNumber ?? "" };
  if (typeof data.due === "string") values.due = chinaTime(data.due);
  const reason = data.rejectReason;
  if (typeof reason === "string" && isCodeOf("rejectReason", reason))
    values.reason = name("rejectReason", reason);
  // A register correction's item (姓名, 住址…), named from the glossary.
  const field = data.field;
  if (typeof field === "string" && Object.hasOwn(GLOSSARY.correctionField, field)) {
    values.field =
      GLOSSARY.correctionField[field as keyof typeof GLOSSARY.correctionField][lang === "en" ? "en" : "zh"];
  }
  const note = typeof data.note === "string" && data.note.trim() !== "" ? data.note : null;
  // The values are the facts by name; each kind's words name only facts its `needs` list.
  return { title: spec.title ? fill(spec.title, values) : null, text: fill(key, values), note };
}
