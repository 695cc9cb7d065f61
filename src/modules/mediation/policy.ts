/**
 * Who sees which disputes: the region subtree of their bindings, in the query itself (a dispute
 * outside it is "not found"). A township binding sees its villages' disputes; an escalated
 * dispute keeps its place, so the village that raised it still follows it.
 */
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";
import { notifications } from "../../db/schema.js";
import { withinScopes } from "../../core/access/scope.js";
import { NotFoundError } from "../../shared/errors.js";
import { disputes } from "./schema.js";
import type { DisputeRow } from "./store.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function disputesVisibleThrough(bindings: readonly Binding[]): SQL {
  return withinScopes(disputes.regionPath, bindings);
}

/** A dispute by uuid or number. */
export function disputeKey(ref: string): SQL {
  return UUID.test(ref)
    ? (or(eq(disputes.id, ref), eq(disputes.number, ref)) as SQL)
    : eq(disputes.number, ref);
}

/**
 * The dispute `ref` within `bindings`' scopes (404 when absent or outside them); `lock` takes it
 * `FOR UPDATE` for the rest of the transaction, so checks made on it hold until the move commits.
 */
export async function findVisibleDispute(
  tx: Tx | Db,
  ref: string,
  bindings: readonly Binding[],
  opts: { lock?: boolean } = {},
): Promise<DisputeRow> {
  const query = tx
    .select()
    .from(disputes)
    .where(and(disputeKey(ref), disputesVisibleThrough(bindings)));
  const [row] = opts.lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("Dispute", ref);
  return row;
}

/** `findVisibleDispute` locked: the load of every action. */
export const lockVisibleDispute = (tx: Tx, ref: string, bindings: readonly Binding[]): Promise<DisputeRow> =>
  findVisibleDispute(tx, ref, bindings, { lock: true });

/**
 * The police liaison's way in (mediation.read_alerted): a dispute a department of `bindings` was
 * sent an alert about (major-risk and repeat-party alerts); null without such a department.
 */
function alertedThrough(db: Tx | Db, bindings: readonly Binding[]): SQL | null {
  const departments = bindings.map((b) => b.scopeDepartmentId).filter((d): d is string => d !== null);
  if (departments.length === 0) return null;
  return sql`exists (${db
    .select({ one: sql`1` })
    .from(notifications)
    .where(
      and(
        eq(notifications.subjectType, "dispute"),
        sql`${notifications.subjectId} = ${disputes.id}`,
        inArray(notifications.recipientOrgId, departments),
      ),
    )})`;
}

/**
 * The dispute `ref` as its reader may see it: through mediation.read's scope, or (read-only,
 * `alertedOnly`) because a department of the actor's bindings with mediation.read_alerted was sent
 * an alert about it (the police liaison's major-risk and repeat-party alerts). 401/403 without
 * either permission; 404 when neither finds it.
 */
export async function findReadableDispute(
  db: Tx | Db,
  actor: Actor | null,
  ref: string,
): Promise<{ dispute: DisputeRow; alertedOnly: boolean }> {
  const read = actor ? bindingsFor(actor, "mediation.read") : [];
  const alerted = actor ? bindingsFor(actor, "mediation.read_alerted") : [];
  if (read.length === 0 && alerted.length === 0) requirePermission(actor, "mediation.read");
  if (read.length > 0) {
    const [row] = await db
      .select()
      .from(disputes)
      .where(and(disputeKey(ref), disputesVisibleThrough(read)));
    if (row) return { dispute: row, alertedOnly: false };
  }
  const alertedWhere = alertedThrough(db, alerted);
  if (alertedWhere) {
    const [row] = await db
      .select()
      .from(disputes)
      .where(and(disputeKey(ref), alertedWhere));
    if (row) return { dispute: row, alertedOnly: true };
  }
  throw new NotFoundError("Dispute", ref);
}

/**
 * Of the disputes `ids`, those `actor` may open (as findReadableDispute would find them), in one
 * query: what an answer may name without telling of disputes elsewhere.
 */
export async function readableDisputeIds(
  db: Tx | Db,
  actor: Actor,
  ids: readonly string[],
): Promise<Set<string>> {
  const read = bindingsFor(actor, "mediation.read");
  const ways = [
    read.length > 0 ? disputesVisibleThrough(read) : null,
    alertedThrough(db, bindingsFor(actor, "mediation.read_alerted")),
  ].filter((w): w is SQL => w !== null);
  if (ids.length === 0 || ways.length === 0) return new Set();
  const rows = await db
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(inArray(disputes.id, [...ids]), or(...ways)));
  return new Set(rows.map((r) => r.id));
}
