/**
 * Triage (分拨前研判): before dispatching a case in the queue, the dispatcher fixes what intake
 * could not know — the category, the point on the map (which places the case in its grid) and the
 * address in words.
 * Only a case in `triage`: it is the state table's `triage` move (no state change), so the
 * version the client saw guards it like any lifecycle action (409 stale_case), and
 * `transition()` bumps the version and writes the event on the case's timeline. The dispatcher's scope bounds it: the new place must stay inside it.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { cases } from "../../db/schema.js";
import { categories, regions } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { pathWithin, requirePermission } from "../../core/access/policy.js";
import { actingUnitFor } from "./actions/acting-unit.js";
import { lockVisibleCase } from "./actions/find-case.js";
import { casesVisibleThrough } from "./policy.js";
import { chainFromPath, gridOfCityPoint } from "./routing.js";
import type { TriageReq } from "./schemas.js";
import { checkTransition, transition } from "./transition.js";

/** An active leaf of the catalogue (the categories a case may be filed under), or null. */
async function usableLeaf(db: Db, code: string): Promise<{ code: string; name: string } | null> {
  const [row] = await db
    .select({ code: categories.code, name: categories.name })
    .from(categories)
    .where(
      and(
        eq(categories.code, code),
        eq(categories.active, true),
        sql`not exists (select 1 from categories c where c.parent_code = ${categories.code} and c.active)`,
      ),
    );
  return row ?? null;
}

/** Where a point places a case: its grid (with the grid's path), or no grid. 400 outside the city. */
function placeOf(db: Db, location: { lon: number; lat: number }) {
  return gridOfCityPoint(db, location, "body.location");
}

/**
 * Sets the category and/or the point of a case in triage; the point's grid (when it lies in
 * one) becomes the case's region. Answers the case's id. 400 unknown_category, 400
 * location_outside_city / outside_scope (field `body.location`), 404 outside the dispatcher's
 * scope, 409 stale_case / illegal_transition (not in triage) with the case's current state.
 */
export async function triageCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: TriageReq,
): Promise<string> {
  const bindings = requirePermission(actor, "cases.dispatch");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  const category =
    input.categoryCode === undefined || input.categoryCode === null
      ? null
      : await usableLeaf(db, input.categoryCode);
  if (input.categoryCode && !category) {
    throw new BadRequestError("unknown_category", `Category ${input.categoryCode} does not take appeals.`, [
      { field: "body.categoryCode", message: "pick an active category without sub-categories" },
    ]);
  }
  const location = input.location ?? null;
  const grid = location ? await placeOf(db, location) : null;
  if (grid) {
    const regionScopes = bindings.filter((b) => b.scopeDepartmentId === null);
    if (!regionScopes.some((b) => pathWithin(grid.path, b.scopePath))) {
      throw new BadRequestError("outside_scope", `The point lies in grid ${grid.name}, outside your area.`, [
        { field: "body.location", message: "the point lies in a grid outside your area" },
      ]);
    }
  }

  return db.transaction(async (tx) => {
    const row = await lockVisibleCase(tx, ref, casesVisibleThrough(bindings));
    // The state table's `triage` move: 409 stale_case / illegal_transition before anything else.
    checkTransition(row, "triage", input.version);
    const set: Partial<typeof cases.$inferInsert> = {};
    if (input.categoryCode !== undefined) set.categoryCode = category?.code ?? null;
    if (input.address !== undefined) set.address = input.address || null;
    if (location) {
      set.lon = location.lon;
      set.lat = location.lat;
    }
    if (grid) {
      const [region] = await tx
        .select({ code: regions.code })
        .from(regions)
        .where(eq(regions.code, grid.code));
      if (region) {
        set.regionCode = grid.code;
        set.regionPath = grid.path;
        set.countyCode = chainFromPath(grid.path).countyCode;
        set.gridCode = grid.code;
      }
    }
    const acting = await actingUnitFor(tx, actor, row, "cases.dispatch");
    await transition(tx, {
      caseId: row.id,
      action: "triage",
      actor: { userId: actor.userId, orgId: acting?.unit.id ?? null },
      expectedVersion: input.version,
      set,
      note: input.note ?? null,
      data: {
        ...(input.categoryCode !== undefined
          ? { categoryCode: category?.code ?? null, fromCategoryCode: row.categoryCode }
          : {}),
        ...(location ? { location, gridCode: grid?.code ?? null, fromGridCode: row.gridCode } : {}),
        ...(input.address !== undefined ? { address: input.address || null, fromAddress: row.address } : {}),
      },
    });
    return row.id;
  });
}
