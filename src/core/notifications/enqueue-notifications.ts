import type { Tx } from "../../db/client.js";
import { notifications } from "../../db/schema.js";

/** A stored outbox row. */
export type NotificationRow = typeof notifications.$inferSelect;

/** What a writer says; delivery bookkeeping (attempts, backoff, delivered/read times) is the outbox's. */
export type NotificationInput = Pick<
  typeof notifications.$inferInsert,
  | "channel"
  | "recipientUserId"
  | "recipientCaseId"
  | "recipientOrgId"
  | "kind"
  | "subjectType"
  | "subjectId"
  | "title"
  | "body"
  | "data"
>;

/**
 * Writes notifications into the outbox, in the caller's transaction so a notification exists
 * exactly when the change it announces does. An `in_app` row is delivered by being written (the
 * recipient reads it from the list); SMS and WeChat rows wait for `deliverPending`.
 */
export async function enqueueNotifications(
  tx: Tx,
  rows: readonly NotificationInput[],
  options: { now?: Date } = {},
): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  const now = options.now ?? new Date();
  return tx
    .insert(notifications)
    .values(
      rows.map((row) => ({
        ...row,
        createdAt: now,
        deliveredAt: row.channel === "in_app" ? now : null,
      })),
    )
    .returning();
}
