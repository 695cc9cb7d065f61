import type { Tx } from "../../db/client.js";
import { auditLog } from "../../db/schema.js";
import type { Actor } from "../access/actor.js";
import type { AuditAction, AuditEntityType } from "../../shared/contracts/audit.js";

export interface AuditEntry {
  actor: Actor | null;
  /** Verb in dotted form: `user.create`, `role.grant`, `grids.import` (named in the console). */
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Region path of the changed entity: an admin reads the audit log of their scope only. */
  scopePath?: string | null;
  requestId?: string;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and
 * its record land together or not at all. Never pass password hashes or tokens in before/after.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actor?.userId ?? null,
    actorUsername: entry.actor?.username ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    scopePath: entry.scopePath ?? null,
    requestId: entry.requestId ?? null,
  });
}
