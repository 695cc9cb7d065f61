/**
 * The database schema. Generated SQL migrations live in ./migrations; after changing this file
 * run `npm run db:generate` and commit the new migration (never edit a landed one).
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  pgView,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** PostgreSQL `ltree`: a region path such as `1310.131002.131002001`. */
export const ltree = customType<{ data: string }>({
  dataType: () => "ltree",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const REGION_LEVELS = ["city", "county", "township", "village", "grid"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/**
 * The administrative tree, city → county → township → village → grid, keyed by the national
 * division code (grids extend their village's 12-digit code). `path` is the chain of codes, so
 * "inside this scope" is `path <@ scope` in any query.
 */
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: REGION_LEVELS }).notNull(),
    parentCode: text("parent_code"),
    path: ltree("path").notNull(),
    /** The county the region lies in (null for a city): the future partition key. */
    countyCode: text("county_code"),
    createdAt: createdAt(),
  },
  (t) => [
    index("regions_path_gist").using("gist", t.path),
    index("regions_parent_idx").on(t.parentCode),
    uniqueIndex("regions_path_uq").on(t.path),
  ],
);

/** A grid's shape. The grid itself is a `regions` row of level `grid` with the same code. */
export const grids = pgTable(
  "grids",
  {
    code: text("code")
      .primaryKey()
      .references(() => regions.code, { onDelete: "cascade" }),
    villageCode: text("village_code")
      .notNull()
      .references(() => regions.code),
    countyCode: text("county_code").notNull(),
    path: ltree("path").notNull(),
    /** GeoJSON Polygon or MultiPolygon geometry, WGS 84 longitude/latitude. */
    geometry: jsonb("geometry").notNull(),
    minLon: doublePrecision("min_lon").notNull(),
    minLat: doublePrecision("min_lat").notNull(),
    maxLon: doublePrecision("max_lon").notNull(),
    maxLat: doublePrecision("max_lat").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("grids_path_gist").using("gist", t.path), index("grids_village_idx").on(t.villageCode)],
);

/** Small platform-wide values, e.g. the grid set's version for the point → grid index. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});

export const ORGANISATION_KINDS = [
  "city_centre",
  "county_centre",
  "township_centre",
  "department",
  "village_committee",
  "grid_post",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * The units that handle appeals: governance centres (综治中心), county and city departments
 * (县直部门), village/community committees and grid posts. Each sits at one region.
 */
export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    /** For departments: what they handle (e.g. `urban_management`), used by the dispatch catalogue. */
    departmentType: text("department_type"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("organisations_region_path_gist").using("gist", t.regionPath),
    uniqueIndex("organisations_region_name_uq").on(t.regionCode, t.name),
    // One centre, committee or grid post per region; departments are one per type per region.
    uniqueIndex("organisations_region_unit_uq")
      .on(t.regionCode)
      .where(sql`${t.kind} <> 'department'`),
    uniqueIndex("organisations_region_department_type_uq").on(t.regionCode, t.departmentType),
    check(
      "organisations_department_type_ck",
      sql`(${t.kind} = 'department') = (${t.departmentType} is not null)`,
    ),
  ],
);

export const ROLES = [
  "resident",
  "operator",
  "grid_worker",
  "grid_assistant",
  "village_staff",
  "township_dispatcher",
  "department_handler",
  "supervisor",
  "admin",
  "partner",
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-case; unique regardless of case. */
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    /** Personal data: masked for roles that do not manage accounts. */
    phone: text("phone"),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    passwordHash: text("password_hash").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    // A phone's resident account is found by its phone (src/modules/accounts/otp-resident-account.ts).
    index("users_phone_idx").on(t.phone),
  ],
);

/**
 * Failed password checks (sign-in and password change) per username as typed and client address
 * (an IPv6 client's /64): the lock-out. Counting per address keeps a stranger from locking an
 * account out everywhere; counting unknown usernames alike keeps the answers from telling which
 * exist. A row goes on success; retention removes stale ones (RETENTION_SIGN_IN).
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    username: text("username").notNull(),
    address: text("address").notNull(),
    failures: integer("failures").notNull().default(0),
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.username, t.address] }),
    index("sign_in_failures_last_failed_idx").on(t.lastFailedAt),
  ],
);

/**
 * A role held by a user, bound to exactly one scope: a region subtree or a department.
 * `scopePath` is copied from the region or the department's region so scope checks are one
 * ltree comparison in the query.
 */
