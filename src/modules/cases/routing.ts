/**
 * Routing an appeal to its first unit: location → grid → village → township → county, then the
 * category's handling level picks the unit (小事不出村、大事不出镇). The decision itself is pure
 * (`decideRoute`); the functions around it read the facts it needs.
 */
import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { VersionedCache, type CacheVersions } from "../../db/cache-versions.js";
import { cases, organisations, regions, type HandlingLevel, type OrganisationKind } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import { LANGFANG_EXTENT } from "../grids/index.js";
import { locateGrid } from "../grids/index.js";
import { OPEN_STATUSES } from "./state-table.js";

/** The region codes a case lies in, city down to grid; null where not known. */
export interface RegionChain {
  cityCode: string | null;
  countyCode: string | null;
  townshipCode: string | null;
  villageCode: string | null;
  gridCode: string | null;
}

/** A region path (`1310.131002.131002001…`) as its chain: the levels are the path's positions. */
export function chainFromPath(path: string): RegionChain {
  const [city, county, township, village, grid] = path.split(".");
  return {
    cityCode: city ?? null,
    countyCode: county ?? null,
    townshipCode: township ?? null,
    villageCode: village ?? null,
    gridCode: grid ?? null,
  };
}

/** A unit that could receive the case. */
export interface RoutingUnit {
  id: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
  departmentType: string | null;
}

/** What routing needs of the category. */
export interface RoutingCategory {
  handlingLevel: HandlingLevel;
  departmentType: string | null;
}

export interface RouteDecision {
  /** The unit whose queue or work list receives the case; null only when no centre exists at all. */
  unit: RoutingUnit | null;
  /** `dispatched` when the catalogue found the unit directly, `triage` for a centre's queue. */
  status: "dispatched" | "triage";
  /** The level of the unit that works the case; null in triage. */
  handlingLevel: HandlingLevel | null;
  /** Why, in a few words, for the intake event (the dispatcher reads it). */
  reason: string;
}

function unitAt(
  units: readonly RoutingUnit[],
  kind: OrganisationKind,
  regionCode: string | null,
  departmentType?: string | null,
): RoutingUnit | null {
  if (regionCode === null) return null;
  return (
    units.find(
      (u) =>
        u.kind === kind &&
        u.regionCode === regionCode &&
        (departmentType === undefined || u.departmentType === departmentType),
    ) ?? null
  );
}

/**
 * The triage queue: the most specific known centre (township, else county, else city). A
 * department-level case whose department is missing goes to the county centre, which knows
 * the county's departments (`fromCounty`).
 */
function triage(
  chain: RegionChain,
  units: readonly RoutingUnit[],
  reason: string,
  fromCounty = false,
): RouteDecision {
  const candidates = [
    fromCounty ? null : unitAt(units, "township_centre", chain.townshipCode),
    unitAt(units, "county_centre", chain.countyCode),
    unitAt(units, "city_centre", chain.cityCode),
  ];
  const unit = candidates.find((u) => u !== null) ?? null;
  return { unit, status: "triage", handlingLevel: null, reason };
}

/**
 * Decides the first unit of a case. Grid-level matters go to the grid's post (the village
 * committee when only the village is known: it holds its grids); village, township and
 * department levels to the committee, the township centre, or the county's department of the
 * category's type (the city's when the county has none). Anything that cannot be placed this
 * way lands in a centre's triage queue.
 */
export function decideRoute(
  chain: RegionChain,
  category: RoutingCategory | null,
  units: readonly RoutingUnit[],
): RouteDecision {
  const direct = (unit: RoutingUnit | null, level: HandlingLevel, reason: string): RouteDecision | null =>
    unit ? { unit, status: "dispatched", handlingLevel: level, reason } : null;
  if (!category) return triage(chain, units, "no category: the centre triages it");
  switch (category.handlingLevel) {
    case "grid":
      return (
        direct(unitAt(units, "grid_post", chain.gridCode), "grid", "grid-level category: the grid's post") ??
        direct(
          unitAt(units, "village_committee", chain.villageCode),
          "village",
          "grid-level category, grid unknown: the village committee",
        ) ??
        triage(chain, units, "grid-level category but neither grid nor village known")
      );
    case "village":
      return (
        direct(
          unitAt(units, "village_committee", chain.villageCode),
          "village",
          "village-level category: the village committee",
        ) ?? triage(chain, units, "village-level category but the village is not known")
      );
    case "township":
      return (
        direct(
          unitAt(units, "township_centre", chain.townshipCode),
          "township",
          "township-level category: the township centre",
        ) ?? triage(chain, units, "township-level category but the township is not known")
      );
    case "department": {
      const type = category.departmentType;
      if (chain.countyCode === null || type === null) {
        return triage(chain, units, "department-level category but the county is not known");
      }
      return (
        direct(
          unitAt(units, "department", chain.countyCode, type),
          "department",
          `department-level category: the county's ${type} department`,
        ) ??
        direct(
          unitAt(units, "department", chain.cityCode, type),
          "department",
          `department-level category: the county has no ${type} department, the city's`,
        ) ??
        triage(chain, units, `no ${type} department in the county or the city`, true)
      );
    }
  }
}

