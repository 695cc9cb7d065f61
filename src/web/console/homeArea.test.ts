import { describe, expect, it } from "vitest";
import { homeRegionCode } from "./homeArea.js";

describe("the region a map opens on", () => {
  it("is the scope's own region, a grid's village, nothing for a malformed path", () => {
    expect(homeRegionCode("1310.131002.131002001")).toBe("131002001");
    expect(homeRegionCode("1310.131002.131002001.131002001007.131002001007001")).toBe("131002001007");
    expect(homeRegionCode("1310")).toBe("1310");
    expect(homeRegionCode("")).toBeNull();
    expect(homeRegionCode("1310.x")).toBeNull();
  });
});
