/**
 * The tables of people's mediation (人民调解, issue 14): committees and their mediators, the
 * configurable catalogue of dispute types, and disputes with their parties, sessions, agreement,
 * referral, follow-ups and judicial confirmation. Events, notifications and photos are the
 * core's (`workflow_events`, `notifications`, `attachments` keyed by subject `dispute`).
 *
 * Not re-exported from src/db/schema.ts: that file would import this one and this one imports
 * it (regions, users, cases), and the module reads and writes its tables with the query builder,
 * which needs no registration with the client. drizzle-kit reads this file through
 * drizzle.config.ts.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { cases, ltree, regions, users } from "../../db/schema.js";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Village and township committees mediate anything; county-level ones are professional. */
export const COMMITTEE_LEVELS = ["village", "township", "county"] as const;
export type CommitteeLevel = (typeof COMMITTEE_LEVELS)[number];

/** `general` for village and township committees; a county committee has a field of its own. */
export const COMMITTEE_KINDS = ["general", "property", "medical", "traffic", "labour"] as const;
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number];

/** 人民调解委员会: one general committee per village and township, professional ones per county. */
export const mediationCommittees = pgTable(
  "mediation_committees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    level: text("level", { enum: COMMITTEE_LEVELS }).notNull(),
    kind: text("kind", { enum: COMMITTEE_KINDS }).notNull().default("general"),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("mediation_committees_region_kind_uq").on(t.regionCode, t.kind),
    index("mediation_committees_region_path_gist").using("gist", t.regionPath),
    check("mediation_committees_kind_ck", sql`(${t.level} = 'county') or (${t.kind} = 'general')`),
  ],
);

/**
 * A mediator of a committee: a staff member or a resident with an account (a rule-of-law leader,
 * 法律明白人), or a named person without one (the committee records their work).
 */
export const mediators = pgTable(
  "mediators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    committeeId: uuid("committee_id")
      .notNull()
      .references(() => mediationCommittees.id),
    userId: uuid("user_id").references(() => users.id),
    name: text("name").notNull(),
    /**
     * The mediator's own phone, kept as a party's is (./mediator-phones.ts): AES-256-GCM
     * ciphertext, HMAC blind index of the normalised number and the masked form every answer
     * shows. Nothing reads it in full yet.
     */
    phoneCipher: text("phone_cipher"),
    phoneIndex: text("phone_index"),
    phoneMasked: text("phone_masked"),
    /**
     * Only a mediator recorded before their phones were encrypted: the number the migration could
     * not seal (SQL has no keys), sealed and emptied at the server's start (`sealMediatorPhones`).
     */
    phoneToSeal: text("phone_to_seal"),
    ruleOfLawLeader: boolean("rule_of_law_leader").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index("mediators_committee_idx").on(t.committeeId),
    index("mediators_phone_index_idx")
      .on(t.phoneIndex)
      .where(sql`${t.phoneIndex} is not null`),
    index("mediators_phone_to_seal_idx")
      .on(t.id)
      .where(sql`${t.phoneToSeal} is not null`),
    uniqueIndex("mediators_committee_user_uq")
      .on(t.committeeId, t.userId)
      .where(sql`${t.userId} is not null`),
  ],
);

/** The catalogue of dispute types: configurable, seeded by the migration. */
export const disputeTypes = pgTable("dispute_types", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  active: boolean("active").notNull().default(true),
});

export const DISPUTE_SOURCES = ["walk_in", "appeal", "screening", "visit"] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];

