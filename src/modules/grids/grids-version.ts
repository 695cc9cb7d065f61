import type { Tx } from "../../db/client.js";
import { bumpSettingsVersion, readSettingsVersion } from "../../db/settings-version.js";

/** The `settings` key whose value changes whenever the set of grids or their shapes change. */
export const GRIDS_VERSION_KEY = "grids_version";

/**
 * Increments the grid set's version inside the caller's transaction; its row lock makes two
 * imports wait for each other, so both cannot pass the overlap check against the same old state.
 */
export const bumpGridsVersion = (tx: Tx): Promise<number> => bumpSettingsVersion(tx, GRIDS_VERSION_KEY);

/** The current version; 0 before any grid was ever written. */
export const readGridsVersion = (tx: Tx): Promise<number> => readSettingsVersion(tx, GRIDS_VERSION_KEY);
