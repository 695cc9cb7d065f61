import { and, count, desc, eq, gte, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditLog, users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { subjectKey, subjectLabels } from "../../core/notifications/subject-labels.js";
import type { AuditEntryView, ListAuditReq } from "./schemas.js";

/**
 * The audit rows the actor may read: filed inside one of their `audit.read` scopes. Rows filed
 * under no scope (platform-wide changes) are for city-level readers only.
 */
export function visibleAuditRows(actor: Actor): SQL {
  const bindings = bindingsFor(actor, "audit.read");
  const cityLevel = bindings.some((b) => !b.scopePath.includes("."));
  const inScope = withinScopes(auditLog.scopePath, bindings);
  return (cityLevel ? or(inScope, isNull(auditLog.scopePath)) : inScope) ?? inScope;
}

export interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The actor's audit log, newest first, filtered and paginated. */
export async function findAuditEntries(db: Db, actor: Actor, filter: ListAuditReq): Promise<AuditPage> {
  const where = and(
    visibleAuditRows(actor),
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.since ? gte(auditLog.at, new Date(filter.since)) : undefined,
    filter.until ? lte(auditLog.at, new Date(filter.until)) : undefined,
  );
  const [totalRow] = await db.select({ n: count() }).from(auditLog).where(where);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorUserId: auditLog.actorUserId,
      actorUsername: auditLog.actorUsername,
      actorName: users.displayName,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      scopePath: sql<string | null>`${auditLog.scopePath}::text`,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    // Who acted, by the name people know them by (one join, not a read per row).
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const labels = await subjectLabels(
    db,
    rows.map((r) => ({ subjectType: r.entityType, subjectId: r.entityId })),
  );
  return {
    items: rows.map((r) => {
      const label = r.entityId === null ? undefined : labels.get(subjectKey(r.entityType, r.entityId));
      return {
        ...r,
        at: r.at.toISOString(),
        entityLabel: label?.name ?? null,
        entityLabelEn: label?.nameEn ?? null,
      };
    }),
    total: totalRow?.n ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}
