import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, TEST_COUNTIES, type TestApp } from "../../../test/helpers/app.js";

describe("public region tree", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it("serves a county with its townships, no sign-in needed", async () => {
    const county = await t.app.inject({ url: "/api/v1/regions/131002" });
    expect(county.statusCode).toBe(200);
    expect(county.json()).toMatchObject({
      code: "131002",
      name: "安次区",
      level: "county",
      parentCode: "1310",
    });
    const children = await t.app.inject({ url: "/api/v1/regions/131002/children" });
    const items = children.json().items as { code: string; level: string; path: string }[];
    expect(items.length).toBe(county.json().childCount);
    expect(items.length).toBeGreaterThan(5);
    for (const item of items) {
      expect(item.level).toBe("township");
      expect(item.path.startsWith("1310.131002.")).toBe(true);
    }
  });

  it("lists only the imported counties under the city", async () => {
    const res = await t.app.inject({ url: "/api/v1/regions/1310/children" });
    expect(res.json().items.map((r: { code: string }) => r.code)).toEqual([...TEST_COUNTIES]);
  });

  it("answers 404 for an unknown code and 400 for a malformed one", async () => {
    const unknown = await t.app.inject({ url: "/api/v1/regions/131099" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("not_found");
    const malformed = await t.app.inject({ url: "/api/v1/regions/abc" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].field).toBe("params.code");
  });
});
