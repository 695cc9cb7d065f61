/**
 * Serving the built web apps: deep links answer the app's page, hashed assets are cached for
 * long, the PWA files are always fresh, an unbuilt app says what to run, and the API's own 404
 * stays JSON.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/server/context.js";
import { errorBody } from "../../src/shared/errors.js";
import { webRoutes, type WebSettings } from "../../src/server/web.js";

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

async function appOn(webDir: string, settings: WebSettings = {}): Promise<App> {
  const app = Fastify() as unknown as App;
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody("not_found", `No route ${request.method} ${request.url}.`));
  });
  await webRoutes(app, webDir, settings);
  await app.ready();
  return app;
}

describe("web apps", () => {
  let dir: string;
  let app: App;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mg-web-"));
    writeFiles(dir, {
      "console/index.html": "<head><title>console</title></head>",
      "mobile/index.html": "<head><title>mobile</title></head>",
      "assets/console-abc123.js": "console.log(1)",
      "m/sw.js": "self.addEventListener('fetch', () => {})",
      "m/manifest.webmanifest": '{"name":"Microgov"}',
    });
    app = await appOn(dir);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers each app's page for its deep links", async () => {
    for (const [url, title] of [
      ["/console/", "console"],
      ["/console/cases/261127020001", "console"],
      ["/m/", "mobile"],
      ["/m/track/AB12-CD34-EF", "mobile"],
    ] as const) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain(`<title>${title}</title>`);
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
    expect((await app.inject({ method: "GET", url: "/console" })).headers.location).toBe("/console/");
    expect((await app.inject({ method: "GET", url: "/" })).headers.location).toBe("/console/");
  });

  it("caches hashed assets for a year and keeps the service worker fresh", async () => {
    const asset = await app.inject({ method: "GET", url: "/assets/console-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
    const sw = await app.inject({ method: "GET", url: "/m/sw.js" });
    expect(sw.statusCode).toBe(200);
    expect(sw.body).toContain("addEventListener");
    expect(sw.headers["cache-control"]).toContain("max-age=0");
    const manifest = await app.inject({ method: "GET", url: "/m/manifest.webmanifest" });
    expect(manifest.statusCode).toBe(200);
  });

  it("answers a missing asset with the JSON 404, not a page", async () => {
    const res = await app.inject({ method: "GET", url: "/assets/nope.js" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  it("names the map tile provider in each page as escaped JSON, and nothing without one", async () => {
    const mapTiles = {
      provider: "custom" as const,
      url: 'https://tiles.example/{z}/{x}/{y}.png?k="><script>',
      maxZoom: 19,
    };
    const tiled = await appOn(dir, { mapTiles });
    try {
      for (const url of ["/console/", "/m/grid"]) {
        const res = await tiled.inject({ method: "GET", url });
        const meta = /<meta name="mg-map" content="([^"]*)" \/><\/head>/.exec(res.body);
        expect(meta, url).not.toBeNull();
        expect(res.body, url).not.toContain("<script>");
        const decoded = (meta?.[1] ?? "").replace(/&#(\d+);/g, (_m, code: string) =>
          String.fromCharCode(Number(code)),
        );
        expect(JSON.parse(decoded), url).toEqual(mapTiles);
      }
    } finally {
      await tiled.close();
    }
    expect((await app.inject({ method: "GET", url: "/console/" })).body).not.toContain("mg-map");
  });

  it("says what to run when the web apps are not built", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "mg-web-empty-"));
    const bare = await appOn(empty);
    try {
      const res = await bare.inject({ method: "GET", url: "/console/dispatch" });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: "web_not_built" });
      expect(res.json().error.message).toContain("npm run build:web");
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
