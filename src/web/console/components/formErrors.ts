/**
 * Shows a server's validation answer at the form's fields: `details[].field` such as
 * `body.name` or `body.roles.0.regionCode` becomes the antd field path `["name"]`, `["roles", 0,
 * "regionCode"]`. Answers whether any field took a message (otherwise show the message at large).
 */
import type { FormInstance } from "antd";
import { ApiError } from "../../shared/api.js";
import { i18n, type ConsoleKey } from "../i18n/index.js";

export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^(body|querystring|params)\.?/, "")
    .split(".")
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * A schema check's English words (the server's zod messages, ours or zod's own) in the page's
 * language: the field's label is right above its message, so "result is required" becomes
 * "请填写办理结果" when the label is known, else "必填" under the field (its label is just above). Words this
 * does not recognise stay the server's in English and become a plain "check this" in Chinese.
 */
export function localFieldMessage(message: string, label?: string): string {
  const t = (key: ConsoleKey, values?: Record<string, string | number>) =>
    i18n.getFixedT(null, "console")(key, values ?? {});
  const english = i18n.language === "en";
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

/**
 * What a field shows: for a refusal of the service (`weak_password`, `unknown_category`… naming a
 * field) the UI's own words for its code; for a schema check (`validation_failed`) that check's
 * words in the page's language (`localFieldMessage`), never the server's raw English on a Chinese page.
 */
export function fieldMessage(
  err: ApiError,
  detailMessage: string,
  codeText: (err: ApiError) => string,
  label?: string,
): string {
  return err.code === "validation_failed" ? localFieldMessage(detailMessage, label) : codeText(err);
}

/**
 * `fieldOf` renames a server field before it is placed (e.g. `body.items.3.name` → `body.name`
 * when the form edits item 3 of a list the server takes whole); null drops it.
 */
export function applyFieldErrors(
  form: FormInstance,
  err: unknown,
  fieldOf: (field: string) => string | null = (f) => f,
  codeText: (err: ApiError) => string = (e) => e.message,
): boolean {
  if (!(err instanceof ApiError)) return false;
  const known = new Set(
    Object.keys(form.getFieldsValue(true) as Record<string, unknown>).map((k) => JSON.stringify([k])),
  );
  const fields = err.details
    .flatMap((d) => {
      const field = typeof d.field === "string" ? fieldOf(d.field) : null;
      return field === null
        ? []
        : [{ name: fieldPath(field), errors: [fieldMessage(err, d.message, codeText)] }];
    })
    .filter((f) => f.name.length > 0 && (known.has(JSON.stringify(f.name.slice(0, 1))) || f.name.length > 1));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}
