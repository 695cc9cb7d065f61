import { Button } from "antd-mobile";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/index.js";

/** The top bar: back (inside a case), the title, the language switch. */
export function GridHeader(props: { onBack?: () => void; right: ReactNode }) {
  const { t } = useI18n();
  return (
    <div
      style={{
        display: "flex",
        alignItems: "center",
        minHeight: 52,
        padding: "0 4px",
        background: "#fff",
        borderBottom: "1px solid #eee",
      }}
    >
      <div style={{ width: 96 }}>
        {props.onBack && (
          <Button fill="none" style={{ minHeight: 44, fontSize: 16 }} onClick={props.onBack}>
            ‹ {t("grid.back")}
          </Button>
        )}
      </div>
      <h1 style={{ flex: 1, textAlign: "center", fontSize: 18, margin: 0 }}>{t("grid.title")}</h1>
      <div style={{ width: 96, textAlign: "right" }}>{props.right}</div>
    </div>
  );
}
