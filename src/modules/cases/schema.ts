/** The cases module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  pgView,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ltree, createdAt, updatedAt } from "../../db/columns.js";
import { regions } from "../regions/schema.js";
import { organisations } from "../organisations/schema.js";
import { users } from "../accounts/schema.js";

export const CASE_CHANNELS = [
  "web",
  "app",
  "hotline",
  "talk_station",
  "talk_site",
  "talk_box",
  "patrol",
  "open311",
] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** See src/modules/cases/state-table.ts for what moves a case between these. */
export const CASE_STATUSES = [
  "triage",
  "dispatched",
  "handling",
  "replied",
  "supervisor_review",
  "closed",
  "rejected",
  "merged",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const HANDLING_LEVELS = ["grid", "village", "township", "department"] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

export const SATISFACTIONS = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/**
 * One appeal (诉求). Every case table carries `county_code` so it can be partitioned or
 * distributed by county later, and `region_path` so scope is one ltree test in the query.
 */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What a person reads out on the phone: YYMMDD + 6 digits, e.g. 261127000042. */
    number: text("number").notNull(),
    /** SHA-256 of the anonymous reporter's tracking code; the code itself is shown once. */
    trackingCodeHash: text("tracking_code_hash"),
    channel: text("channel", { enum: CASE_CHANNELS }).notNull(),
    categoryCode: text("category_code"),
    description: text("description").notNull(),
    address: text("address"),
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
    /** The most specific known region: the grid, else the village, township or county. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    gridCode: text("grid_code"),
    urgent: boolean("urgent").notNull().default(false),
    /** Personal data of the reporter: masked for roles that do not need it, reads logged. */
    reporterUserId: uuid("reporter_user_id").references(() => users.id),
    reporterName: text("reporter_name"),
    reporterPhone: text("reporter_phone"),
    reporterEmail: text("reporter_email"),
    /**
     * When retention erased the reporter's name, phone and email (RETENTION_REPORTER_CONTACT
     * after the case ended); the case and its figures stay.
     */
    reporterErasedAt: timestamp("reporter_erased_at", { withTimezone: true }),
    /** The operator or grid worker who entered it on the reporter's behalf. */
    enteredByUserId: uuid("entered_by_user_id").references(() => users.id),
    status: text("status", { enum: CASE_STATUSES }).notNull(),
    handlingLevel: text("handling_level", { enum: HANDLING_LEVELS }),
    /** The unit whose queue or work list holds the case now. */
    assignedOrgId: uuid("assigned_org_id").references(() => organisations.id),
    /** 首接负责: the first unit that received the case leads it to the end. */
    leadOrgId: uuid("lead_org_id").references(() => organisations.id),
    responseDueAt: timestamp("response_due_at", { withTimezone: true }),
    handleDueAt: timestamp("handle_due_at", { withTimezone: true }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Set once each by the deadline scheduler; "fires once" is `where … is null`. */
    responseWarnedAt: timestamp("response_warned_at", { withTimezone: true }),
    responseOverdueAt: timestamp("response_overdue_at", { withTimezone: true }),
    handleWarnedAt: timestamp("handle_warned_at", { withTimezone: true }),
    handleOverdueAt: timestamp("handle_overdue_at", { withTimezone: true }),
    /** Set once by the scheduler when it escalated the case past the handle deadline's grace. */
    autoEscalatedAt: timestamp("auto_escalated_at", { withTimezone: true }),
    /** The level of the unit that replied: feeds "share solved at grid or village level". */
    solvedLevel: text("solved_level", { enum: HANDLING_LEVELS }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    resolved: boolean("resolved"),
    satisfaction: text("satisfaction", { enum: SATISFACTIONS }),
    evaluationComment: text("evaluation_comment"),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }),
    reopenCount: integer("reopen_count").notNull().default(0),
    mergedIntoId: uuid("merged_into_id"),
    /** Bumped by every transition: two handlers acting at once, one wins, one gets 409. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("cases_number_uq").on(t.number),
    uniqueIndex("cases_tracking_code_uq").on(t.trackingCodeHash),
    index("cases_region_path_gist").using("gist", t.regionPath),
    index("cases_assigned_status_idx").on(t.assignedOrgId, t.status, t.handleDueAt),
    index("cases_status_due_idx").on(t.status, t.responseDueAt),
    index("cases_county_created_idx").on(t.countyCode, t.createdAt),
    index("cases_category_idx").on(t.categoryCode),
    index("cases_merged_into_idx").on(t.mergedIntoId),
    // A department's cases (首接负责 and its queue), by intake time: rate scopes and lists.
    index("cases_lead_created_idx").on(t.leadOrgId, t.createdAt),
    index("cases_assigned_created_idx").on(t.assignedOrgId, t.createdAt),
    index("cases_created_idx").on(t.createdAt),
    // "My appeals" (GET /my/cases) and the reporter's own evaluation and photos (ownCase).
    index("cases_reporter_idx")
      .on(t.reporterUserId)
      .where(sql`${t.reporterUserId} is not null`),
    // The small live sets the rate roll-ups cannot hold: deadlines that have not passed yet.
    index("cases_response_pending_idx")
      .on(t.responseDueAt)
      .where(sql`${t.respondedAt} is null and ${t.responseDueAt} is not null`),
    // Retention: ended cases whose reporter's contact is still kept, by the time they ended.
    index("cases_contact_retention_idx")
      .on(sql`coalesce(${t.closedAt}, ${t.updatedAt})`)
      .where(
        sql`${t.status} in ('closed', 'rejected', 'merged') and ${t.reporterErasedAt} is null and (${t.reporterName} is not null or ${t.reporterPhone} is not null or ${t.reporterEmail} is not null)`,
      ),
    index("cases_handle_pending_idx")
      .on(t.handleDueAt)
      .where(
        sql`${t.status} in ('triage', 'dispatched', 'handling', 'supervisor_review') and ${t.handleDueAt} is not null`,
      ),
    // A township's cases in the orders of the case list (by deadline, newest first), and its running
    // ones by deadline; a county's running ones by deadline (county + overdue). The key is the first
    // levels of the region path as text (regionKey in policy.ts spells the same expression, and
    // lists a township's cases by it: the GiST index cannot give them in order, so every page sorted
    // the township's whole history). See bench/README.md, "B4: lists at 5 M, ordered per scope".
    index("cases_township_due_idx").on(regionKeyOf(t.regionPath, 3), t.handleDueAt, t.createdAt),
    index("cases_township_created_idx").on(regionKeyOf(t.regionPath, 3), t.createdAt),
    index("cases_township_running_due_idx")
      .on(regionKeyOf(t.regionPath, 3), t.handleDueAt, t.createdAt)
      .where(sql`${t.status} in ('triage', 'dispatched', 'handling')`),
    index("cases_county_running_due_idx")
      .on(regionKeyOf(t.regionPath, 2), t.handleDueAt, t.createdAt)
      .where(sql`${t.status} in ('triage', 'dispatched', 'handling')`),
  ],
);

/**
 * The first `level` levels of a region path as text, null above that level: the key of the
 * township and county indexes above. A query must spell it the same way (the level written into
 * the statement, not bound) for the planner to use them: regionKey in policy.ts.
 */
export function regionKeyOf(path: AnyPgColumn, level: 2 | 3) {
  const n = sql.raw(String(level));
  return sql`(case when nlevel(${path}) >= ${n} then ltree2text(subpath(${path}, 0, ${n})) end)`;
}

/**
 * The running part of case numbers (YYMMDD + the last 6 digits of this): a sequence, so concurrent
 * intakes never wait on each other for a number.
 */
export const caseNumberSeq = pgSequence("case_number_seq", { startWith: 1, cache: 1 });

/**
 * The events of cases: `workflow_events` of subject type `case`, with the subject id as
 * `case_id` (a view made by migration 0008, read-only here; events are written by the workflow
 * core's `transition()`).
 */
export const caseEvents = pgView("case_events", {
  id: bigserial("id", { mode: "number" }).notNull(),
  caseId: uuid("case_id").notNull(),
  countyCode: text("county_code"),
  action: text("action").notNull(),
  fromStatus: text("from_status", { enum: CASE_STATUSES }),
  toStatus: text("to_status", { enum: CASE_STATUSES }).notNull(),
  actorUserId: uuid("actor_user_id"),
  actorOrgId: uuid("actor_org_id"),
  actorLabel: text("actor_label"),
  note: text("note"),
  data: jsonb("data"),
  at: timestamp("at", { withTimezone: true }).notNull(),
}).existing();

/** 吹哨报到: departments whistled in to joint handling, each reporting by its own deadline. */
export const caseWhistles = pgTable(
  "case_whistles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    countyCode: text("county_code"),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id),
    reportDueAt: timestamp("report_due_at", { withTimezone: true }).notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportNote: text("report_note"),
    overdueAt: timestamp("overdue_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("case_whistles_case_org_uq").on(t.caseId, t.orgId),
    // Work lists: the whistles a unit still has to report on.
    index("case_whistles_open_org_idx")
      .on(t.orgId)
      .where(sql`${t.reportedAt} is null`),
  ],
);

/** Extension requests: a unit asks for more time, a supervisor or dispatcher decides. */
export const caseExtensions = pgTable(
  "case_extensions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    countyCode: text("county_code"),
    requestedByUserId: uuid("requested_by_user_id").references(() => users.id),
    requestedOrgId: uuid("requested_org_id").references(() => organisations.id),
    extraHours: doublePrecision("extra_hours").notNull(),
    reason: text("reason").notNull(),
    decision: text("decision", { enum: ["approved", "denied"] }),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("case_extensions_case_idx").on(t.caseId)],
);

/** The notes a canned reply (常用语) serves: the contact note of respond, the result of reply. */
export const CANNED_REPLY_ACTIONS = ["respond", "reply"] as const;
export type CannedReplyAction = (typeof CANNED_REPLY_ACTIONS)[number];

/**
 * 常用语: a unit's ready sentences for the respond and reply notes, for one category (and the
 * categories below it) or for any (category null). Each unit keeps its own.
 */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    categoryCode: text("category_code"),
    action: text("action", { enum: CANNED_REPLY_ACTIONS }).notNull(),
    text: text("text").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("canned_replies_org_idx").on(t.orgId, t.action)],
);
