import { describe, expect, it } from "vitest";
import {
  chinaDay,
  chinaTime,
  chinaWallClock,
  dayEndInChina,
  dayStartInChina,
  wallClockInChina,
} from "./time.js";

describe("chinaTime", () => {
  it("shows an instant in China time as YYYY-MM-DD HH:mm, whatever the machine's zone", () => {
    expect(chinaTime("2026-12-06T16:05:00Z")).toBe("2026-12-07 00:05");
    expect(chinaTime("2026-01-31T15:59:59.999Z")).toBe("2026-01-31 23:59");
    expect(chinaTime(null)).toBe("—");
  });
});

describe("date pickers in China time", () => {
  it("gives a picker China's day and wall clock, and reads its choice back as China time", () => {
    // 23:30 UTC on 6 December is already 7 December, 07:30 in China.
    expect(chinaDay("2026-12-06T23:30:00Z")).toBe("2026-12-07");
    expect(chinaWallClock("2026-12-06T23:30:00Z")).toBe("2026-12-07T07:30:00");
    expect(dayStartInChina("2026-12-07")).toBe("2026-12-06T16:00:00.000Z");
    expect(dayEndInChina("2026-12-07")).toBe("2026-12-07T16:00:00.000Z");
    expect(wallClockInChina("2026-12-07T07:30:00")).toBe("2026-12-06T23:30:00.000Z");
    expect(wallClockInChina("2026-12-07 07:30")).toBe("2026-12-06T23:30:00.000Z");
    // A round trip keeps the instant (to the second).
    const now = new Date("2026-05-01T12:34:56Z").toISOString();
    expect(wallClockInChina(chinaWallClock(now))).toBe(now);
  });
});
