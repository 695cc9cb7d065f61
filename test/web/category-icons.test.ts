import { describe, expect, it } from "vitest";
import { DEMO_CATEGORIES } from "../../src/modules/catalogue/seed-demo-catalogue.js";
import { categoryIconName } from "../../src/web/shared/category-icons.js";

describe("category icons", () => {
  it("gives every top-level category of the catalogue its own icon, and its children the same", () => {
    const top = DEMO_CATEGORIES.filter((c) => !c.code.includes("."));
    const icons = top.map((c) => categoryIconName(c.code));
    expect(icons).not.toContain("fallback");
    expect(new Set(icons).size).toBe(top.length);
    expect(categoryIconName("security.wires")).toBe(categoryIconName("security"));
  });

  it("falls back to a neutral icon for an unknown or missing category", () => {
    expect(categoryIconName("made_up")).toBe("fallback");
    expect(categoryIconName(null)).toBe("fallback");
  });
});
