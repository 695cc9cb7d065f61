/**
 * A table (header row + typed cells) written as CSV or XLSX. CSV is what Excel in China opens
 * right: UTF-8 with a byte order mark, CRLF lines, every text cell quoted when it must be, and
 * text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) prefixed
 * with an apostrophe. XLSX is written by exceljs with real numbers and percentages.
 */
import ExcelJS from "exceljs";

export type CellKind = "text" | "int" | "percent" | "number";
export type Cell = string | number | boolean | null;

export interface Column {
  header: string;
  kind: CellKind;
  /** Width in characters for XLSX. */
  width?: number;
}

export interface Table {
  /** Sheet name (at most 31 characters). */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would read as a formula gets a leading apostrophe. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: quotes around text holding a comma, quote or line break; quotes doubled. */
export function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvCell(value: Cell, kind: CellKind): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (kind === "percent") return `${(value * 100).toFixed(1)}%`;
    return String(value);
  }
  return csvQuote(guardFormula(value));
}

/** The table as CSV bytes: BOM, header, one CRLF line per row. */
export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvQuote(guardFormula(c.header))).join(",")];
  for (const row of table.rows) {
    lines.push(table.columns.map((c, i) => csvCell(row[i] ?? null, c.kind)).join(","));
  }
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/** The table as an XLSX workbook of one sheet, header bold and frozen. */
export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Microgov";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: c.width ?? (c.kind === "text" ? 18 : 12),
    style: c.kind === "percent" ? { numFmt: "0.0%" } : c.kind === "number" ? { numFmt: "0.00" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(
      table.columns.map((c, i) => {
        const v = row[i] ?? null;
        return typeof v === "boolean" ? (v ? 1 : 0) : v;
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function render(table: Table, format: ExportFormat): Promise<Buffer> {
  return format === "csv" ? toCsv(table) : toXlsx(table);
}

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266 / 5987). */
export function contentDisposition(basename: string, format: ExportFormat): string {
  const name = `${basename}.${format}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
