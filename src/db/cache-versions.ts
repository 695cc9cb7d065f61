/**
 * The version counters of the per-process caches (sessions and API keys, the catalogue, the
 * units, the regions, the grids, the holiday calendar), read in one query. A cache entry is kept
 * with the counter it was loaded under and used only while the counter is unchanged; the counters
 * are bumped in the transaction of every change (triggers, migration 0011, or the grids' and
 * holidays' own code), so a change is seen by every app process.
 *
 * Freshness rule: a request that starts at time T uses counters read by a query *sent* at or
 * after T, so anything committed before the request began is seen. Concurrent requests share one
 * such query (under load one read serves every request that arrived before it was sent), so the
 * cost is at most one short read per request, usually much less.
 */
import { inArray } from "drizzle-orm";
import { performance } from "node:perf_hooks";
import type { Db } from "./client.js";
import { settings } from "./schema.js";

export const CACHE_VERSION_KEYS = [
  "access_version",
  "catalogue_version",
  "units_version",
  "regions_version",
  "grids_version",
  "holidays_version",
] as const;
export type CacheVersionKey = (typeof CACHE_VERSION_KEYS)[number];

/** The counters as read by one query; 0 for a counter never bumped. */
export type CacheVersions = Readonly<Record<CacheVersionKey, number>>;

interface Read {
  /** performance.now() when the query was sent. */
  sentAt: number;
  promise: Promise<CacheVersions>;
}

interface Slot {
  done: { sentAt: number; versions: CacheVersions } | null;
  pending: Read | null;
}

/** One slot per open database: tests open many in one process. */
const slots = new WeakMap<Db, Slot>();

/** Counts the version queries sent (tests check that concurrent requests share them). */
export const cacheVersionReads = { count: 0 };

async function query(db: Db): Promise<CacheVersions> {
  cacheVersionReads.count++;
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, [...CACHE_VERSION_KEYS]));
  const out = Object.fromEntries(CACHE_VERSION_KEYS.map((k) => [k, 0])) as Record<CacheVersionKey, number>;
  for (const r of rows) out[r.key as CacheVersionKey] = Number(r.value ?? 0);
  return out;
}

/** A monotonic clock reading to pass as `since`: "now", before any work of a request. */
export const cacheClock = (): number => performance.now();

/**
 * The counters, read by a query sent at or after `since` (a `cacheClock()` reading; default: now,
 * i.e. a query sent by this call or joined while it is still to be sent — never an older one).
 */
export async function cacheVersions(db: Db, since: number = cacheClock()): Promise<CacheVersions> {
  let slot = slots.get(db);
  if (!slot) {
    slot = { done: null, pending: null };
    slots.set(db, slot);
  }
  if (slot.done && slot.done.sentAt >= since) return slot.done.versions;
  if (slot.pending && slot.pending.sentAt >= since) return slot.pending.promise;
  const s = slot;
  const sentAt = cacheClock();
  const read: Read = {
    sentAt,
    promise: query(db).then(
      (versions) => {
        if (!s.done || s.done.sentAt < sentAt) s.done = { sentAt, versions };
        if (s.pending === read) s.pending = null;
        return versions;
      },
      (err: unknown) => {
        if (s.pending === read) s.pending = null;
        throw err;
      },
    ),
  };
  slot.pending = read;
  return read.promise;
}

/**
 * A per-process cache of one value per database, reloaded when its counter moves: `load` reads
 * the data (after the counters were read, so a change committing in between costs one extra
 * reload later, never a stale value kept as current).
 */
export class VersionedCache<T> {
  private readonly slots = new WeakMap<Db, { version: number; value: Promise<T> }>();

  constructor(
    private readonly key: CacheVersionKey,
    private readonly load: (db: Db) => Promise<T>,
  ) {}

  async get(db: Db, versions: CacheVersions): Promise<T> {
    const version = versions[this.key];
    const slot = this.slots.get(db);
    if (slot && slot.version === version) return slot.value;
    const value = this.load(db);
    const entry = { version, value };
    this.slots.set(db, entry);
    // A failed load is not kept.
    value.catch(() => {
      if (this.slots.get(db) === entry) this.slots.delete(db);
    });
    return value;
  }
}
