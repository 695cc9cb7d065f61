import type { OrganisationKind, RegionLevel } from "../../db/schema.js";

/**
 * Where each kind of unit sits in the region tree: a centre at its own level (市/县/乡镇综治中心),
 * departments at a county or the city (县直部门, 市直部门), committees at villages, grid posts
 * at grids.
 */
export const KIND_LEVELS = {
  city_centre: ["city"],
  county_centre: ["county"],
  township_centre: ["township"],
  department: ["county", "city"],
  village_committee: ["village"],
  grid_post: ["grid"],
} as const satisfies Record<OrganisationKind, readonly RegionLevel[]>;

/** True when a unit of `kind` may sit at a region of `level`. */
export function kindFitsLevel(kind: OrganisationKind, level: RegionLevel): boolean {
  return (KIND_LEVELS[kind] as readonly RegionLevel[]).includes(level);
}
