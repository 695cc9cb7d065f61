/**
 * The rule of a required field: antd marks its label (the red `*`) and sets `aria-required`, and
 * the form checks it before anything is sent, with a message that names the field in the page's
 * language ("请填写办理结果" / "Result is required"). The server's schemas say which fields are
 * required; a form asks for the same ones. `text`: only spaces count as empty too (the server trims).
 */
import type { FormRule } from "antd";
import { useCallback } from "react";
import { useI18n } from "../i18n/index.js";

export function useRequired(): (label: string, text?: boolean) => FormRule[] {
  const { t } = useI18n();
  return useCallback(
    (label: string, text = false) => [
      { required: true, whitespace: text, message: t("form.requiredField", { field: label }) },
    ],
    [t],
  );
}
