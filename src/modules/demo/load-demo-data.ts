import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import type { ModuleManifest } from "../../core/modules/manifest.js";
import { MODULES } from "../registry.js";

/** The demo city: Langfang, Hebei. */
export const DEMO_CITY = "1310";
const DEMO_MARKER = "demo_data_loaded_at";

/**
 * Loads the demo data set once: the demo step of every registered module, in registry order —
 * Langfang's real region tree, ~6,000 generated grids, the organisations, the dispatch catalogue
 * with the holiday calendar, about a year of appeals in every state, the Open311 key
 * `demo-open311-key` and an account for every role. Each step is its own work and safe to
 * repeat, so a start interrupted half-way finishes the job next time. Answers false when the
 * data was already there.
 */
export async function loadDemoData(
  db: Db,
  log: (message: string) => void,
  modules: readonly ModuleManifest[] = MODULES,
): Promise<boolean> {
  const [marker] = await db.select().from(settings).where(eq(settings.key, DEMO_MARKER));
  if (marker) return false;
  for (const module of modules) {
    if (!module.demo) continue;
    for (const line of await module.demo.run(db, { city: DEMO_CITY })) log(line);
  }
  await db
    .insert(settings)
    .values({ key: DEMO_MARKER, value: new Date().toISOString() })
    .onConflictDoNothing();
  return true;
}
