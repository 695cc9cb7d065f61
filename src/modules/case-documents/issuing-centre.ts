/**
 * The governance centre (综治中心) that issues a printed document: the township, county or city
 * centre over the case's place.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { OrganisationKind } from "../../db/schema.js";
import { findOrganisations } from "../organisations/index.js";
import { chainFromPath } from "../cases/index.js";
import type { SupervisionLevel } from "./words.js";

export interface Centre {
  id: string;
  name: string;
  regionPath: string;
}

const CENTRE_KIND: Record<SupervisionLevel, OrganisationKind> = {
  township: "township_centre",
  county: "county_centre",
  city: "city_centre",
};

/** The centre of `level` over the region at `path`, or null where there is none. */
export async function centreAt(db: Db, path: string, level: SupervisionLevel): Promise<Centre | null> {
  const chain = chainFromPath(path);
  const code = { township: chain.townshipCode, county: chain.countyCode, city: chain.cityCode }[level];
  if (code === null) return null;
  // No visibility filter: the case was found in the reader's scope, and the centre over its place
  // is part of what the case says.
  const { items } = await findOrganisations(db, sql`true`, {
    kind: CENTRE_KIND[level],
    region: code,
    page: 1,
    pageSize: 1,
  });
  const [centre] = items;
  return centre ? { id: centre.id, name: centre.name, regionPath: centre.regionPath } : null;
}

/** The nearest centre over the region at `path`: its township's, else its county's, else the city's. */
export async function nearestCentre(db: Db, path: string): Promise<Centre | null> {
  for (const level of ["township", "county", "city"] as const) {
    const centre = await centreAt(db, path, level);
    if (centre) return centre;
  }
  return null;
}
