/**
 * B3 (the cockpit at scale) and B4 (work lists and search) live in bench/cockpit.ts, written by
 * the rates roll-up work; this file only calls its `runCockpitBench` on a fresh database copied
 * from the seeded template, and turns what it answers into table rows. When the module is not
 * there (yet), B3 and B4 show as "not available" instead of failing the run.
 */
import type { BenchContext } from "./b1-intake.js";
import { createDatabaseFrom } from "./lib/pg.js";
import type { Figure } from "./lib/report.js";

import type { CockpitBenchOptions, CockpitResult } from "./cockpit.js";

type CockpitModule = { runCockpitBench?: (opts: CockpitBenchOptions) => Promise<CockpitResult> };

function asFigure(row: Record<string, unknown>, fallbackBench: string): Figure {
  const value = typeof row.value === "number" ? row.value : null;
  return {
    bench: typeof row.bench === "string" ? row.bench : typeof row.id === "string" ? row.id : fallbackBench,
    name: typeof row.name === "string" ? row.name : "figure",
    value,
    unit: typeof row.unit === "string" ? row.unit : "",
    ...(typeof row.goal === "string" ? { goal: row.goal } : {}),
    pass: typeof row.pass === "boolean" ? row.pass : null,
    ...(typeof row.note === "string" ? { note: row.note } : {}),
  };
}

export async function runCockpit(
  ctx: BenchContext,
  opts: {
    cases: number;
    size: string;
    steps?: number[];
    /** In steps, B4's lists too (and the text search after the last step). */
    lists?: boolean;
    onDetails?: (details: unknown) => void;
  },
): Promise<{ figures: Figure[]; details: unknown }> {
  if (opts.steps && opts.steps.length > 0) {
    // B3 (and with `lists` B4) at growing sizes (--cockpit-steps); see runCockpitSteps.
    const { runCockpitSteps } = await import("./cockpit.js");
    const url = await createDatabaseFrom(ctx.pg, "bench_cockpit", ctx.template);
    ctx.log(
      `${opts.lists ? "B3 and B4" : "B3"} in steps: ${opts.steps.map((s) => s.toLocaleString("en")).join(", ")} cases`,
    );
    const r = await runCockpitSteps({
      databaseUrl: url,
      steps: opts.steps,
      lists: opts.lists === true,
      log: ctx.log,
      onStep: (steps) => opts.onDetails?.({ steps }),
    });
    return { figures: r.figures.map((f) => asFigure({ ...f }, f.bench)), details: { steps: r.steps } };
  }
  // A computed specifier: the module may not exist, and the type checker must not insist on it.
  const specifier = "./cockpit.js";
  let mod: CockpitModule | null = null;
  try {
    mod = (await import(specifier)) as CockpitModule;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND";
    if (!missing) throw err;
  }
  if (!mod?.runCockpitBench) {
    return {
      figures: [
        {
          bench: "B3",
          name: "cockpit at scale",
          value: null,
          unit: "",
          pass: null,
          note: "not available: bench/cockpit.ts has no runCockpitBench",
        },
        {
          bench: "B4",
          name: "work lists and search",
          value: null,
          unit: "",
          pass: null,
          note: "not available: bench/cockpit.ts has no runCockpitBench",
        },
      ],
      details: null,
    };
  }
  const url = await createDatabaseFrom(ctx.pg, "bench_cockpit", ctx.template);
  ctx.log(`B3/B4 cockpit: ${opts.cases.toLocaleString("en")} cases`);
  const result: unknown = await mod.runCockpitBench({ databaseUrl: url, cases: opts.cases, log: ctx.log });
  const rows = Array.isArray(result)
    ? result
    : result && typeof result === "object" && Array.isArray((result as { figures?: unknown }).figures)
      ? (result as { figures: unknown[] }).figures
      : [];
  return {
    figures: rows
      .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
      .map((r) => asFigure(r, "B3")),
    details: result,
  };
}
