/** The accounts module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ltree, createdAt, updatedAt } from "../../db/columns.js";
import { regions } from "../regions/schema.js";
import { organisations } from "../organisations/schema.js";

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
