import { eq, sql } from "drizzle-orm";
import type { Tx } from "./client.js";
import { settings } from "./schema.js";

/**
 * A counter in `settings` that changes whenever some cached data set changes (the grids, the
 * holiday calendar), so every app process notices and reloads its cache. Bumping it inside the
 * change's transaction also takes the row lock, which makes concurrent changes of that data set
 * wait for each other.
 */
export async function bumpSettingsVersion(tx: Tx, key: string): Promise<number> {
  const [row] = await tx
    .insert(settings)
    .values({ key, value: 1 })
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

/** The counter's current value; 0 before the data set was ever written. */
export async function readSettingsVersion(tx: Tx, key: string): Promise<number> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return Number(row?.value ?? 0);
}
