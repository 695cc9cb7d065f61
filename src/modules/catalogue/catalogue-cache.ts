/**
 * The catalogue as intake needs it, kept per process and reloaded when `catalogue_version`
 * moves (a trigger bumps it on every change of `categories`): the leaves of the active tree (the
 * only categories a case may be filed under), by code and by Open311 service code.
 */
import type { Db } from "../../db/client.js";
import { cacheVersions, VersionedCache, type CacheVersions } from "../../db/cache-versions.js";
import { categories } from "../../db/schema.js";

export type CategoryRow = typeof categories.$inferSelect;

export interface UsableCatalogue {
  /** Active leaves by code: an active category none of whose children is active. */
  leaves: ReadonlyMap<string, CategoryRow>;
  /** The same leaves by their Open311 service code (those that have one). */
  byServiceCode: ReadonlyMap<string, CategoryRow>;
  /** Every category by code (a leaf's parent names its Open311 group). */
  all: ReadonlyMap<string, CategoryRow>;
}

const cache = new VersionedCache<UsableCatalogue>("catalogue_version", async (db) => {
  const rows = await db.select().from(categories);
  const withActiveChild = new Set(rows.filter((r) => r.active && r.parentCode).map((r) => r.parentCode));
  const leaves = rows.filter((r) => r.active && !withActiveChild.has(r.code));
  return {
    leaves: new Map(leaves.map((r) => [r.code, r])),
    byServiceCode: new Map(
      leaves.filter((r) => r.open311ServiceCode !== null).map((r) => [r.open311ServiceCode as string, r]),
    ),
    all: new Map(rows.map((r) => [r.code, r])),
  };
});

/** The usable catalogue, current as of `versions` (default: read now). */
export async function usableCatalogue(db: Db, versions?: CacheVersions): Promise<UsableCatalogue> {
  return cache.get(db, versions ?? (await cacheVersions(db)));
}
