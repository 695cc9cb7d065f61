/**
 * Registers the mobile app's service worker (/m/sw.js, scope /m/), which keeps the app shell for
 * offline starts. Imported by the grid pages only, so a resident's first load does not pay for
 * it. The worker caches what passes through it once it controls the page; the files this page
 * loaded before that (the first visit) are handed to it by name, so the shell and the grid
 * pages open offline after one visit.
 */

/** The /assets/ files this page has loaded so far (entry, chunks, CSS). */
function loadedAssets(): string[] {
  if (typeof performance === "undefined" || typeof performance.getEntriesByType !== "function") return [];
  const urls = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) {
    try {
      const url = new URL(entry.name);
      if (url.origin === location.origin && url.pathname.startsWith("/assets/")) urls.add(url.pathname);
    } catch {
      // not a URL: ignore
    }
  }
  return [...urls];
}

let registering: Promise<ServiceWorkerRegistration | undefined> | undefined;

/**
 * Registers once per page; resolves with the active registration (undefined where service
 * workers are unavailable, e.g. plain http on a LAN address). Never rejects.
 */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  registering ??= (async () => {
    if (!("serviceWorker" in navigator)) return undefined;
    try {
      await navigator.serviceWorker.register("/m/sw.js", { scope: "/m/" });
      return await navigator.serviceWorker.ready;
    } catch {
      return undefined;
    }
  })();
  return registering;
}

/** Asks the worker to keep every /assets/ file this page has loaded (plus /m/ itself). */
export async function keepLoadedAssets(): Promise<void> {
  const registration = await registerServiceWorker();
  registration?.active?.postMessage({ type: "keep", urls: loadedAssets() });
}