/** The units at the regions of `chain` (one query): every candidate `decideRoute` may pick. */
export async function loadRoutingUnits(db: Tx, chain: RegionChain): Promise<RoutingUnit[]> {
  const codes = [
    chain.cityCode,
    chain.countyCode,
    chain.townshipCode,
    chain.villageCode,
    chain.gridCode,
  ].filter((c): c is string => c !== null);
  if (codes.length === 0) return [];
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      regionCode: organisations.regionCode,
      departmentType: organisations.departmentType,
    })
    .from(organisations)
    .where(inArray(organisations.regionCode, codes));
}

/**
 * Every unit's routing fields by region code, kept per process and reloaded when
 * `units_version` moves (a trigger bumps it on every change of `organisations`).
 */
const UNITS_BY_REGION = new VersionedCache<ReadonlyMap<string, RoutingUnit[]>>(
  "units_version",
  async (db) => {
    const rows = await db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        regionCode: organisations.regionCode,
        departmentType: organisations.departmentType,
      })
      .from(organisations);
    const byRegion = new Map<string, RoutingUnit[]>();
    for (const r of rows) {
      const list = byRegion.get(r.regionCode);
      if (list) list.push(r);
      else byRegion.set(r.regionCode, [r]);
    }
    return byRegion;
  },
);

/** `loadRoutingUnits` from the per-process cache, current as of `versions`. */
export async function cachedRoutingUnits(
  db: Db,
  chain: RegionChain,
  versions: CacheVersions,
): Promise<RoutingUnit[]> {
  const byRegion = await UNITS_BY_REGION.get(db, versions);
  return [chain.cityCode, chain.countyCode, chain.townshipCode, chain.villageCode, chain.gridCode].flatMap(
    (code) => (code === null ? [] : (byRegion.get(code) ?? [])),
  );
}

/** The city (the first by code), kept per process and reloaded when `regions_version` moves. */
const CITY = new VersionedCache<{ code: string; path: string } | null>("regions_version", async (db) => {
  const [city] = await db
    .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
    .from(regions)
    .where(eq(regions.level, "city"))
    .orderBy(regions.code)
    .limit(1);
  return city ?? null;
});

/** Where an appeal lies, as routing and the cases table need it. */
export interface ResolvedLocation {
  chain: RegionChain;
  /** The most specific known region: grid, else village, township, county, or the city. */
  regionCode: string;
  regionPath: string;
  countyCode: string | null;
  gridCode: string | null;
  /** Set when the point lies in a grid outside the region chosen by hand (the choice wins). */
  locationConflict: boolean;
}

/** A little slack around the city's rough extent, so a point on its border is not refused. */
const EXTENT_MARGIN_DEGREES = 0.05;

/** True when the point lies within the city's rough extent (Langfang: about 38.47–40.25 N, 116.1–117.25 E). */
export function insideCityExtent(lon: number, lat: number): boolean {
  const [minLon, minLat, maxLon, maxLat] = LANGFANG_EXTENT;
  const m = EXTENT_MARGIN_DEGREES;
  return lon >= minLon - m && lon <= maxLon + m && lat >= minLat - m && lat <= maxLat + m;
}

/**
 * The grid a point lies in, or null when it lies in no grid but within the city's rough extent;
 * a point clearly outside the city is refused (400 location_outside_city on `field`). Intake,
 * triage and a visit's record all check points here.
 */
export async function gridOfCityPoint(
  db: Db,
  location: { lon: number; lat: number },
  field: string,
  versions?: CacheVersions,
): Promise<Awaited<ReturnType<typeof locateGrid>>> {
  const { lon, lat } = location;
  const grid = await locateGrid(db, lon, lat, versions);
  if (!grid && !insideCityExtent(lon, lat)) {
    throw new BadRequestError("location_outside_city", `The point ${lon},${lat} lies outside the city.`, [
      { field, message: "the point lies outside the city" },
    ]);
  }
  return grid;
}

const HAND_PICKED_LEVELS = ["county", "township", "village"] as const;

/**
 * Places an appeal: the point's grid when it lies in one, else a region chosen by hand (a
 * county, township or village of the city), else the city itself (its centre triages). A point
 * clearly outside the city is refused (400 location_outside_city); one inside its rough extent
 * but in no grid is accepted and placed by the hand-picked region or the city.
 */