export const roleBindings = pgTable(
  "role_bindings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    scopeRegionCode: text("scope_region_code").references(() => regions.code),
    scopeDepartmentId: uuid("scope_department_id").references(() => organisations.id),
    scopePath: ltree("scope_path").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("role_bindings_user_idx").on(t.userId),
    index("role_bindings_scope_path_gist").using("gist", t.scopePath),
    index("role_bindings_department_idx").on(t.scopeDepartmentId),
    check(
      "role_bindings_one_scope_ck",
      sql`(${t.scopeRegionCode} is null) <> (${t.scopeDepartmentId} is null)`,
    ),
  ],
);

/** Server-side sessions; the cookie carries a random token, the table its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * One-time sign-in codes sent by SMS to a resident's phone (mobile sign-in). Only the code's
 * SHA-256 is kept; a code is good for a few minutes, for a few attempts, and once.
 */
export const loginCodes = pgTable(
  "login_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Personal data: the phone the code was sent to (normalised, digits only). */
    phone: text("phone").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("login_codes_phone_created_idx").on(t.phone, t.createdAt)],
);

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
  ],
);

export const RATE_ROLLUP_GRAINS = ["day", "month"] as const;
export const RATE_ROLLUP_DIMS = ["all", "department", "category"] as const;

/**
 * The counts behind the three rates, summed per intake day or month (China time), township
 * (the case's region path cut to city.county.township) and dimension: `all` cases, per
 * `department` (assigned or leading; a case counts once per department) and per `category`
 * (month grain only). Kept in the same transaction as every change of `cases` by statement
 * triggers that subtract the old rows' contribution and add the new rows' (migration
 * 0003_rate_rollups); merged duplicates contribute nothing. Columns `*_pending` hold the cases
 * whose count depends on the time of asking (a deadline not yet passed): the reader subtracts
 * the few whose deadline is still ahead (see src/modules/rates/rollup-rates.ts).
 * Column order matters: the trigger functions build rows of this type positionally.
 */
export const rateRollups = pgTable(
  "rate_rollups",
  {
    grain: text("grain", { enum: RATE_ROLLUP_GRAINS }).notNull(),
    period: date("period", { mode: "string" }).notNull(),
    dim: text("dim", { enum: RATE_ROLLUP_DIMS }).notNull(),
    /** The department id or category code; '' for `all` and for cases without a category. */
    dimKey: text("dim_key").notNull(),
    regionPath: ltree("region_path").notNull(),
    received: integer("received").notNull().default(0),
    closed: integer("closed").notNull().default(0),
    /** Response due and already responded (the rest of "due" is `response_pending` past now). */
    responseDue: integer("response_due").notNull().default(0),
    responsePending: integer("response_pending").notNull().default(0),
    respondedInTime: integer("responded_in_time").notNull().default(0),
    evaluated: integer("evaluated").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    satisfied: integer("satisfied").notNull().default(0),
    basicallySatisfied: integer("basically_satisfied").notNull().default(0),
    replied: integer("replied").notNull().default(0),
    repliedWithDeadline: integer("replied_with_deadline").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    gridVillage: integer("grid_village").notNull().default(0),
    /** Replied after the handling deadline (the rest of "overdue" is `overdue_pending` past now). */
    overdue: integer("overdue").notNull().default(0),
    overduePending: integer("overdue_pending").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.grain, t.dim, t.dimKey, t.period, t.regionPath] })],
);

/**
 * The running part of case numbers (YYMMDD + the last 6 digits of this): a sequence, so concurrent
 * intakes never wait on each other for a number.
 */
export const caseNumberSeq = pgSequence("case_number_seq", { startWith: 1, cache: 1 });

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

/** API keys of integrations (Open311 clients, partners); only the SHA-256 is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["open311", "partner"] }).notNull(),
    keyHash: text("key_hash").notNull(),
    /** The first characters, shown in the console to tell keys apart. */
    prefix: text("prefix").notNull(),
    scopePath: ltree("scope_path").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash)],
);

/** Who read which personal data of which case or person, when: reveals and identity searches. */
export const personalDataReads = pgTable(
  "personal_data_reads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    caseId: uuid("case_id").references(() => cases.id),
    /** A person of the register (src/modules/people) whose ID number or phone was read in full. */
    personId: uuid("person_id"),
    fields: text("fields").notNull(),
    reason: text("reason"),
  },
  (t) => [
    index("personal_data_reads_case_idx").on(t.caseId),
    index("personal_data_reads_person_idx").on(t.personId),
  ],
);

