import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { settings } from "../db/schema.js";
import { importRegions } from "../modules/regions/import-regions.js";

/** The demo city: Langfang, Hebei. */
export const DEMO_CITY = "1310";
const DEMO_MARKER = "demo_data_loaded_at";

/**
 * Loads the demo data set once: Langfang's real region tree, ~6,000 generated grids, the
 * organisations and an account for every role. Returns false when it was already there.
 */
export async function loadDemoData(db: Db, log: (message: string) => void): Promise<boolean> {
  const [marker] = await db.select().from(settings).where(eq(settings.key, DEMO_MARKER));
  if (marker) return false;
  const regions = await importRegions(db, { city: DEMO_CITY });
  log(`regions: ${regions.counties} counties, ${regions.townships} townships, ${regions.villages} villages`);
  await db.insert(settings).values({ key: DEMO_MARKER, value: new Date().toISOString() });
  return true;
}
