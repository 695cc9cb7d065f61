/**
 * The reference data every benchmark needs, loaded with the demo loader's own steps (see
 * src/cli/demo.ts) but without its 20,000-case history: Langfang's regions, ~6,000 demo grids,
 * the organisations, the dispatch catalogue, the Open311 demo key and the demo accounts. The
 * benchmarks then start from an empty case table, so every figure they read back is theirs.
 */
import { DEMO_CITY } from "../../src/modules/demo/load-demo-data.js";
import type { Db } from "../../src/db/client.js";
import { seedDemoAccounts } from "../../src/modules/accounts/seed-demo-accounts.js";
import { seedDemoCatalogue } from "../../src/modules/catalogue/seed-demo-catalogue.js";
import { generateDemoGrids } from "../../src/modules/grids/demo-grids.js";
import { seedDemoOpen311Key } from "../../src/modules/open311/api-keys.js";
import { seedDemoOrganisations } from "../../src/modules/organisations/seed-demo-organisations.js";
import { importRegions } from "../../src/modules/regions/import-regions.js";

export interface SeedSummary {
  villages: number;
  grids: number;
  organisations: number;
  seconds: number;
}

/**
 * Loads the reference data into a migrated, empty database: the whole city, or only `counties`
 * (the demo accounts need 131002) where a smaller load will do.
 */
export async function seedReferenceData(db: Db, opts: { counties?: string[] } = {}): Promise<SeedSummary> {
  const started = performance.now();
  const regions = await importRegions(db, {
    city: DEMO_CITY,
    ...(opts.counties ? { counties: opts.counties } : {}),
  });
  const grids = await generateDemoGrids(db, { city: DEMO_CITY });
  const orgs = await seedDemoOrganisations(db);
  await seedDemoCatalogue(db);
  await seedDemoOpen311Key(db);
  await seedDemoAccounts(db);
  return {
    villages: regions.villages,
    grids: grids.grids,
    organisations:
      orgs.cityCentres +
      orgs.countyCentres +
      orgs.townshipCentres +
      orgs.departments +
      orgs.villageCommittees +
      orgs.gridPosts,
    seconds: (performance.now() - started) / 1000,
  };
}
