import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { createAppI18n, useLang } from "../../shared/i18n/setup.js";
import { consoleWords } from "./words.js";

export type { ConsoleKey } from "./words.js";
export type ConsoleT = TFunction<"console">;

/** The console's i18next instance (created when the app loads). */
export const i18n = createAppI18n("console", consoleWords);

/** The console's words (`t`), the current language and the switch. */
export function useI18n() {
  const { t } = useTranslation("console");
  return { t, ...useLang() };
}
