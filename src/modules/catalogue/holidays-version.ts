import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { settings } from "../../db/schema.js";

/** The `settings` key whose value changes whenever the holidays table changes. */
export const HOLIDAYS_VERSION_KEY = "holidays_version";

/** Increments the holiday calendar's version inside the caller's transaction. */
export async function bumpHolidaysVersion(tx: Tx): Promise<void> {
  await tx
    .insert(settings)
    .values({ key: HOLIDAYS_VERSION_KEY, value: 1 })
    .onConflictDoUpdate({
      target: settings.key,
      set: {
        value: sql`to_jsonb(coalesce((${settings.value} #>> '{}')::bigint, 0) + 1)`,
        updatedAt: sql`now()`,
      },
    });
}

/** The current version; 0 before the holidays were ever written. */
export async function readHolidaysVersion(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, HOLIDAYS_VERSION_KEY));
  return Number(row?.value ?? 0);
}
