/** Period presets in China time (the server counts by China-time calendar days). */
export type PeriodPreset = "month" | "quarter" | "year" | "last12" | "custom";
export const PRESETS: readonly PeriodPreset[] = ["month", "quarter", "year", "last12", "custom"];

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Today's date in China (YYYY-MM-DD). */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The [from, to] days of a preset, `to` being today. */
export function presetRange(preset: Exclude<PeriodPreset, "custom">, now = new Date()): [string, string] {
  const today = chinaToday(now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  switch (preset) {
    case "month":
      return [ymd(y, m, 1), today];
    case "quarter":
      return [ymd(y, Math.floor((m - 1) / 3) * 3 + 1, 1), today];
    case "year":
      return [ymd(y, 1, 1), today];
    case "last12": {
      const first = new Date(Date.UTC(y, m - 12, 1));
      return [ymd(first.getUTCFullYear(), first.getUTCMonth() + 1, 1), today];
    }
  }
}

/** A rate (0–1) as a percentage with one decimal, or "—". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
}

export { chinaTime } from "../../../shared/time.js";
