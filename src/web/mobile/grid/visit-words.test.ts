import { describe, expect, it } from "vitest";
import { ageOf } from "./visit-words.js";

describe("ageOf (the age on the visit's person card)", () => {
  const now = new Date(2026, 11, 7);
  it("counts whole years, not yet the birthday of this year", () => {
    expect(ageOf("1950-12-08", now)).toEqual({ years: 75 });
    expect(ageOf("1950-12-07", now)).toEqual({ years: 76 });
  });
  it("counts a baby in whole months", () => {
    expect(ageOf("2026-07-01", now)).toEqual({ months: 5 });
    expect(ageOf("2026-11-08", now)).toEqual({ months: 0 });
    expect(ageOf("2025-12-08", now)).toEqual({ months: 11 });
    expect(ageOf("2025-12-07", now)).toEqual({ years: 1 });
  });
  it("shows nothing for an unknown or future birth date", () => {
    expect(ageOf(null, now)).toBeNull();
    expect(ageOf("2027-01-01", now)).toBeNull();
  });
});
