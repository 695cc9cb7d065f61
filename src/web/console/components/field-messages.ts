import type { ConsoleT } from "../i18n/index.js";

/**
 * A schema check's English words (the server's zod messages, ours or zod's own) in the page's
 * language: the field's label is right above its message, so "result is required" becomes
 * "请填写办理结果" when the label is known, else "必填" under the field (its label is just above). Words this
 * does not recognise stay the server's in English and become a plain "check this" in Chinese.
 */
export function localFieldMessage(t: ConsoleT, english: boolean, message: string, label?: string): string {
  const number = (re: RegExp) => Number(re.exec(message)?.[1]);
  if (
    /\bis required\b|received undefined|received null|^required$|>=\s*1 characters?|at least 1 /i.test(
      message,
    )
  )
    return label ? t("form.requiredField", { field: label }) : t("form.required");
  if (/expected string to have <=\s*(\d+)|at most (\d+) characters/i.test(message))
    return t("form.tooLong", { max: number(/(\d+)/) });
  if (/expected string to have >=\s*(\d+)|at least (\d+) characters/i.test(message))
    return t("form.tooShort", { min: number(/(\d+)/) });
  if (/expected number to be <=?\s*(-?[\d.]+)|at most (-?[\d.]+)\b/i.test(message))
    return t("form.tooBig", { max: number(/(-?[\d.]+)/) });
  if (/expected number to be >=?\s*(-?[\d.]+)|more than (-?[\d.]+)|at least (-?[\d.]+)\b/i.test(message))
    return t("form.tooSmall", { min: number(/(-?[\d.]+)/) });
  return english ? message : t("form.invalid");
}