export async function resolveLocation(
  db: Db,
  input: { location?: { lon: number; lat: number } | null; regionCode?: string | null },
  /** The cache counters of the request: the city and the grids come from the process's caches. */
  versions?: CacheVersions,
): Promise<ResolvedLocation> {
  const [city] = versions
    ? [await CITY.get(db, versions)]
    : await db
        .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
        .from(regions)
        .where(eq(regions.level, "city"))
        .orderBy(regions.code)
        .limit(1);
  if (!city) throw new BadRequestError("no_city", "No city has been imported yet; appeals cannot be placed.");

  let chosen: { code: string; path: string; countyCode: string | null } | null = null;
  if (input.regionCode) {
    const [row] = await db
      .select({
        code: regions.code,
        path: sql<string>`${regions.path}::text`,
        countyCode: regions.countyCode,
      })
      .from(regions)
      .where(
        and(
          eq(regions.code, input.regionCode),
          inArray(regions.level, [...HAND_PICKED_LEVELS]),
          sql`${regions.path} <@ ${city.path}::ltree`,
        ),
      );
    if (!row) {
      throw new BadRequestError(
        "unknown_region",
        `Region ${input.regionCode} is not a county, township or village of the city.`,
        { field: "regionCode" },
      );
    }
    chosen = row;
  }

  let grid: { code: string; path: string } | null = null;
  if (input.location) grid = await gridOfCityPoint(db, input.location, "location", versions);

  const gridFits = grid !== null && (chosen === null || `${grid.path}.`.startsWith(`${chosen.path}.`));
  const path = gridFits && grid ? grid.path : (chosen?.path ?? city.path);
  const chain = chainFromPath(path);
  return {
    chain,
    regionCode: path.split(".").at(-1) ?? city.code,
    regionPath: path,
    countyCode: chain.countyCode,
    gridCode: chain.gridCode,
    locationConflict: grid !== null && !gridFits,
  };
}

/** Great-circle distance in metres (haversine; plenty for "within about 100 m"). */
export function distanceMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How near and how recent another open case must be to count as a possible duplicate. */
export const DUPLICATE_RADIUS_METRES = 100;
export const DUPLICATE_WINDOW_MS = 7 * 24 * 3_600_000;

export interface PossibleDuplicate {
  id: string;
  number: string;
}

export interface DuplicateSearch {
  caseId?: string;
  categoryCode: string | null;
  lon: number | null;
  lat: number | null;
  at: Date;
  /** Only the cases the viewer may see: a candidate outside their scope is not shown. */
  visible?: SQL;
}

/**
 * The possible duplicates as a query (columns `id`, `number`, `created_at`, oldest first), to run
 * on its own (`findPossibleDuplicates`) or inside a larger statement (intake's one-statement
 * write); null when the appeal has no category or no point. The 50 oldest candidates in a box a
 * little larger than the circle come from the index, then the exact distance (haversine, as
 * `distanceMetres`) keeps those within `DUPLICATE_RADIUS_METRES`.
 */
export function possibleDuplicatesQuery(opts: DuplicateSearch): SQL | null {
  const { categoryCode, lon, lat } = opts;
  if (categoryCode === null || lon === null || lat === null) return null;
  const dLat = (DUPLICATE_RADIUS_METRES * 1.2) / 111_320;
  const dLon = dLat / Math.max(0.1, Math.cos((lat * Math.PI) / 180));
  const iso = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
  const where = and(
    sql`category_code = ${categoryCode}::text`,
    inArray(cases.status, [...OPEN_STATUSES]),
    opts.caseId === undefined ? undefined : ne(cases.id, opts.caseId),
    sql`created_at >= ${iso(opts.at.getTime() - DUPLICATE_WINDOW_MS)}`,
    sql`created_at <= ${iso(opts.at.getTime() + DUPLICATE_WINDOW_MS)}`,
    sql`lat >= ${lat - dLat}::double precision and lat <= ${lat + dLat}::double precision`,
    sql`lon >= ${lon - dLon}::double precision and lon <= ${lon + dLon}::double precision`,
    opts.visible,
  );
  const [pLon, pLat] = [sql`${lon}::double precision`, sql`${lat}::double precision`];
  return sql`select near.id, near.number, near.created_at from (
      select id, number, lon, lat, created_at from cases where ${where} order by created_at limit 50
    ) near
    where 2 * 6371000 * asin(least(1, sqrt(
      power(sin(radians(near.lat - ${pLat}) / 2), 2)
      + cos(radians(${pLat})) * cos(radians(near.lat)) * power(sin(radians(near.lon - ${pLon}) / 2), 2)
    ))) <= ${DUPLICATE_RADIUS_METRES}
    order by near.created_at`;
}

/**
 * Open cases of the same category within about 100 m, received within 7 days of `at`. Never
 * merged automatically: the dispatcher decides (merge is a lifecycle action).
 */
export async function findPossibleDuplicates(db: Tx, opts: DuplicateSearch): Promise<PossibleDuplicate[]> {
  const query = possibleDuplicatesQuery(opts);
  if (query === null) return [];
  const result = await db.execute(query);
  return (result as unknown as { rows: { id: string; number: string }[] }).rows.map((r) => ({
    id: r.id,
    number: r.number,
  }));
}
