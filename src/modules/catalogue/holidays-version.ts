import type { Tx } from "../../db/client.js";
import { bumpSettingsVersion, readSettingsVersion } from "../../db/settings-version.js";

/** The `settings` key whose value changes whenever the holidays table changes. */
export const HOLIDAYS_VERSION_KEY = "holidays_version";

/** Increments the holiday calendar's version inside the caller's transaction. */
export async function bumpHolidaysVersion(tx: Tx): Promise<void> {
  await bumpSettingsVersion(tx, HOLIDAYS_VERSION_KEY);
}

/** The current version; 0 before the holidays were ever written. */
export const readHolidaysVersion = (tx: Tx): Promise<number> => readSettingsVersion(tx, HOLIDAYS_VERSION_KEY);