export const RISK_LEVELS = ["general", "significant", "major"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** See ./state-table.ts for what moves a dispute between these. */
export const DISPUTE_STATUSES = [
  "registered",
  "accepted",
  "in_mediation",
  "settled_written",
  "settled_oral",
  "not_settled",
  "follow_up",
  "archived",
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const SCREENING_STATUSES = ["pending", "done"] as const;
/** pending (to record this month; marked overdue once the month ends unrecorded) → done. */
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

export const SCREENING_RESULTS = ["none_found", "found"] as const;
/** 无纠纷 / 发现纠纷 (each found dispute is registered with source `screening` and linked). */
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/**
 * 矛盾纠纷排查: one task per village (村/社区) with a village committee per month, planned by the
 * scheduler (the unique index makes planning safe to repeat in any number of processes), due at
 * the month's end (China time), recorded by the village as none found or with the disputes found.
 * A month that has ended cannot be changed: its record stands, or its overdue mark does.
 */
export const screeningTasks = pgTable(
  "screening_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** YYYY-MM, the month screened (China time). */
    month: text("month").notNull(),
    /** The village or community. */
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    committeeId: uuid("committee_id")
      .notNull()
      .references(() => mediationCommittees.id),
    status: text("status", { enum: SCREENING_STATUSES }).notNull().default("pending"),
    result: text("result", { enum: SCREENING_RESULTS }),
    /** The first instant of the next month, China time. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    note: text("note"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }),
    recordedByUserId: uuid("recorded_by_user_id").references(() => users.id),
    /** Set once by the scan when the month ended unrecorded. */
    overdueAt: timestamp("overdue_at", { withTimezone: true }),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("screening_tasks_region_month_uq").on(t.regionCode, t.month),
    index("screening_tasks_region_path_gist").using("gist", t.regionPath),
    index("screening_tasks_month_idx").on(t.month, t.status),
    index("screening_tasks_due_pending_idx")
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending' and ${t.overdueAt} is null`),
    check("screening_tasks_month_ck", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check(
      "screening_tasks_done_ck",
      sql`(${t.status} = 'done') = (${t.result} is not null and ${t.recordedAt} is not null)`,
    ),
  ],
);

/** The running part of dispute numbers (like case numbers: YYMMDD + 6 digits, with a 9 in front). */
export const disputeNumberSeq = pgSequence("dispute_number_seq", { startWith: 1, cache: 1 });

/** One dispute (矛盾纠纷). Carries its region path and county like every workflow subject. */
export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What a person reads out: YYMMDD + 6 digits, e.g. 261206000017. */
    number: text("number").notNull(),
    source: text("source", { enum: DISPUTE_SOURCES }).notNull(),
    /** The appeal it was converted from (source `appeal`). */
    caseId: uuid("case_id").references(() => cases.id),
    typeCode: text("type_code")
      .notNull()
      .references(() => disputeTypes.code),
    facts: text("facts").notNull(),
    /** Yuan; null when nothing is claimed in money. */
    amountInDispute: numeric("amount_in_dispute", { precision: 14, scale: 2 }),
    riskLevel: text("risk_level", { enum: RISK_LEVELS }).notNull().default("general"),
    /** Set when the repeat-party rule raised the risk (民转刑 prevention). */
    repeatAlertAt: timestamp("repeat_alert_at", { withTimezone: true }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: ltree("region_path").notNull(),
    countyCode: text("county_code"),
    committeeId: uuid("committee_id")
      .notNull()
      .references(() => mediationCommittees.id),
    mediatorId: uuid("mediator_id").references(() => mediators.id),
    /** The monthly screening (排查) that found it (source `screening`). */
    screeningTaskId: uuid("screening_task_id").references(() => screeningTasks.id),
    enteredByUserId: uuid("entered_by_user_id").references(() => users.id),
    status: text("status", { enum: DISPUTE_STATUSES }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** Settled within 30 days of acceptance (People's Mediation practice), once extendable. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    extendedAt: timestamp("extended_at", { withTimezone: true }),
    /** The parties' consent to the extension, as recorded. */
    extensionConsent: text("extension_consent"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    /** 回访: one month after settlement by default. */
    followUpDueAt: timestamp("follow_up_due_at", { withTimezone: true }),
    /** Parties may apply for judicial confirmation within 30 days of a written agreement. */
    judicialDueAt: timestamp("judicial_due_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** Set once each by the deadline scan; "fires once" is `where … is null`. */
    warnedAt: timestamp("warned_at", { withTimezone: true }),
    overdueAt: timestamp("overdue_at", { withTimezone: true }),
    followUpRemindedAt: timestamp("follow_up_reminded_at", { withTimezone: true }),
    judicialRemindedAt: timestamp("judicial_reminded_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("disputes_number_uq").on(t.number),
    index("disputes_region_path_gist").using("gist", t.regionPath),
    index("disputes_committee_status_idx").on(t.committeeId, t.status, t.dueAt),
    index("disputes_county_created_idx").on(t.countyCode, t.createdAt),
    index("disputes_case_idx").on(t.caseId),
    index("disputes_screening_task_idx")
      .on(t.screeningTaskId)
      .where(sql`${t.screeningTaskId} is not null`),
    index("disputes_due_pending_idx")
      .on(t.dueAt)
      .where(sql`${t.status} in ('accepted', 'in_mediation') and ${t.overdueAt} is null`),
  ],
);

export const PARTY_ROLES = ["applicant", "respondent", "other"] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** A party: entered on the spot, or (later) a person of the register of issue 13. */
export const disputeParties = pgTable(
  "dispute_parties",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id")
      .notNull()
      .references(() => disputes.id),
    role: text("role", { enum: PARTY_ROLES }).notNull(),
    name: text("name").notNull(),
    /**
     * The phone as the people register keeps one (src/core/personal-data): AES-256-GCM
     * ciphertext, HMAC blind index of the normalised number (the repeat-party rule matches on
     * it), and the masked form every answer shows. Read in full only by a logged reveal.
     */
    phoneCipher: text("phone_cipher"),
    phoneIndex: text("phone_index"),
    phoneMasked: text("phone_masked"),
    /**
     * Only a party registered before phones were encrypted: the number the migration could not
     * seal (SQL has no keys), sealed and emptied at the server's start (`sealPartyPhones`).
     */
    phoneToSeal: text("phone_to_seal"),
    /** Set when retention erased the party's phone (the dispute archived long enough ago). */
    phoneErasedAt: timestamp("phone_erased_at", { withTimezone: true }),
    /** The person of the people-and-places register (issue 13), when there is one. */
    personId: uuid("person_id"),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    index("dispute_parties_dispute_idx").on(t.disputeId),
    index("dispute_parties_phone_index_idx")
      .on(t.phoneIndex)
      .where(sql`${t.phoneIndex} is not null`),
    index("dispute_parties_phone_to_seal_idx")
      .on(t.id)
      .where(sql`${t.phoneToSeal} is not null`),
  ],
);

/** 调解记录: one mediation session; its photos are attachments of the dispute and its event. */
export const mediationSessions = pgTable(
  "mediation_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id")
      .notNull()
      .references(() => disputes.id),
    eventId: bigint("event_id", { mode: "number" }),
    heldAt: timestamp("held_at", { withTimezone: true }).notNull(),
    place: text("place").notNull(),
    participants: text("participants").notNull(),
    notes: text("notes").notNull(),
    recordedByUserId: uuid("recorded_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("mediation_sessions_dispute_idx").on(t.disputeId, t.heldAt)],
);

export const AGREEMENT_FORMS = ["written", "oral"] as const;

/** 调解协议: what the parties agreed (written: the 人民调解协议书; oral: recorded by the mediator). */
export const mediationAgreements = pgTable("mediation_agreements", {
  disputeId: uuid("dispute_id")
    .primaryKey()
    .references(() => disputes.id),
  form: text("form", { enum: AGREEMENT_FORMS }).notNull(),
  matters: text("matters").notNull(),
  agreed: text("agreed").notNull(),
  performanceManner: text("performance_manner").notNull(),
  performanceDueOn: date("performance_due_on", { mode: "string" }),
  agreedAt: timestamp("agreed_at", { withTimezone: true }).notNull(),
});

export const REFERRAL_CHANNELS = ["litigation", "arbitration", "administrative", "petition"] as const;
export type ReferralChannel = (typeof REFERRAL_CHANNELS)[number];

/** Not settled: where the parties were referred (诉讼、仲裁、行政处理、信访). */
export const disputeReferrals = pgTable("dispute_referrals", {
  disputeId: uuid("dispute_id")
    .primaryKey()
    .references(() => disputes.id),
  channel: text("channel", { enum: REFERRAL_CHANNELS }).notNull(),
  receivingBody: text("receiving_body").notNull(),
  referredOn: date("referred_on", { mode: "string" }).notNull(),
});

export const PERFORMANCES = ["yes", "partly", "no"] as const;
export type Performance = (typeof PERFORMANCES)[number];

/** 回访: whether the agreement is being performed. */
export const disputeFollowUps = pgTable(
  "dispute_follow_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    disputeId: uuid("dispute_id")
      .notNull()
      .references(() => disputes.id),
    followedOn: date("followed_on", { mode: "string" }).notNull(),
    performed: text("performed", { enum: PERFORMANCES }).notNull(),
    notes: text("notes").notNull().default(""),
    recordedByUserId: uuid("recorded_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("dispute_follow_ups_dispute_idx").on(t.disputeId)],
);

export const JUDICIAL_DECISIONS = ["confirmed", "rejected"] as const;

/** 司法确认: the parties' application to a court and, later, its decision. */
export const judicialConfirmations = pgTable("judicial_confirmations", {
  disputeId: uuid("dispute_id")
    .primaryKey()
    .references(() => disputes.id),
  appliedOn: date("applied_on", { mode: "string" }).notNull(),
  court: text("court").notNull(),
  decision: text("decision", { enum: JUDICIAL_DECISIONS }),
  decidedOn: date("decided_on", { mode: "string" }),
});

/**
 * The order parties are shown and printed in: by role in PARTY_ROLES' order (applicants, then
 * respondents, then others, as an agreement lists them), each role in the order entered.
 */
export const partyOrder = [
  sql`array_position(array[${sql.join(
    PARTY_ROLES.map((r) => sql`${r}`),
    sql`, `,
  )}]::text[], ${disputeParties.role})`,
  sql`${disputeParties.position} asc`,
];
