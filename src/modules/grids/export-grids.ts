import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { findGridFeatures, type GridExport } from "./find-grids.js";

export interface ExportGridsOptions {
  /** Who exports: a signed-in user (their grids.read scopes) or `"system"` (CLI), which sees every grid. */
  actor: Actor | "system";
  /** Only the grids under this region (city, county, township, village or grid code). */
  region?: string;
}

/**
 * The grids the actor may read as a GeoJSON FeatureCollection (properties code, name,
 * villageCode, townshipCode, countyCode); importing it again changes nothing.
 */
export async function exportGrids(db: Db, opts: ExportGridsOptions): Promise<GridExport> {
  const scopes = opts.actor === "system" ? null : requirePermission(opts.actor, "grids.read");
  return findGridFeatures(db, scopes, opts.region);
}
