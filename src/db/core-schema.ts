/**
 * The core's tables (src/core): settings, the audit log, every workflow's events, idempotency
 * records and the notification outbox. Keyed by subject where a workflow writes them.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ltree, createdAt, updatedAt } from "./columns.js";
import { organisations } from "../modules/organisations/schema.js";
import { users } from "../modules/accounts/schema.js";
import { cases } from "../modules/cases/schema.js";

/** Small platform-wide values, e.g. the grid set's version for the point → grid index. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});

/** Every administrative change: who, when, what, before and after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorUsername: text("actor_username"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    /** Region path of the changed entity, so an admin reads the audit log of their scope only. */
    scopePath: ltree("scope_path"),
    requestId: text("request_id"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_scope_gist").using("gist", t.scopePath)],
);

// ---- cases (the appeal closed loop) ----

/**
 * Every step of every workflow's subjects (a case, later a dispute, a hazard, a wish…): who (user
 * and unit), when, what, from which state to which, with note, data and attachments. Keyed by
 * subject (`subject_type`, `subject_id`), so the workflow core writes them for any workflow;
 * `case_events` is the cases' view of it.
 */
export const workflowEvents = pgTable(
  "workflow_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The workflow's subject type: `case`, … */
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    countyCode: text("county_code"),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorOrgId: uuid("actor_org_id").references(() => organisations.id),
    /** "resident", "system" (scheduler), "open311:<key name>" when no user acted. */
    actorLabel: text("actor_label"),
    note: text("note"),
    data: jsonb("data"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("workflow_events_subject_idx").on(t.subjectType, t.subjectId, t.id),
    index("workflow_events_action_at_idx").on(t.action, t.at),
  ],
);

/**
 * Create requests already answered, by client key: a retry with the same Idempotency-Key gets
 * the first answer and never makes a second case.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Who sent it (user id, API key id, or "anon") + ":" + the client's key. */
    key: text("key").primaryKey(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    response: jsonb("response").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * The notification outbox. `in_app` rows are read by the recipient; other channels (SMS, WeChat)
 * are delivered by a worker that claims undelivered rows — none is configured yet.
 */
/** A notification's facts by name: texts and numbers the words put in. */
export type NotificationData = Record<string, string | number>;

export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel", { enum: ["in_app", "sms", "wechat"] }).notNull(),
    recipientUserId: uuid("recipient_user_id").references(() => users.id),
    /** An anonymous reporter is reached through their case (tracking code). */
    recipientCaseId: uuid("recipient_case_id").references(() => cases.id),
    recipientOrgId: uuid("recipient_org_id").references(() => organisations.id),
    kind: text("kind").notNull(),
    /** What the notification is about: a workflow's subject (`case`, …), or none. */
    subjectType: text("subject_type"),
    subjectId: uuid("subject_id"),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /**
     * The facts of the text (unit names, a reason, a deadline…) by name, so the console words a
     * notification in its reader's language from `kind` and `data`; `title`/`body` stay the
     * Chinese text (SMS, and rows written before data was kept).
     */
    data: jsonb("data").$type<NotificationData>(),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    /** Not before this time may a delivery worker claim the row (a claim's lease, or a retry's backoff). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** The last delivery failure, for the operator. */
    lastError: text("last_error"),
  },
  (t) => [
    index("notifications_user_idx").on(t.recipientUserId, t.id),
    index("notifications_org_idx").on(t.recipientOrgId, t.id),
    index("notifications_case_idx").on(t.recipientCaseId),
    // The delivery worker reads only undelivered rows.
    index("notifications_undelivered_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null`),
  ],
);
