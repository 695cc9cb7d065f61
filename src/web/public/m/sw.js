/**
 * The mobile app's service worker (scope /m/). Plain JS, copied as-is by Vite from
 * src/web/public/m/ (no build step), so it cannot know the hashed file names at build time:
 *
 * - install: caches the page /m/ and the files its HTML names (script, modulepreload, stylesheet
 *   under /assets/; manifest and icons under /m/), read from the HTML itself;
 * - the page then posts { type: "keep", urls } with every /assets/ file it loaded before this
 *   worker controlled it (lazy chunks of the first visit), and those are cached too;
 * - fetch: pages under /m/ network-first (a new build is seen at once; offline the cached shell,
 *   which routes any /m/ path itself); /assets/ cache-first (names are content hashes, a file
 *   never changes); the manifest and icons network-first; everything else — /api/ above all —
 *   is never touched or cached.
 *
 * A new build's index.html names new files: they are cached as they load; the previous build's
 * files stay until the cache version below changes (they are few and small).
 */
const CACHE = "mg-m-shell-v1";
const SHELL = "/m/";

/** /assets/ and /m/ files named in the HTML (scripts, styles, the manifest, icons). */
function assetsIn(html) {
  const found = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/(?:assets|m)\/[^"]+)"/g)) found.add(match[1]);
  return [...found];
}

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  // One by one: a missing icon must not stop the worker from installing.
  await Promise.all(assetsIn(html).map((url) => cache.add(url).catch(() => undefined)));
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("mg-m-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === "string" && u.startsWith("/assets/"));
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of urls) {
        if (await cache.match(url)) continue;
        try {
          await cache.add(url);
        } catch {
          // offline or gone: cached when next loaded
        }
      }
    })(),
  );
});

/** Network first: a fresh page when online (and kept), the kept shell when not. */
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(SHELL, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(SHELL);
    if (kept) return kept;
    throw err;
  }
}

/** The app's own files under /m/ (manifest, icons): fresh when online, kept for offline. */
async function appFile(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw err;
  }
}

/** Cache first: hashed names never change. */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && (url.pathname === "/m" || url.pathname.startsWith("/m/"))) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(asset(request));
  } else if (url.pathname.startsWith("/m/") && url.pathname !== "/m/sw.js") {
    event.respondWith(appFile(request));
  }
});
