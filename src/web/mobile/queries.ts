/**
 * The mobile pages' data cache. Emptied whenever who is signed in changes (sign-in, sign-out, a
 * session that ended), so one person on a shared phone never sees what was loaded for another.
 */
import { createQueryClient } from "../shared/query.js";

export const mobileQueries = createQueryClient();

export function forgetLoadedData(): void {
  mobileQueries.clear();
}
