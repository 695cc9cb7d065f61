/**
 * What went wrong when a page could not be shown (React Router's errorElement). The usual cause in
 * use: the app was updated while a page stayed open (an installed phone app left open across a
 * deploy), so the page asks for a part of the old version that the server no longer has. A reload
 * fetches the new version; nothing a person typed into a form is kept by the browser either way,
 * and work written offline is in the outbox (IndexedDB), which a reload keeps.
 */
export type RouteErrorKind = "updated" | "offline" | "failed";

/** Browsers word a failed `import()` differently: Chromium, Firefox and Safari respectively. */
const STALE_BUNDLE = [
  /Failed to fetch dynamically imported module/i,
  /error loading dynamically imported module/i,
  /Importing a module script failed/i,
];

/**
 * `updated` when a part of the app could not be fetched while online (a newer version replaced
 * it); `offline` when it could not be fetched without a network (a page never opened online, so
 * not saved on the phone); `failed` for anything else.
 */
export function routeErrorKind(error: unknown, online: boolean): RouteErrorKind {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (!STALE_BUNDLE.some((re) => re.test(message))) return "failed";
  return online ? "updated" : "offline";
}

/** The words of each kind (the same keys in the console's and the phone's dictionaries). */
export const ROUTE_ERROR_WORDS = {
  updated: { title: "state.updated", hint: "state.updatedHint" },
  offline: { title: "state.offlinePart", hint: "state.offlinePartHint" },
  failed: { title: "state.crashed", hint: "state.crashedHint" },
} as const satisfies Record<RouteErrorKind, { title: string; hint: string }>;
