import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { createAppI18n, useLang } from "../../shared/i18n/setup.js";
import { mobileWords } from "./words.js";

export type { MobileKey } from "./words.js";
export type MobileT = TFunction<"mobile">;

/** The mobile pages' i18next instance (created when the app loads). */
export const i18n = createAppI18n("mobile", mobileWords);

/** The mobile pages' words (`t`), the current language and the switch. */
export function useI18n() {
  const { t } = useTranslation("mobile");
  return { t, ...useLang() };
}
