/**
 * Security headers on every response (@fastify/helmet): a strict Content-Security-Policy, no
 * framing, no MIME sniffing, no referrer, and HSTS when the platform is served over HTTPS. The
 * CSP is the second wall behind "no HTML from data": even if a name slipped into markup, no
 * inline script, event handler attribute or foreign script could run.
 */
import helmet from "@fastify/helmet";
import type { Config } from "../config.js";
import type { MapTilesSetting } from "../shared/contracts/map-tiles.js";
import type { App } from "./context.js";

/**
 * The CSP source for a tile URL template's host: `https://{s}.tiles.example/{z}/{x}/{y}.png`
 * → `https://*.tiles.example` (Leaflet fills `{s}` with a subdomain).
 */
export function tileOrigin(template: string): string {
  const url = new URL(template.replaceAll("{s}", "s").replaceAll(/[{}]/g, ""));
  const host = template.includes("{s}") ? url.host.replace(/^[^.]+\./, "*.") : url.host;
  return `${url.protocol}//${host}`;
}

/** The origins of a tile provider's layers (the base and its labels), each once. */
export function tileOrigins(tiles: MapTilesSetting | null): string[] {
  if (!tiles) return [];
  const layers = [tiles.url, ...(tiles.labels ? [tiles.labels.zh, tiles.labels.en] : [])];
  return [...new Set(layers.map(tileOrigin))];
}

/** The directives; `'self'` everywhere, plus the map tile provider's origins for images. */
export function contentSecurityPolicy(config: Pick<Config, "mapTiles" | "secureCookies">) {
  const tiles = tileOrigins(config.mapTiles);
  return {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    // Only the built bundles: no inline script, no eval, no foreign script.
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    // antd (CSS-in-JS) writes <style> elements at run time, and ECharts' tooltips and Leaflet
    // write style attributes in markup; a nonce would not cover attributes. Styles cannot run
    // script, and scripts stay locked to 'self'.
    "style-src": ["'self'", "'unsafe-inline'"],
    // Photo previews are blob: URLs, icons inside CSS data: URLs; tiles from the configured server.
    "img-src": ["'self'", "data:", "blob:", ...tiles],
    "connect-src": ["'self'", ...tiles],
    "font-src": ["'self'", "data:"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    // Over plain HTTP (a LAN address) upgrading would break every request.
    "upgrade-insecure-requests": config.secureCookies ? [] : null,
  };
}

export async function securityHeaders(app: App, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    // Tracking codes sit in the mobile pages' URLs: never send them to another site.
    referrerPolicy: { policy: "no-referrer" },
    xFrameOptions: { action: "deny" },
    // Browsers ignore HSTS over HTTP; send it only when the platform says it is on HTTPS.
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The console opens PDFs from the API in a new tab; the API's JSON is same-origin anyway.
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
}
