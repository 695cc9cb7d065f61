/**
 * The address search of the intake desk and triage: standard addresses (标准地址) in the
 * searcher's scope whose line, or village name and line (when the text names the village),
 * contain the text; when none does, the
 * regions of the scope whose name contains it. Each hit carries what a form needs to place a
 * case (the region to file it in, the point for the map) and the names a person reads (the whole
 * address, the village or community, the grid). Addresses hold no one's data, and nothing about
 * the people living there is joined in.
 */
import { and, asc, eq, ilike, inArray, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { regionNames } from "./place.js";
import { inRegisterScope, requireRegister } from "./policy.js";
import { likePattern } from "./records.js";
import { addresses } from "./schema.js";
import type { AddressHit, AddressSearchResult } from "./schemas.js";

/** At most this many hits: a search box's list, not a report. */
export const ADDRESS_SEARCH_LIMIT = 10;

const village = alias(regions, "search_village");
const township = alias(regions, "search_township");
const county = alias(regions, "search_county");
const grid = alias(regions, "search_grid");

async function searchAddresses(db: Db, actor: Actor, q: string): Promise<AddressHit[]> {
  const pattern = likePattern(q);
  const scope = inRegisterScope(addresses.regionPath, actor, "people.address_search");
  // Villages of the scope named inside the text ("吉祥社区光明道21号"): their addresses match on
  // the village's name and the line together. Usually none, so the search below reads only the
  // address lines, and the names are joined for the few hits alone.
  const named = await db
    .select({ path: sql<string>`${regions.path}::text`, name: regions.name })
    .from(regions)
    .where(
      and(
        eq(regions.level, "village"),
        inRegisterScope(regions.path, actor, "people.address_search"),
        sql`strpos(${q}, ${regions.name}) > 0`,
      ),
    )
    .limit(20);
  const found = await db
    .select({ id: addresses.id })
    .from(addresses)
    .where(
      and(
        scope,
        or(
          ilike(addresses.label, pattern),
          ...named.map(
            (v) =>
              sql`(${addresses.regionPath} <@ ${v.path}::ltree and (${v.name} || ${addresses.label}) ilike ${pattern})`,
          ),
        ),
      ),
    )
    // The line itself matching first, then shorter (房号 after the building), then in order.
    .orderBy(
      sql`(${addresses.label} ilike ${pattern}) desc`,
      sql`length(${addresses.label})`,
      asc(addresses.label),
      asc(addresses.id),
    )
    .limit(ADDRESS_SEARCH_LIMIT);
  if (found.length === 0) return [];
  const rows = await db
    .select({
      id: addresses.id,
      label: addresses.label,
      lon: addresses.lon,
      lat: addresses.lat,
      villageCode: village.code,
      villageName: village.name,
      townshipName: township.name,
      countyName: county.name,
      gridCode: grid.code,
      gridName: grid.name,
    })
    .from(addresses)
    .innerJoin(village, sql`${village.path} = subpath(${addresses.regionPath}, 0, 4)`)
    .leftJoin(township, sql`${township.path} = subpath(${addresses.regionPath}, 0, 3)`)
    .leftJoin(county, sql`${county.path} = subpath(${addresses.regionPath}, 0, 2)`)
    .leftJoin(grid, eq(grid.code, addresses.gridCode))
    .where(
      inArray(
        addresses.id,
        found.map((f) => f.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return found.flatMap(({ id }) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        kind: "address" as const,
        id: r.id,
        label: r.label,
        // A village group's address often starts with its village's name already (吉祥社区1组):
        // the village is then not named twice.
        fullAddress: `${r.countyName ?? ""}${r.townshipName ?? ""}${
          r.label.startsWith(r.villageName) ? "" : r.villageName
        }${r.label}`,
        point: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
        regionCode: r.villageCode,
        level: null,
        village: { code: r.villageCode, name: r.villageName },
        grid: r.gridCode && r.gridName ? { code: r.gridCode, name: r.gridName } : null,
      },
    ];
  });
}

/** Regions of the scope (below the city) whose name contains `q`, the bigger first. */
async function searchRegions(db: Db, actor: Actor, q: string): Promise<AddressHit[]> {
  const rows = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      path: sql<string>`${regions.path}::text`,
      // The middle of the mapped grids inside (qualified by hand: the subquery's own table is g).
      lon: sql<
        number | null
      >`(select (min(g.min_lon) + max(g.max_lon)) / 2 from grids g where g.path <@ regions.path)`,
      lat: sql<
        number | null
      >`(select (min(g.min_lat) + max(g.max_lat)) / 2 from grids g where g.path <@ regions.path)`,
    })
    .from(regions)
    .where(
      and(
        inRegisterScope(regions.path, actor, "people.address_search"),
        ne(regions.level, "city"),
        ilike(regions.name, likePattern(q)),
      ),
    )
    .orderBy(sql`nlevel(${regions.path})`, sql`length(${regions.name})`, asc(regions.code))
    .limit(ADDRESS_SEARCH_LIMIT);
  // The names of every region on the way down (the city's left out: one city per server).
  const chains = rows.map((r) => r.path.split(".").slice(1));
  const names = await regionNames(db, chains.flat());
  return rows.map((r, i) => {
    const chain = chains[i] ?? [];
    const level = r.level as Exclude<typeof r.level, "city">;
    const villageCode = level === "village" || level === "grid" ? (chain[2] ?? null) : null;
    return {
      kind: "region" as const,
      id: r.code,
      label: r.name,
      fullAddress: chain.map((c) => names.get(c) ?? "").join(""),
      point: r.lon !== null && r.lat !== null ? { lon: Number(r.lon), lat: Number(r.lat) } : null,
      // A case is placed in a county, township or village: a grid's case in its village.
      regionCode: level === "grid" ? (villageCode ?? r.code) : r.code,
      level,
      village: villageCode ? { code: villageCode, name: names.get(villageCode) ?? "" } : null,
      grid: level === "grid" ? { code: r.code, name: r.name } : null,
    };
  });
}

/** Standard addresses matching `q` in the actor's scope, or, when there are none, regions. */
export async function searchPlaces(db: Db, actor: Actor, q: string): Promise<AddressSearchResult> {
  requireRegister(actor, "people.address_search");
  const found = await searchAddresses(db, actor, q);
  if (found.length > 0) return { source: "addresses", items: found };
  return { source: "regions", items: await searchRegions(db, actor, q) };
}
