/**
 * The phone's words for the notifications a resident gets about their own appeals (a reply to
 * rate, not accepted, merged, passed to mediation): the shared code
 * (src/web/shared/notification-text.ts), which also words the console's bell, fills them from the
 * notification's facts in the reader's language, or falls back to the stored Chinese text.
 */
import type { NameOf } from "../../shared/i18n/names.js";
import type { Lang } from "../../shared/i18n/setup.js";
import {
  wordNotification,
  type Fill,
  type KindText,
  type NotificationText,
  type Shown,
} from "../../shared/notification-text.js";
import type { MobileKey, MobileT } from "../i18n/index.js";

const titled = (key: MobileKey, title: MobileKey, ...needs: string[]): KindText<MobileKey> => ({
  key,
  title,
  needs,
});

/** Every kind the server sends a resident (cases/actions: `notifyReporter`) has words here; a test checks. */
export const RESIDENT_NOTIFICATION_TEXTS: Readonly<Record<string, KindText<MobileKey>>> = {
  reply: titled("my.note.reply", "my.note.reply.title", "unit"),
  reject: titled("my.note.reject", "my.note.reject.title", "rejectReason"),
  merge: titled("my.note.merge", "my.note.merge.title", "primary"),
  transfer_to_mediation: titled(
    "my.note.transfer_to_mediation",
    "my.note.transfer_to_mediation.title",
    "committee",
    "dispute",
  ),
  // About the register (我的信息): a correction the resident asked for, handled.
  register_correction_done: titled("my.note.correction_done", "my.note.correction_done.title", "field"),
  register_correction_declined: titled(
    "my.note.correction_declined",
    "my.note.correction_declined.title",
    "field",
  ),
};

/** A resident's notification in `lang`: the kind's title and words from its facts, or the stored text. */
export function residentNotificationText(t: MobileT, name: NameOf, lang: Lang, n: Shown): NotificationText {
  return wordNotification(RESIDENT_NOTIFICATION_TEXTS, t as unknown as Fill<MobileKey>, name, lang, n);
}
