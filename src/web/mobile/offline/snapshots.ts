/**
 * What the worker last saw, kept for when the network is gone: each GET that answered is stored
 * under a key, and offline (or when the request fails for want of a network) the stored copy is
 * shown with the time it was saved.
 */
import { ApiError, api, type Query } from "../../shared/api.js";
import { offlineDb, type Snapshot } from "./db.js";
import { isOnline, markReachable, markUnreachable } from "./online.js";

export async function saveSnapshot<T>(key: string, value: T): Promise<void> {
  const db = await offlineDb();
  await db.put("snapshots", { key, value, savedAt: new Date().toISOString() });
}

export async function readSnapshot<T>(key: string): Promise<Snapshot<T> | undefined> {
  const db = await offlineDb();
  return (await db.get("snapshots", key)) as Snapshot<T> | undefined;
}

export async function deleteSnapshot(key: string): Promise<void> {
  const db = await offlineDb();
  await db.delete("snapshots", key);
}

/** Forgets every copy kept for one account (their work list and case pages): on sign-out. */
export async function deleteSnapshotsOf(userId: string): Promise<void> {
  const db = await offlineDb();
  for (const key of await db.getAllKeys("snapshots")) {
    if (key.includes(`:${userId}`)) await db.delete("snapshots", key);
  }
}

/** Data and, when it came from the phone rather than the server, when it was saved. */
export interface Loaded<T> {
  data: T;
  savedAt: string | null;
}

/**
 * GET `path` and keep a copy under `key`; offline, or when the request never reached the server,
 * the copy (savedAt set). Without a copy the network error is thrown. Server refusals (404, 403)
 * are thrown as they are: a stale copy must not hide them.
 */
export async function loadWithSnapshot<T>(key: string, path: string, query?: Query): Promise<Loaded<T>> {
  if (isOnline()) {
    try {
      const data = await api<T>(path, { query });
      markReachable();
      await saveSnapshot(key, data);
      return { data, savedAt: null };
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 0) throw err;
      markUnreachable();
    }
  }
  const copy = await readSnapshot<T>(key);
  if (!copy) throw new ApiError(0, "network", "The network is not available.");
  return { data: copy.value, savedAt: copy.savedAt };
}

/** How many pages behind a list are kept on the phone, from its top. */
const KEEP_PAGES = 30;

/**
 * Keeps the pages behind a list on the phone (its first items: the list's own order puts the
 * most pressing first) so they open offline later, skipping those already kept at the version
 * the list shows. Stops when the network goes or the server refuses.
 */
export async function keepPages<I extends { version: number }>(
  items: readonly I[],
  pageOf: (item: I) => { key: string; path: string },
): Promise<void> {
  for (const item of items.slice(0, KEEP_PAGES)) {
    if (!navigator.onLine) return;
    const { key, path } = pageOf(item);
    const kept = await readSnapshot<{ version?: unknown }>(key);
    if (kept && kept.value.version === item.version) continue;
    try {
      await saveSnapshot(key, await api<unknown>(path));
    } catch (err) {
      if (err instanceof ApiError) return;
      throw err;
    }
  }
}
