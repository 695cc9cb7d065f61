/**
 * "Export XLSX" and "Export CSV" for any list or table the server can export: give the export
 * (`cases` takes the same filters as GET /cases; `rates` takes by/region/department/from/to;
 * `rate-cases` the query of GET /rates/cases) and the filters now applied. Page and page size
 * are dropped: an export holds every row the filters select.
 *
 *   <ExportButtons kind="cases" query={{ status: "triage", region }} />
 */
import { App, Button, Space } from "antd";
import { useState } from "react";
import { ApiError, type Query } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { downloadFile } from "./download.js";

export type ExportKind = "cases" | "rates" | "rate-cases";

export interface ExportButtonsProps {
  kind: ExportKind;
  query: Query;
  size?: "small" | "middle";
  /** Names the table for screen readers: "Export <label> as XLSX". */
  label?: string;
}

export function ExportButtons({ kind, query, size = "small", label }: ExportButtonsProps) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"xlsx" | "csv" | null>(null);
  const run = async (format: "xlsx" | "csv") => {
    setBusy(format);
    try {
      const { page: _page, pageSize: _pageSize, ...filters } = query;
      await downloadFile(`/exports/${kind}.${format}`, { ...filters, lang }, `${kind}.${format}`);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space size={4}>
      {(["xlsx", "csv"] as const).map((format) => (
        <Button
          key={format}
          size={size}
          loading={busy === format}
          onClick={() => void run(format)}
          data-testid={`export-${kind}-${format}`}
          aria-label={label ? `${t(`export.${format}`)} · ${label}` : undefined}
        >
          {t(`export.${format}`)}
        </Button>
      ))}
    </Space>
  );
}
