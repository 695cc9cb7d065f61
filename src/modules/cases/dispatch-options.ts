/**
 * What the dispatcher may send a case to: the unit routing would pick for its category and
 * place now (the suggestion — after triage set a category, the catalogue usually names one),
 * and every unit the dispatch action would accept (inside the dispatcher's scope, or a
 * department above it, and serving the case's place), never the unit holding it now. The
 * dispatch action still decides.
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { categories, organisations, type OrganisationKind } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";
import { getVisibleCase } from "./find-cases.js";
import { chainFromPath, decideRoute, loadRoutingUnits } from "./routing.js";

export interface DispatchUnit {
  id: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
}

export interface DispatchOptions {
  /** The unit the catalogue routes this case to, with why; null when routing would leave it in triage. */
  suggested: (DispatchUnit & { reason: string }) | null;
  /** Every unit the dispatcher may send it to, the most local first. */
  units: DispatchUnit[];
}

/** How local a unit is: grid posts first, the city's departments last. */
const KIND_ORDER: OrganisationKind[] = [
  "grid_post",
  "village_committee",
  "township_centre",
  "department",
  "county_centre",
  "city_centre",
];

/** The most units a case's options list; a township holds far fewer. */
const MAX_UNITS = 500;

export async function dispatchOptionsFor(db: Db, actor: Actor | null, ref: string): Promise<DispatchOptions> {
  const bindings = requirePermission(actor, "cases.dispatch");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  const row = await getVisibleCase(db, actor, ref, "cases.dispatch");
  if (!row) throw new NotFoundError("Case", ref);

  const regionBindings = bindings.filter((b) => b.scopeDepartmentId === null);
  const departments = bindings.map((b) => b.scopeDepartmentId).filter((d): d is string => d !== null);
  const servesPlace = sql`(${organisations.regionPath} @> ${row.regionPath}::ltree
    or ${organisations.regionPath} <@ ${row.regionPath}::ltree)`;
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      regionCode: organisations.regionCode,
      depth: sql<number>`nlevel(${organisations.regionPath})`,
    })
    .from(organisations)
    .where(
      and(
        servesPlace,
        or(
          withinScopes(organisations.regionPath, regionBindings),
          and(
            eq(organisations.kind, "department"),
            containingScopes(organisations.regionPath, regionBindings),
          ),
          departments.length > 0 ? inArray(organisations.id, departments) : undefined,
        ),
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(MAX_UNITS);
  // Redispatch moves a case away from the unit holding it: that unit is no option (the action
  // answers already_assigned).
  const units = rows
    .filter((u) => u.id !== row.assignedOrgId)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.depth - a.depth)
    .map(({ id, name, kind, regionCode }) => ({ id, name, kind, regionCode }));

  const [category] = row.categoryCode
    ? await db
        .select({ handlingLevel: categories.handlingLevel, departmentType: categories.departmentType })
        .from(categories)
        .where(eq(categories.code, row.categoryCode))
    : [];
  const chain = chainFromPath(row.regionPath);
  const decision = decideRoute(chain, category ?? null, await loadRoutingUnits(db, chain));
  const pick = decision.status === "dispatched" ? units.find((u) => u.id === decision.unit?.id) : undefined;
  return { suggested: pick ? { ...pick, reason: decision.reason } : null, units };
}
