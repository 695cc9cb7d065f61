/**
 * Where the person works, for maps to open on instead of a fixed point: the region of their first
 * role (a grid's village, since the public region tree stops at villages; a department's county)
 * with the box around its mapped grids (GET /regions/{code}).
 */
import type { RegionDetail } from "../shared/contracts.js";
import { useGet } from "../shared/query.js";
import { useSession } from "./session.js";

/** The public region code of a scope path: its last code, a grid's cut to its village's 12 digits. */
export function homeRegionCode(scopePath: string): string | null {
  const last = scopePath.split(".").at(-1);
  if (!last || !/^\d{4,15}$/.test(last)) return null;
  return last.length > 12 ? last.slice(0, 12) : last;
}

/** The person's home region with its extent; undefined until known (or without a role). */
export function useHomeArea(): RegionDetail | undefined {
  const { session } = useSession();
  const path = session?.roles[0]?.scope.path;
  const code = path ? homeRegionCode(path) : null;
  return useGet<RegionDetail>(code ? `/regions/${code}` : null).data;
}
