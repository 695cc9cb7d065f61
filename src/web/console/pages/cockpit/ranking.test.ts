import { describe, expect, it } from "vitest";
import { rankRows } from "./ranking.js";

const row = (key: string | null, composite: number | null, received: number) => ({
  key,
  figures: { composite: { value: composite }, received: { value: received } },
});

describe("rankings", () => {
  it("ranks by the composite rate only the units with enough cases; the rest follow without a place", () => {
    const rows = [
      row("small-perfect", 1, 13),
      row("big-good", 0.9, 400),
      row("big-better", 0.95, 120),
      row("tie-more-cases", 0.9, 500),
      row(null, 0.5, 900),
      row("small-bad", 0.2, 29),
    ];
    expect(rankRows(rows, 30).map((r) => [r.key, r.place])).toEqual([
      ["big-better", 1],
      ["tie-more-cases", 2],
      ["big-good", 3],
      ["small-bad", null],
      ["small-perfect", null],
    ]);
  });
});
