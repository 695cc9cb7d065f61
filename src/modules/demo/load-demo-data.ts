import { count, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, organisations, settings } from "../../db/schema.js";
import { seedDemoAccounts, type DemoAccount } from "../accounts/index.js";
import { generateDemoHistory } from "../cases/index.js";
import { seedDemoCatalogue } from "../catalogue/index.js";
import { generateDemoGrids } from "../grids/index.js";
import { DEMO_OPEN311_KEY, seedDemoOpen311Key } from "../open311/index.js";
import { seedDemoOrganisations } from "../organisations/index.js";
import { importRegions } from "../regions/index.js";

/** The demo city: Langfang, Hebei. */
export const DEMO_CITY = "1310";
const DEMO_MARKER = "demo_data_loaded_at";

/**
 * Loads the demo data set once: Langfang's real region tree, ~6,000 generated grids, the
 * organisations, the dispatch catalogue with the holiday calendar, about a year of appeals in
 * every state, the Open311 key `demo-open311-key` and an account for every role. Each step is its own transaction and safe to
 * repeat, so a start interrupted half-way finishes the job next time. Returns the demo accounts,
 * or null when the data was already there.
 */
export async function loadDemoData(db: Db, log: (message: string) => void): Promise<DemoAccount[] | null> {
  const [marker] = await db.select().from(settings).where(eq(settings.key, DEMO_MARKER));
  if (marker) return null;
  const regions = await importRegions(db, { city: DEMO_CITY });
  log(
    `demo regions: ${regions.counties} counties, ${regions.townships} townships, ${regions.villages} villages`,
  );
  const grids = await generateDemoGrids(db, { city: DEMO_CITY });
  log(`demo grids: ${grids.grids}`);
  const [orgCount] = await db.select({ n: count() }).from(organisations);
  if (!orgCount || orgCount.n === 0) {
    const orgs = await seedDemoOrganisations(db);
    log(
      `demo organisations: ${orgs.cityCentres + orgs.countyCentres + orgs.townshipCentres} centres, ` +
        `${orgs.departments} departments, ${orgs.villageCommittees} village committees, ${orgs.gridPosts} grid posts`,
    );
  }
  const catalogue = await seedDemoCatalogue(db);
  log(`demo catalogue: ${JSON.stringify(catalogue)}`);
  const [caseCount] = await db.select({ n: count() }).from(cases);
  if (!caseCount || caseCount.n === 0) {
    const history = await generateDemoHistory(db);
    log(`demo history: ${history.cases} cases, ${history.events} events over about a year`);
  }
  await seedDemoOpen311Key(db);
  log(`demo Open311 API key: ${DEMO_OPEN311_KEY}`);
  const accounts = await seedDemoAccounts(db);
  log(`demo accounts: ${accounts.map((a) => a.username).join(", ")}`);
  await db
    .insert(settings)
    .values({ key: DEMO_MARKER, value: new Date().toISOString() })
    .onConflictDoNothing();
  return accounts;
}
