/**
 * Shows a server's validation answer at the form's fields: `details[].field` such as
 * `body.name` or `body.roles.0.regionCode` becomes the antd field path `["name"]`, `["roles", 0,
 * "regionCode"]`. Answers whether any field took a message (otherwise show the message at large).
 */
import type { FormInstance } from "antd";
import { ApiError } from "../../shared/api.js";
import { i18n, type ConsoleT } from "../i18n/index.js";
import { localFieldMessage } from "./field-messages.js";

export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^(body|querystring|params)\.?/, "")
    .split(".")
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
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
): string {
  return err.code === "validation_failed"
    ? localFieldMessage(i18n.getFixedT(null, "console") as ConsoleT, i18n.language === "en", detailMessage)
    : codeText(err);
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
