/**
 * The point → grid look-up: every grid's bounding box in a Flatbush R-tree, then an exact
 * point-in-polygon test (holes and MultiPolygons included) on the few candidates. Built from the
 * grids table, kept per process and per database, rebuilt when `settings.grids_version` moves.
 */
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { asc, eq, sql } from "drizzle-orm";
import Flatbush from "flatbush";
import type { Db } from "../../db/client.js";
import type { CacheVersions } from "../../db/cache-versions.js";
import { grids, regions } from "../../db/schema.js";
import type { GridGeometry } from "./geometry.js";
import { readGridsVersion } from "./grids-version.js";

/** What a look-up answers: the grid a point lies in. */
export interface LocatedGrid {
  code: string;
  name: string;
  villageCode: string;
  path: string;
}

interface Entry extends LocatedGrid {
  geometry: GridGeometry;
}

/** An immutable index of one snapshot of the grids table. */
export class GridIndex {
  private constructor(
    private readonly entries: Entry[],
    private readonly tree: Flatbush | null,
    /** The grids_version this snapshot was read at. */
    readonly version: number,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Reads all grids (one query) and indexes their bounding boxes. */
  static async build(db: Db): Promise<GridIndex> {
    // Version first: an import committing in between leaves rows newer than the version, which
    // costs one extra rebuild later; the other order could label stale rows as current.
    const version = await readGridsVersion(db);
    const rows = await db
      .select({
        code: grids.code,
        name: regions.name,
        villageCode: grids.villageCode,
        path: sql<string>`${grids.path}::text`,
        geometry: grids.geometry,
        minLon: grids.minLon,
        minLat: grids.minLat,
        maxLon: grids.maxLon,
        maxLat: grids.maxLat,
      })
      .from(grids)
      .innerJoin(regions, eq(regions.code, grids.code))
      .orderBy(asc(grids.code));
    return GridIndex.fromRows(rows, version);
  }

  /** An index over rows already in memory (the benchmark and tests build it without a query). */
  static fromRows(
    rows: (LocatedGrid & {
      geometry: unknown;
      minLon: number;
      minLat: number;
      maxLon: number;
      maxLat: number;
    })[],
    version = 0,
  ): GridIndex {
    if (rows.length === 0) return new GridIndex([], null, version);
    const tree = new Flatbush(rows.length);
    const entries: Entry[] = [];
    for (const r of rows) {
      tree.add(r.minLon, r.minLat, r.maxLon, r.maxLat);
      entries.push({
        code: r.code,
        name: r.name,
        villageCode: r.villageCode,
        path: r.path,
        // Stored only by the import, which validated it as a Polygon or MultiPolygon.
        geometry: r.geometry as GridGeometry,
      });
    }
    tree.finish();
    return new GridIndex(entries, tree, version);
  }

  /**
   * The grid containing the point, or null. A point on an edge two grids share belongs to the
   * one with the lower code, so the answer never depends on the index's internal order.
   */
  locate(lon: number, lat: number): LocatedGrid | null {
    if (!this.tree) return null;
    let best: Entry | null = null;
    for (const i of this.tree.search(lon, lat, lon, lat)) {
      const entry = this.entries[i];
      if (!entry || (best && best.code < entry.code)) continue;
      if (booleanPointInPolygon([lon, lat], entry.geometry)) best = entry;
    }
    if (!best) return null;
    return { code: best.code, name: best.name, villageCode: best.villageCode, path: best.path };
  }
}

/** How long a cached index is trusted before the version is read again. */
const VERSION_CHECK_MS = 3_000;

interface CacheSlot {
  index: GridIndex | null;
  checkedAt: number;
  pending: Promise<GridIndex> | null;
  pendingGeneration: number;
  /** Bumped by invalidateGridIndex, so a build that started before a change is not trusted. */
  generation: number;
}

/** One slot per open database: tests open many in one process. */
const cache = new WeakMap<Db, CacheSlot>();

/**
 * The process's index for `db`, rebuilt when another writer (this process or another app node)
 * bumped grids_version; the version is read at most every few seconds.
 */
export async function getGridIndex(db: Db): Promise<GridIndex> {
  let slot = cache.get(db);
  if (!slot) {
    slot = { index: null, checkedAt: 0, pending: null, pendingGeneration: 0, generation: 0 };
    cache.set(db, slot);
  }
  for (;;) {
    if (slot.index && Date.now() - slot.checkedAt < VERSION_CHECK_MS) return slot.index;
    if (slot.pending && slot.pendingGeneration === slot.generation) return slot.pending;
    // A build that began before the last change: let it finish, then check again.
    if (slot.pending) await slot.pending.catch(() => undefined);
    else slot.pending = refresh(db, slot);
  }
}

async function refresh(db: Db, s: CacheSlot): Promise<GridIndex> {
  const generation = s.generation;
  s.pendingGeneration = generation;
  try {
    const current = s.index;
    const index =
      current && (await readGridsVersion(db)) === current.version ? current : await GridIndex.build(db);
    s.index = index;
    s.checkedAt = generation === s.generation ? Date.now() : 0;
    return index;
  } finally {
    s.pending = null;
  }
}

/** Makes the next look-up read the version at once: called after this process changed grids. */
export function invalidateGridIndex(db: Db): void {
  const slot = cache.get(db);
  if (!slot) return;
  slot.checkedAt = 0;
  slot.generation++;
}

/**
 * The grid a point lies in, whoever asks (no scope): for triage, e.g. an appeal's location →
 * its grid. Routes that answer a person filter the result by the caller's scope.
 */
export async function locateGrid(
  db: Db,
  lon: number,
  lat: number,
  versions?: CacheVersions,
): Promise<LocatedGrid | null> {
  return (await (versions ? getGridIndexAt(db, versions) : getGridIndex(db))).locate(lon, lat);
}

/**
 * The process's index, at least as new as `versions` (the request's cache counters): the cached
 * one when its grids_version is not older, else rebuilt at once.
 */
export async function getGridIndexAt(db: Db, versions: CacheVersions): Promise<GridIndex> {
  const current = cache.get(db)?.index;
  if (current && current.version >= versions.grids_version) return current;
  invalidateGridIndex(db);
  return getGridIndex(db);
}
