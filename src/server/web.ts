/**
 * Serves the built web apps (`npm run build:web` → dist/web): the console at /console/, the
 * mobile pages at /m/ (with their PWA files), their shared chunks at /assets/. Any other path
 * under an app answers that app's index.html, so a bookmarked deep link works. The site root
 * leads to the console. Without a build the app paths answer 503 with what to run. The map tile
 * provider (MAP_TILE_PROVIDER, MAP_TILE_URL, TIANDITU_KEY) reaches the pages as JSON in
 * `<meta name="mg-map">`, read at run time, so one build serves every deployment.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply } from "fastify";
import type { App } from "./context.js";
import { errorBody } from "../shared/errors.js";
import { MAP_TILES_META, type MapTilesSetting } from "../shared/contracts/map-tiles.js";

/** Where `vite build` writes the web apps. */
export const WEB_DIR = fileURLToPath(new URL("../../dist/web", import.meta.url));

interface WebApp {
  /** URL prefix without the trailing slash. */
  prefix: string;
  /** index.html inside WEB_DIR. */
  index: string;
}

const APPS: WebApp[] = [
  { prefix: "/console", index: "console/index.html" },
  { prefix: "/m", index: "mobile/index.html" },
];

/** An attribute value with the five characters HTML gives meaning to escaped. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The built page with the deployment's settings the web reads at run time. */
function withSettings(html: string, settings: WebSettings): string {
  if (!settings.mapTiles) return html;
  const content = escapeAttribute(JSON.stringify(settings.mapTiles));
  const meta = `<meta name="${MAP_TILES_META}" content="${content}" />`;
  return html.replace("</head>", `${meta}</head>`);
}

export interface WebSettings {
  mapTiles?: MapTilesSetting | null;
}

export async function webRoutes(app: App, webDir = WEB_DIR, settings: WebSettings = {}): Promise<void> {
  app.get("/", { schema: { hide: true } }, async (_request, reply) => reply.redirect("/console/"));

  const built = fs.existsSync(path.join(webDir, "console/index.html"));
  if (built) {
    // Hashed file names: cached for a year. Files are listed at start (wildcard: false) so the
    // SPA fallbacks below can own the rest of each prefix.
    await app.register(fastifyStatic, {
      root: path.join(webDir, "assets"),
      prefix: "/assets/",
      wildcard: false,
      immutable: true,
      maxAge: "365d",
    });
    const pwaDir = path.join(webDir, "m");
    if (fs.existsSync(pwaDir)) {
      // The service worker and manifest must be fresh on every visit and live under /m/ so the
      // worker's scope is the mobile app.
      await app.register(fastifyStatic, {
        root: pwaDir,
        prefix: "/m/",
        wildcard: false,
        decorateReply: false,
        maxAge: 0,
      });
    }
  }

  for (const webApp of APPS) {
    const file = path.join(webDir, webApp.index);
    const html =
      built && fs.existsSync(file) ? withSettings(fs.readFileSync(file, "utf8"), settings) : undefined;
    const handler = async (_request: unknown, reply: FastifyReply) => {
      if (!html) {
        return reply
          .status(503)
          .send(errorBody("web_not_built", "The web app is not built yet: run `npm run build:web`."));
      }
      return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(html);
    };
    app.get(webApp.prefix, { schema: { hide: true } }, async (_request, reply) =>
      reply.redirect(`${webApp.prefix}/`),
    );
    app.get(`${webApp.prefix}/`, { schema: { hide: true } }, handler);
    app.get(`${webApp.prefix}/*`, { schema: { hide: true } }, handler);
  }
}
