/**
 * The units (organisations) a user acts for. A user whose role works a unit's matters (by
 * default policy `cases.unit_work`) belongs to the unit named on their account
 * (`users.organisation_id`) and to the unit at each of their binding scopes: the grid post of
 * their grid, the village committee of their village, the township centre of their township (the
 * county or city centre likewise), their department.
 */
import { and, inArray, ne, or } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import type { Actor } from "../access/actor.js";
import { bindingsFor, type Permission } from "../access/policy.js";
import { UNIT_COLUMNS, type Unit } from "./units.js";

/**
 * The units the actor belongs to, through the bindings that carry `permission` (by default
 * `cases.unit_work`: the roles that work a unit's cases). A binding of any other role, such as a
 * resident's or a partner's binding to the city, makes nobody a member of the unit there; without
 * a binding that carries the permission, the unit named on the account does not count either.
 */
export async function actorUnits(
  tx: Tx,
  actor: Actor,
  permission: Permission = "cases.unit_work",
): Promise<readonly Unit[]> {
  const derived = actor.derived;
  if (!derived) return readActorUnits(tx, actor, permission);
  // One read per session, permission and units counter: the next requests of the session take it
  // from memory (a round trip less per case action).
  const key = `units|${permission}|${derived.unitsVersion}`;
  const kept = derived.values.get(key) as Promise<readonly Unit[]> | undefined;
  if (kept) return kept;
  const read = readActorUnits(tx, actor, permission);
  derived.values.set(key, read);
  read.catch(() => {
    if (derived.values.get(key) === read) derived.values.delete(key);
  });
  return read;
}

async function readActorUnits(tx: Tx, actor: Actor, permission: Permission): Promise<Unit[]> {
  const bindings = bindingsFor(actor, permission);
  if (bindings.length === 0) return [];
  const ids = bindings.map((b) => b.scopeDepartmentId).filter((id): id is string => id !== null);
  if (actor.organisationId !== null) ids.push(actor.organisationId);
  const regionCodes = bindings.map((b) => b.scopeRegionCode).filter((c): c is string => c !== null);
  const byId = ids.length > 0 ? inArray(organisations.id, ids) : undefined;
  const byRegion =
    regionCodes.length > 0
      ? and(inArray(organisations.regionCode, regionCodes), ne(organisations.kind, "department"))
      : undefined;
  if (!byId && !byRegion) return [];
  return tx.select(UNIT_COLUMNS).from(organisations).where(or(byId, byRegion));
}
