/**
 * The database schema. Generated SQL migrations live in ./migrations; after changing this file
 * run `npm run db:generate` and commit the new migration (never edit a landed one).
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
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
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username)],
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
