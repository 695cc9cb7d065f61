/**
 * Shows a server's validation answer at the form's fields: `details[].field` such as
 * `body.name` or `body.roles.0.regionCode` becomes the antd field path `["name"]`, `["roles", 0,
 * "regionCode"]`. Answers whether any field took a message (otherwise show the message at large).
 */
import type { FormInstance } from "antd";
import { ApiError } from "../../shared/api.js";

export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^(body|querystring|params)\.?/, "")
    .split(".")
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  const known = new Set(
    Object.keys(form.getFieldsValue(true) as Record<string, unknown>).map((k) => JSON.stringify([k])),
  );
  const fields = err.details
    .filter((d) => typeof d.field === "string")
    .map((d) => ({ name: fieldPath(d.field as string), errors: [d.message] }))
    .filter((f) => f.name.length > 0 && (known.has(JSON.stringify(f.name.slice(0, 1))) || f.name.length > 1));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}
