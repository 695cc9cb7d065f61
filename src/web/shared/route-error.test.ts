import { describe, expect, it } from "vitest";
import { routeErrorKind } from "./route-error.js";

describe("routeErrorKind", () => {
  it("recognises a part of an older version that is gone, in each browser's words", () => {
    for (const message of [
      "Failed to fetch dynamically imported module: https://x/console/assets/Cases-1a2b.js",
      "error loading dynamically imported module: https://x/m/assets/Visit-9f.js",
      "Importing a module script failed.",
    ])
      expect(routeErrorKind(new TypeError(message), true), message).toBe("updated");
  });

  it("says offline when the part could not be fetched without a network", () => {
    expect(routeErrorKind(new TypeError("Failed to fetch dynamically imported module: /m/a.js"), false)).toBe(
      "offline",
    );
  });

  it("calls anything else a failure", () => {
    expect(routeErrorKind(new Error("Cannot read properties of undefined"), true)).toBe("failed");
    expect(routeErrorKind(new Error("Cannot read properties of undefined"), false)).toBe("failed");
    expect(routeErrorKind({ status: 500 }, true)).toBe("failed");
    expect(routeErrorKind(undefined, true)).toBe("failed");
  });
});
