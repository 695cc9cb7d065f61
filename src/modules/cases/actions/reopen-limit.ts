import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { settings } from "../../../db/schema.js";

/** The `settings` key of how many times an unsatisfied evaluation may reopen a case (重办). */
export const REOPEN_LIMIT_KEY = "reopen_limit";
export const DEFAULT_REOPEN_LIMIT = 2;

/** The configured reopen limit; a missing or malformed value means the default. */
export async function readReopenLimit(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, REOPEN_LIMIT_KEY));
  const value = row?.value;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : DEFAULT_REOPEN_LIMIT;
}
