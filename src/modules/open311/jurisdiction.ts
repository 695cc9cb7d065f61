import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import { Open311Error } from "./respond.js";

/**
 * Names a client may use for a city besides its division code. The spec suggests the city's web
 * domain; a plain name is what people type. Only the demo city has one so far.
 */
const CITY_ALIASES: Readonly<Record<string, string>> = { langfang: "1310" };

/** A city this endpoint serves. */
export interface Jurisdiction {
  code: string;
  name: string;
  path: string;
  /** Every value of `jurisdiction_id` that names it. */
  ids: string[];
}

/** The cities imported into this installation, each with the ids that name it. */
export async function listJurisdictions(db: Db): Promise<Jurisdiction[]> {
  const rows = await db
    .select({ code: regions.code, name: regions.name, path: sql<string>`${regions.path}::text` })
    .from(regions)
    .where(eq(regions.level, "city"))
    .orderBy(asc(regions.code));
  return rows.map((r) => ({
    ...r,
    ids: [
      r.code,
      ...Object.entries(CITY_ALIASES)
        .filter(([, code]) => code === r.code)
        .map(([alias]) => alias),
    ],
  }));
}

/**
 * The city `jurisdiction_id` names, or null when it is absent or empty: the spec lets an endpoint
 * treat it as optional, and an empty optional argument is the same as none. Anything else is the
 * spec's 404 "jurisdiction_id not found".
 */
export async function resolveJurisdiction(db: Db, id: string | undefined): Promise<Jurisdiction | null> {
  const given = id?.trim() ?? "";
  if (given === "") return null;
  const code = CITY_ALIASES[given.toLowerCase()] ?? given;
  const [city] = await db
    .select({ code: regions.code, name: regions.name, path: sql<string>`${regions.path}::text` })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.level, "city")));
  if (!city) {
    const known = (await listJurisdictions(db)).flatMap((j) => j.ids);
    throw new Open311Error(
      404,
      `jurisdiction_id ${given} was not found; this endpoint serves ${known.join(", ") || "no city yet"}.`,
    );
  }
  return { ...city, ids: [city.code] };
}
