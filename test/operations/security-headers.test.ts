/**
 * Security headers on every response: the API's JSON, its errors and 404s, the web pages, the
 * Swagger UI, health and metrics. The CSP allows no inline or foreign script, no framing, and
 * images only from the site and the configured tile server; HSTS only over HTTPS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { buildApp } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { contentSecurityPolicy, tileOrigin } from "../../src/server/security-headers.js";
import { createTestDatabase } from "../helpers/db.js";

/** The CSP as directive → sources. */
function directives(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header, "content-security-policy header").toBe("string");
  return new Map(
    String(header)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

const URLS = [
  "/api/v1/regions",
  "/api/v1/no-such-route",
  "/healthz",
  "/metrics",
  "/api/openapi.json",
  "/api/docs/",
  "/console/",
  "/m/",
  "/",
];

describe("security headers", () => {
  let database: Database;
  let plain: App;
  let https: App;
  beforeAll(async () => {
    database = await createTestDatabase();
    plain = await buildApp({
      database,
      config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }),
    });
    https = await buildApp({
      database,
      config: loadConfig({
        DATA_DIR: "/nonexistent",
        LOG_LEVEL: "silent",
        SECURE_COOKIES: "true",
        MAP_TILE_URL: "https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png",
      }),
    });
  });
  afterAll(async () => {
    await plain.close();
    await https.close();
    await database.close();
  });

  it("sends a strict CSP, anti-framing, nosniff and no referrer on every response", async () => {
    for (const url of URLS) {
      const res = await plain.inject({ method: "GET", url });
      const h = res.headers;
      expect(h["x-content-type-options"], url).toBe("nosniff");
      expect(h["x-frame-options"], url).toBe("DENY");
      expect(h["referrer-policy"], url).toBe("no-referrer");
      expect(h["strict-transport-security"], url).toBeUndefined();
      expect(h["cross-origin-opener-policy"], url).toBe("same-origin");
      expect(h["cross-origin-resource-policy"], url).toBe("same-origin");
      expect(h["x-xss-protection"], url).toBe("0");
      const csp = directives(h["content-security-policy"]);
      expect(csp.get("default-src"), url).toEqual(["'self'"]);
      expect(csp.get("script-src"), url).toEqual(["'self'"]);
      expect(csp.get("script-src-attr"), url).toEqual(["'none'"]);
      expect(csp.get("object-src"), url).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), url).toEqual(["'none'"]);
      expect(csp.get("base-uri"), url).toEqual(["'self'"]);
      expect(csp.get("img-src"), url).toEqual(["'self'", "data:", "blob:"]);
      expect(csp.get("connect-src"), url).toEqual(["'self'"]);
      // Plain HTTP (a LAN address): upgrading would break every request.
      expect(csp.has("upgrade-insecure-requests"), url).toBe(false);
      // No source anywhere lets inline or evaluated script in.
      expect(String(h["content-security-policy"]), url).not.toContain("unsafe-eval");
    }
  });

  it("over HTTPS adds HSTS and upgrades, and lets images in from the tile server only", async () => {
    for (const url of ["/api/v1/regions", "/console/", "/api/docs/"]) {
      const res = await https.inject({ method: "GET", url });
      expect(res.headers["strict-transport-security"], url).toBe("max-age=31536000; includeSubDomains");
      const csp = directives(res.headers["content-security-policy"]);
      expect(csp.get("upgrade-insecure-requests"), url).toEqual([]);
      expect(csp.get("img-src"), url).toEqual([
        "'self'",
        "data:",
        "blob:",
        "https://*.tiles.example.org:8443",
      ]);
      expect(csp.get("connect-src"), url).toEqual(["'self'", "https://*.tiles.example.org:8443"]);
      expect(csp.get("script-src"), url).toEqual(["'self'"]);
    }
  });

  it("turns a tile URL template into the origin the CSP names", () => {
    expect(tileOrigin("https://tiles.example/{z}/{x}/{y}.png")).toBe("https://tiles.example");
    expect(tileOrigin("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png")).toBe("http://10.0.0.5:8080");
    expect(tileOrigin("https://{s}.tile.example.org/{z}/{x}/{y}.png")).toBe("https://*.tile.example.org");
  });

  it("derives the image sources from the Tianditu preset: its tile hosts, and nothing without a key", async () => {
    const config = loadConfig({
      DATA_DIR: "/nonexistent",
      LOG_LEVEL: "silent",
      TIANDITU_KEY: "0123456789abcdef0123456789abcdef",
    });
    expect(config.mapTiles?.provider).toBe("tianditu");
    // CGCS2000 tiles in Web Mercator (TILEMATRIXSET=w), on t0 … t7, with the key.
    expect(config.mapTiles?.url).toMatch(
      /^https:\/\/t\{s\}\.tianditu\.gov\.cn\/vec_w\/wmts\?.*TILEMATRIXSET=w.*tk=0123/,
    );
    expect(config.mapTiles?.labels?.en).toContain("LAYER=eva");
    expect(contentSecurityPolicy(config)["img-src"]).toEqual([
      "'self'",
      "data:",
      "blob:",
      "https://*.tianditu.gov.cn",
    ]);
    const app = await buildApp({ database, config });
    try {
      const res = await app.inject({ method: "GET", url: "/console/" });
      const csp = directives(res.headers["content-security-policy"]);
      expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:", "https://*.tianditu.gov.cn"]);
    } finally {
      await app.close();
    }
    const satellite = loadConfig({
      MAP_TILE_PROVIDER: "tianditu_satellite",
      TIANDITU_KEY: "0123456789abcdef0123456789abcdef",
    });
    expect(satellite.mapTiles?.url).toContain("LAYER=img");
    // No key, no URL: no tile layer and no foreign origin (the offline default).
    expect(loadConfig({}).mapTiles).toBeNull();
    expect(contentSecurityPolicy(loadConfig({}))["img-src"]).toEqual(["'self'", "data:", "blob:"]);
  });

  it("refuses a preset without its key, and providers drawn in GCJ-02", () => {
    expect(() => loadConfig({ MAP_TILE_PROVIDER: "tianditu" })).toThrow(/TIANDITU_KEY/);
    expect(() => loadConfig({ MAP_TILE_PROVIDER: "custom" })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ TIANDITU_KEY: "not a key!" })).toThrow(/TIANDITU_KEY/);
    // The key is a secret of sorts: a bad one is not echoed.
    expect(() => loadConfig({ TIANDITU_KEY: "not a key!" })).not.toThrow(/not a key/);
    for (const url of [
      "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8",
      "https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={y}",
      "https://maponline{s}.bdimg.com/tile/?x={x}&y={y}&z={z}",
    ]) {
      expect(() => loadConfig({ MAP_TILE_URL: url }), url).toThrow(/GCJ-02/);
    }
  });

  it("refuses a tile setting that is not a URL template", () => {
    expect(() => loadConfig({ MAP_TILE_URL: "javascript:alert(1)" })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: "tiles.example/{z}/{x}/{y}.png" })).toThrow(/MAP_TILE_URL/);
  });
});
