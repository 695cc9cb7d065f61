/**
 * Who sees which visits, as SQL for the query's `where` (the register's rule, see
 * people/policy.ts): a visit is there for a binding whose scope holds the visit's place AND whose
 * role the visit's population type names in `visible_to`. Anything else is absent: a list
 * without it, a count without it, a 404 for the visit itself. Region bindings only.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, requirePermission, type Permission } from "../../core/access/policy.js";
import { ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { visits } from "./schema.js";

export type VisitPermission = Extract<Permission, `visits.${string}`>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The region bindings of the actor that carry `permission` (401/403 as `requirePermission`). */
export function visitBindings(actor: Actor | null, permission: VisitPermission): Binding[] {
  requirePermission(actor, permission);
  const bindings = actor ? bindingsFor(actor, permission).filter((b) => b.scopeDepartmentId === null) : [];
  if (bindings.length === 0) throw new ForbiddenError();
  return bindings;
}

/** The visits `bindings` see: place within the scope and type visible to the binding's role. */
export function visitsVisibleThrough(bindings: readonly Binding[]): SQL {
  if (bindings.length === 0) return sql`false`;
  return sql`(${sql.join(
    bindings.map(
      (b) =>
        sql`(${visits.regionPath} <@ ${b.scopePath}::ltree and exists (select 1 from population_types pt where pt.code = ${visits.typeCode} and pt.visible_to @> array[${b.role}]::text[]))`,
    ),
    sql` or `,
  )})`;
}

/** The visit `id` within `bindings` (404 when absent, hidden or outside them); `lock` takes it FOR UPDATE. */
export async function findVisibleVisit(
  db: Db | Tx,
  id: string,
  bindings: readonly Binding[],
  opts: { lock?: boolean } = {},
) {
  if (!UUID.test(id)) throw new NotFoundError("Visit", id);
  const query = db
    .select()
    .from(visits)
    .where(and(eq(visits.id, id), visitsVisibleThrough(bindings)));
  const [row] = opts.lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("Visit", id);
  return row;
}
