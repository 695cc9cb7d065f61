import { describe, expect, it } from "vitest";
import { chinaTime } from "./time.js";

describe("chinaTime", () => {
  it("shows an instant in China time as YYYY-MM-DD HH:mm, whatever the machine's zone", () => {
    expect(chinaTime("2026-12-06T16:05:00Z")).toBe("2026-12-07 00:05");
    expect(chinaTime("2026-01-31T15:59:59.999Z")).toBe("2026-01-31 23:59");
    expect(chinaTime(null)).toBe("—");
  });
});
