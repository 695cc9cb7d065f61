/**
 * The rule of a required field: antd marks its label (the red `*`) and sets `aria-required`, and
 * the form checks it before anything is sent, with a message that names the field in the page's
 * language ("请填写办理结果" / "Result is required"). The server's schemas say which fields are
 * required; a form asks for the same ones.
 */
import type { FormRule } from "antd";
import { useCallback } from "react";
import { useI18n } from "../i18n/index.js";

export type RequiredKind = "fill" | "text" | "choose";

/** `need(label)`: a value to fill in; `"text"`: spaces alone are empty; `"choose"`: a choice to make. */
export function useRequired(): (label: string, kind?: RequiredKind) => FormRule[] {
  const { t } = useI18n();
  return useCallback(
    (label: string, kind: RequiredKind = "fill") => [
      {
        required: true,
        // Only on text: a rule with any key beside `required` is checked as a string by
        // async-validator, which would refuse a number or a boolean that is there.
        ...(kind === "text" ? { whitespace: true } : {}),
        message: t(kind === "choose" ? "form.requiredChoice" : "form.requiredField", { field: label }),
      },
    ],
    [t],
  );
}
