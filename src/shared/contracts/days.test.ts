import { describe, expect, it } from "vitest";
import { isoDay, isoMoment } from "./days.js";

describe("days and moments a client sends", () => {
  it("take the years 1900 to 2999 only (PostgreSQL refuses year 0000, which ISO checks let through)", () => {
    for (const ok of ["1900-01-01", "2026-12-07", "2999-12-31"])
      expect(isoDay().safeParse(ok).success).toBe(true);
    for (const bad of ["0000-01-01", "0001-01-01", "1899-12-31", "3000-01-01", "2026-02-30", "7.12.2026"])
      expect(isoDay().safeParse(bad).success, bad).toBe(false);
    expect(isoMoment().safeParse("2026-12-07T08:00:00+08:00").success).toBe(true);
    for (const bad of ["0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2026-12-07T08:00:00"])
      expect(isoMoment().safeParse(bad).success, bad).toBe(false);
  });
});
