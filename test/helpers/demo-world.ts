/**
 * The demo world without its year of history, on a test database (counties 131002 and 131003):
 * grids, organisations, the catalogue, the Open311 key and an account for every role (password
 * Demo12345678). What a browser test needs to sign in and work real cases.
 */
import type { Database } from "../../src/db/client.js";
import { seedDemoAccounts } from "../../src/modules/accounts/seed-demo-accounts.js";
import { seedDemoCatalogue } from "../../src/modules/catalogue/seed-demo-catalogue.js";
import { generateDemoGrids } from "../../src/modules/grids/demo-grids.js";
import { seedDemoOpen311Key } from "../../src/modules/open311/api-keys.js";
import { seedDemoOrganisations } from "../../src/modules/organisations/seed-demo-organisations.js";

export const DEMO_PASSWORD = "Demo12345678";

export async function seedDemoWorld(database: Database): Promise<void> {
  const db = database.db;
  await generateDemoGrids(db, { city: "1310" });
  await seedDemoOrganisations(db, { city: "1310" });
  await seedDemoCatalogue(db);
  await seedDemoOpen311Key(db);
  await seedDemoAccounts(db);
}
