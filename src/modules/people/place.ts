import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import { inRegisterScope } from "./policy.js";

/** Where a new record lies: the columns every register table carries. */
export interface Place {
  regionCode: string;
  regionPath: string;
  countyCode: string;
  gridCode: string | null;
}

/**
 * The village or grid `code` as a place, if it lies in the actor's people.manage scope (404
 * otherwise, as if it did not exist); a county or township is 400 wrong_region_level.
 */
export async function resolvePlace(tx: Tx, actor: Actor, code: string): Promise<Place> {
  const [row] = await tx
    .select({ code: regions.code, level: regions.level, path: regions.path, countyCode: regions.countyCode })
    .from(regions)
    .where(and(eq(regions.code, code), inRegisterScope(regions.path, actor, "people.manage")));
  if (!row || !row.countyCode) throw new NotFoundError("Region", code);
  if (row.level !== "village" && row.level !== "grid") {
    throw new BadRequestError("wrong_region_level", "The register places records in a village or a grid.", [
      { field: "regionCode", message: "must be a village or a grid" },
    ]);
  }
  return {
    regionCode: row.code,
    regionPath: row.path,
    countyCode: row.countyCode,
    gridCode: row.level === "grid" ? row.code : null,
  };
}

/** Region names by code, for presenting rows. */
export async function regionNames(tx: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}
