/**
 * "Export XLSX" and "Export CSV" for any list or table the server can export: give the export
 * (`cases` takes the same filters as GET /cases; `rates` takes by/region/department/from/to;
 * `rate-cases` the query of GET /rates/cases; `supervision` those of GET /supervision/overdue) and the filters now applied. Page and page size
 * are dropped: an export holds every row the filters select.
 *
 *   <ExportButtons kind="cases" query={{ status: "triage", region }} />
 */
import { App, Button, Space } from "antd";
import { useState } from "react";
import type { Query } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n, type ConsoleKey } from "../i18n/index.js";
import { downloadFile } from "./download.js";

export type ExportKind = "cases" | "rates" | "rate-cases" | "supervision";
type Format = "xlsx" | "csv";
const FORMATS = { xlsx: "export.xlsx", csv: "export.csv" } as const satisfies Record<Format, ConsoleKey>;

export interface ExportButtonsProps {
  kind: ExportKind;
  query: Query;
  size?: "small" | "middle";
  /** Names the table for screen readers: "Export <label> as XLSX". */
  label?: string;
}

export function ExportButtons({ kind, query, size = "small", label }: ExportButtonsProps) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);
  const run = async (format: Format) => {
    setBusy(format);
    try {
      const { page: _page, pageSize: _pageSize, ...filters } = query;
      // The server's export labels speak "zh" or "en".
      const exportLang = lang === "zh-CN" ? "zh" : "en";
      await downloadFile(`/exports/${kind}.${format}`, { ...filters, lang: exportLang }, `${kind}.${format}`);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space size={4}>
      {(Object.keys(FORMATS) as Format[]).map((format) => (
        <Button
          key={format}
          size={size}
          loading={busy === format}
          onClick={() => void run(format)}
          data-testid={`export-${kind}-${format}`}
          aria-label={label ? `${t(FORMATS[format])} · ${label}` : undefined}
        >
          {t(FORMATS[format])}
        </Button>
      ))}
    </Space>
  );
}
