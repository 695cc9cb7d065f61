/**
 * The event store of all workflows (`workflow_events`), keyed by subject. `transition()` writes
 * one event per move; a workflow writes its creation event and its deadline marks through here.
 */
import type { Tx } from "../../db/client.js";
import { workflowEvents } from "../../db/schema.js";

export type WorkflowEventRow = typeof workflowEvents.$inferSelect;

/** Who acts: a user (with the unit they act for), or the system / a resident / an integration. */
export interface WorkflowActor {
  userId: string | null;
  orgId: string | null;
  /** "resident", "system", "open311:<key name>"… when no user acted; shown in the timeline. */
  label?: string;
}

export interface EventInput {
  subjectType: string;
  subjectId: string;
  countyCode: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: WorkflowActor;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Defaults to the transaction's `now()`. */
  at?: Date;
}

function values(e: EventInput): typeof workflowEvents.$inferInsert {
  return {
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    countyCode: e.countyCode,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorUserId: e.actor.userId,
    actorOrgId: e.actor.orgId,
    actorLabel: e.actor.label ?? null,
    note: e.note ?? null,
    data: e.data ?? null,
    ...(e.at ? { at: e.at } : {}),
  };
}

/** Writes events in the caller's transaction, in the given order; answers the rows. */
export async function recordEvents(tx: Tx, events: readonly EventInput[]): Promise<WorkflowEventRow[]> {
  if (events.length === 0) return [];
  return tx.insert(workflowEvents).values(events.map(values)).returning();
}

/** Writes one event in the caller's transaction. */
export async function recordEvent(tx: Tx, event: EventInput): Promise<WorkflowEventRow> {
  const [row] = await recordEvents(tx, [event]);
  if (!row) throw new Error("workflow event insert returned nothing");
  return row;
}
