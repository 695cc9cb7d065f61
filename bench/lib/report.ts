/** Figures, their goals, the printed table and the JSON file of a run. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Figure {
  /** B1, B2, … or "scale-out". */
  bench: string;
  name: string;
  value: number | null;
  unit: string;
  /** The goal in words, e.g. "≥ 0.35"; absent for figures shown for context. */
  goal?: string;
  /** Met the goal; null when there is no goal or nothing was measured. */
  pass?: boolean | null;
  note?: string;
  /** Something broke (requests failed): the run exits non-zero, whatever the goals. */
  error?: boolean;
}

/** A figure with a goal `value op limit`. */
export function goal(
  f: Omit<Figure, "goal" | "pass">,
  op: "≥" | "≤",
  limit: number,
  unitText = f.unit,
): Figure {
  const pass =
    f.value === null || Number.isNaN(f.value) ? null : op === "≥" ? f.value >= limit : f.value <= limit;
  return { ...f, goal: `${op} ${limit.toLocaleString("en")}${unitText ? ` ${unitText}` : ""}`, pass };
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  postgres: string | null;
  os: string;
  /** 1-minute load average when the run ended: other work sharing the cores shows here. */
  loadAverage: number;
}

export function describeMachine(postgres: string | null): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

function formatValue(f: Figure): string {
  if (f.value === null || Number.isNaN(f.value)) return "—";
  const v = f.value;
  const digits =
    Number.isInteger(v) || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return `${v.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 })}${f.unit ? ` ${f.unit}` : ""}`;
}

/** The table every run prints: one line per figure, its goal, and pass / MISS. */
export function printTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.bench,
    f.name,
    formatValue(f),
    f.goal ?? "",
    f.error ? "ERROR" : f.pass === true ? "pass" : f.pass === false ? "MISS" : "",
    f.note ?? "",
  ]);
  const head = ["bench", "figure", "value", "goal", "", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The results file of a run started now: bench/results/<size>-<UTC date and time>.json. */
export function resultsFile(dir: string, size: string): string {
  const stamp = new Date().toISOString().replace(/:/g, "").replace(/\..*$/, "Z");
  return path.join(dir, `${size}-${stamp}.json`);
}

/** Writes (or rewrites, as a run goes on) the results file. */
export function writeResults(file: string, content: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}
