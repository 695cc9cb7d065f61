import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { settings } from "../../db/schema.js";

/** The `settings` key whose value changes whenever the set of grids or their shapes change. */
export const GRIDS_VERSION_KEY = "grids_version";

/**
 * Increments the grid set's version inside the caller's transaction. The row lock it takes also
 * makes concurrent grid changes wait for each other, so two imports cannot both pass the overlap
 * check against the same old state.
 */
export async function bumpGridsVersion(tx: Tx): Promise<number> {
  const [row] = await tx
    .insert(settings)
    .values({ key: GRIDS_VERSION_KEY, value: 1 })
    .onConflictDoUpdate({
      target: settings.key,
      set: {
        value: sql`to_jsonb(coalesce((${settings.value} #>> '{}')::bigint, 0) + 1)`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ value: settings.value });
  return Number(row?.value ?? 0);
}

/** The current version; 0 before any grid was ever written. */
export async function readGridsVersion(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, GRIDS_VERSION_KEY));
  return Number(row?.value ?? 0);
}
