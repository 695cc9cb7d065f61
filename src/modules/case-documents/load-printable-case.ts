/**
 * A case as the printed documents show it: the staff case view (so the reporter's contact is
 * masked exactly as on the case page for this reader — a reveal on screen never reaches the
 * paper), the names of the regions it lies in, and who is printing.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { getVisibleCase, loadCaseContext } from "../cases/index.js";
import { presentCaseDetail } from "../cases/index.js";
import type { CaseDetail } from "../cases/schemas.js";
import { getOrganisation } from "../organisations/index.js";
import { getRegion } from "../regions/index.js";

export interface PrintableCase {
  detail: CaseDetail;
  /** The region names from the city down to the case's own region, e.g. 廊坊市 安次区 … 第1网格. */
  place: string[];
  /** The person printing, with their unit: 张三（银河南路街道综治中心）. */
  printedBy: string;
}

/** Names along a region path; the last is the case's own region (a grid has no public record). */
async function placeNames(db: Db, region: CaseDetail["region"]): Promise<string[]> {
  const codes = region.path.split(".");
  const above = await Promise.all(codes.slice(0, -1).map((code) => getRegion(db, code)));
  return [...above.map((r, i) => r?.name ?? codes[i] ?? ""), region.name];
}

/** The case `idOrNumber` if `actor` may read it (else 404, as for the case page). */
export async function loadPrintableCase(db: Db, actor: Actor, idOrNumber: string): Promise<PrintableCase> {
  requirePermission(actor, "cases.read");
  const row = await getVisibleCase(db, actor, idOrNumber);
  if (!row) throw new NotFoundError("Case", idOrNumber);
  // A printed sheet shows no actions: no units needed to fit them.
  const detail = presentCaseDetail(row, await loadCaseContext(db, row), {
    actor,
    possibleDuplicates: [],
    handleUnitIds: [],
  });
  const unit = actor.organisationId ? await getOrganisation(db, actor.organisationId, sql`true`) : null;
  return {
    detail,
    place: await placeNames(db, detail.region),
    printedBy: unit ? `${actor.displayName}（${unit.name}）` : actor.displayName,
  };
}
