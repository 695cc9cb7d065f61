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

  it("finds regions by part of their name, with the regions above them, within a region if asked", async () => {
    const children = (await t.app.inject({ url: "/api/v1/regions/131002/children" })).json().items as {
      code: string;
      name: string;
    }[];
    const town = children[0];
    if (!town) throw new Error("no township");
    const part = town.name.slice(0, 2);
    const res = await t.app.inject({ url: `/api/v1/regions/search?q=${encodeURIComponent(part)}` });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { code: string; name: string; level: string; above: string[] }[];
    const hit = items.find((r) => r.code === town.code);
    expect(hit).toMatchObject({ level: "township", above: ["安次区"] });
    expect(items.every((r) => r.name.includes(part) && r.level !== "grid")).toBe(true);
    // Within another county: not this township.
    const elsewhere = await t.app.inject({
      url: `/api/v1/regions/search?q=${encodeURIComponent(part)}&within=131003`,
    });
    expect((elsewhere.json().items as { code: string }[]).some((r) => r.code === town.code)).toBe(false);
    // A village is named with its township and county.
    const villages = (await t.app.inject({ url: `/api/v1/regions/${town.code}/children` })).json().items as {
      code: string;
      name: string;
    }[];
    const village = villages[0];
    if (!village) throw new Error("no village");
    const found = await t.app.inject({ url: `/api/v1/regions/search?q=${encodeURIComponent(village.name)}` });
    const first = (found.json().items as { code: string; above: string[] }[])[0];
    expect(first).toMatchObject({ code: village.code, above: ["安次区", town.name] });
    // Pattern characters are taken literally; an empty or too long text is a 400.
    const percent = await t.app.inject({ url: "/api/v1/regions/search?q=%25" });
    expect(percent.json().items).toEqual([]);
    for (const q of ["", "x".repeat(41)]) {
      const bad = await t.app.inject({ url: `/api/v1/regions/search?q=${q}` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("validation_failed");
    }
    expect((await t.app.inject({ url: "/api/v1/regions/search?q=x&within=abc" })).statusCode).toBe(400);
  });
});
