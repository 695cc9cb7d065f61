/**
 * The address search of the intake desk and triage: standard addresses (标准地址) in the
 * searcher's scope whose line, or village name and line (when the text names the village),
 * contain the text; when none does, the
 * regions of the scope whose name contains it. Each hit carries what a form needs to place a
 * case (the region to file it in, the point for the map) and the names a person reads (the whole
 * address, the village or community, the grid). Addresses hold no one's data, and nothing about
 * the people living there is joined in.
 */
import { and, asc, eq, ilike, inArray, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
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

/**
 * Addresses whose line holds `q` (`ilike '%q%'`). From two characters on, the n-gram index
 * `addresses_label_grams_gin` (migration 0018_address_search.sql, over `case_text_grams(label)`
 * of migration 0016) narrows the addresses first — every gram of q must be among the line's — and
 * the `ilike` checks the candidates, so the result is exactly the `ilike`'s. One character has no
 * gram: the plain `ilike`, inside the scope.
 */
function labelMatch(q: string, pattern: string): SQL {
  const exact = ilike(addresses.label, pattern);
  // case_text_grams drops \x01 (its separator): the characters left decide whether q has a gram.
  if ([...q.replaceAll("\u0001", "")].length < 2) return exact;
  return and(sql`case_text_grams(${addresses.label}) @> case_text_grams(${q}::text)`, exact) as SQL;
}

async function searchAddresses(db: Db, actor: Actor, q: string): Promise<AddressHit[]> {
  const pattern = likePattern(q);
  const scope = inRegisterScope(addresses.regionPath, actor, "people.address_search");
  // Villages of the scope named inside the text ("吉祥社区光明道21号"): their addresses match on
  // the village's name and the line together. Villages whose name holds the text ("幸福" of
  // 幸福村): their addresses match as they are, after the lines that hold it. Usually none, so the
  // search below reads only the index of the address lines, and the names are joined for the few
  // hits alone.
  const villages = await db
    .select({
      path: sql<string>`${regions.path}::text`,
      name: regions.name,
      inText: sql<boolean>`strpos(${q}, ${regions.name}) > 0`,
    })
    .from(regions)
    .where(
      and(
        eq(regions.level, "village"),
        inRegisterScope(regions.path, actor, "people.address_search"),
        or(sql`strpos(${q}, ${regions.name}) > 0`, ilike(regions.name, pattern)),
      ),
    )
    .orderBy(asc(regions.code))
    .limit(20);
  const named = villages.filter((v) => v.inText);
  const partly = villages.filter((v) => !v.inText);
  // Three reads, each on its own index (an `or` of them would read every address): the lines
  // holding the text (the n-gram index), then the named villages' addresses holding it with the
  // village's name, then the partly named villages' addresses (the region path's GiST index).
  // Within each, the shorter first (房号 after the building), then in order.
  const found: { id: string }[] = [];
  const more = async (where: SQL | undefined) => {
    if (found.length >= ADDRESS_SEARCH_LIMIT) return;
    const seen = found.map((f) => f.id);
    found.push(
      ...(await db
        .select({ id: addresses.id })
        .from(addresses)
        .where(and(scope, where, seen.length > 0 ? notInArray(addresses.id, seen) : undefined))
        .orderBy(sql`length(${addresses.label})`, asc(addresses.label), asc(addresses.id))
        .limit(ADDRESS_SEARCH_LIMIT - found.length)),
    );
  };
  await more(labelMatch(q, pattern));
  if (named.length > 0) {
    await more(
      or(
        ...named.map(
          (v) =>
            sql`(${addresses.regionPath} <@ ${v.path}::ltree and (${v.name} || ${addresses.label}) ilike ${pattern})`,
        ),
      ),
    );
  }
  if (partly.length > 0) {
    await more(or(...partly.map((v) => sql`${addresses.regionPath} <@ ${v.path}::ltree`)));
  }
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