// ---- catalogue ----

export const DEADLINE_KINDS = ["calendar", "working"] as const;
/** Calendar hours run round the clock; working hours only inside the working calendar's windows. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const HOLIDAY_KINDS = ["holiday", "workday"] as const;
/** `holiday`: a day off (放假); `workday`: a weekend day worked instead (调休上班). */
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/**
 * The dispatch catalogue (派单目录): what an appeal is about, which level handles it first
 * (小事不出村、大事不出镇) and its deadlines. Hierarchical through `parent_code`; only the leaves of
 * the active tree receive cases. `code` is a stable id that cases keep, so moving a category
 * under another parent never renames it.
 */
export const categories = pgTable(
  "categories",
  {
    code: text("code").primaryKey(),
    parentCode: text("parent_code").references((): AnyPgColumn => categories.code),
    /** zh-CN name. */
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    handlingLevel: text("handling_level", { enum: HANDLING_LEVELS }).notNull(),
    /** For the department level: the department type that handles it (organisations/department-types). */
    departmentType: text("department_type"),
    responseHours: doublePrecision("response_hours").notNull(),
    handleHours: doublePrecision("handle_hours").notNull(),
    deadlineKind: text("deadline_kind", { enum: DEADLINE_KINDS }).notNull(),
    /** Open311 GeoReport `service_code` of a leaf offered through Open311. */
    open311ServiceCode: text("open311_service_code"),
    /** Open311 `keywords`: comma-separated tags. */
    open311Keywords: text("open311_keywords"),
    /** A short icon name for the mobile pages, e.g. `trash`. */
    icon: text("icon"),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("categories_parent_idx").on(t.parentCode),
    uniqueIndex("categories_open311_service_code_uq").on(t.open311ServiceCode),
    check(
      "categories_department_type_ck",
      sql`(${t.handlingLevel} = 'department') = (${t.departmentType} is not null)`,
    ),
    check("categories_hours_ck", sql`${t.responseHours} > 0 and ${t.handleHours} >= ${t.responseHours}`),
    check("categories_not_own_parent_ck", sql`${t.parentCode} <> ${t.code}`),
  ],
);

/**
 * Exceptions to the Monday–Friday working week: weekdays off and the weekend days worked in
 * exchange (调休), as the State Council announces them each year.
 */
export const holidays = pgTable("holidays", {
  date: date("date", { mode: "string" }).primaryKey(),
  kind: text("kind", { enum: HOLIDAY_KINDS }).notNull(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

// ---- attachments ----

export const ATTACHMENT_MIMES = ["image/jpeg", "image/png", "image/webp"] as const;
export type AttachmentMime = (typeof ATTACHMENT_MIMES)[number];

/**
 * Photos attached to appeals and replies. The files live under UPLOAD_DIR, named by the SHA-256
 * of the stored (re-encoded, metadata-free) bytes; two rows may share one file. A row is
 * unclaimed until a case or case event takes it (`claimAttachments`); unclaimed rows are swept
 * by `deleteUnclaimedAttachments`.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sha256: text("sha256").notNull(),
    mime: text("mime", { enum: ATTACHMENT_MIMES }).notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** Relative to UPLOAD_DIR, so the directory can move. */
    storagePath: text("storage_path").notNull(),
    thumbPath: text("thumb_path").notNull(),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** HMAC-SHA-256 of the uploader's IP under a per-installation salt: traceable abuse, no IPs kept. */
    uploaderIpHash: text("uploader_ip_hash"),
    /** SHA-256 of the short-lived token an anonymous uploader reads the unclaimed file with. */
    uploadTokenHash: text("upload_token_hash"),
    /** The workflow subject (`case`, …) that claimed it; both null while unclaimed. */
    subjectType: text("subject_type"),
    subjectId: uuid("subject_id"),
    /** The event (workflow_events.id) it illustrates, e.g. a reply's photos. */
    eventId: bigint("event_id", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_subject_idx").on(t.subjectType, t.subjectId),
    index("attachments_sha256_idx").on(t.sha256),
    // The cleanup job scans only unclaimed rows by age.
    index("attachments_unclaimed_created_idx")
      .on(t.createdAt)
      .where(sql`${t.subjectId} is null`),
    check("attachments_event_needs_subject_ck", sql`${t.eventId} is null or ${t.subjectId} is not null`),
    check("attachments_subject_pair_ck", sql`(${t.subjectType} is null) = (${t.subjectId} is null)`),
  ],
);
