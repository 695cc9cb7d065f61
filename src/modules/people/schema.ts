/**
 * People and places (人房关联, 一人一档): standard addresses, buildings, units, dwellings, rentals,
 * households, persons and their key/care population tags. Every table that a list can start
 * from carries `region_path` (the grid when known, else the village) and `county_code`, so scope
 * is one ltree test in the query and the tables can be distributed by county later.
 *
 * Personal data: a person's ID number and phone are stored only as AES-256-GCM ciphertext
 * (`*_cipher`), a keyed blind index (`*_index`, HMAC-SHA256) for exact search, and the masked
 * form shown in every answer (`*_masked`). The plaintext is never in a column.
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
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
import { ltree, regions, users } from "../../db/schema.js";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** Where a record lies: the most specific region (grid, else village), its path and county. */
const placed = () => ({
  regionCode: text("region_code")
    .notNull()
    .references(() => regions.code),
  regionPath: ltree("region_path").notNull(),
  countyCode: text("county_code").notNull(),
  gridCode: text("grid_code"),
});

/**
 * A standard address (标准地址): road and house number in a town, village group and house number
 * in a village, then building, unit and room. `label` is the whole address as one line, the text
 * that name-and-address search matches.
 */
export const addresses = pgTable(
  "addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    road: text("road"),
    villageGroup: text("village_group"),
    houseNumber: text("house_number"),
    building: text("building"),
    unit: text("unit"),
    room: text("room"),
    label: text("label").notNull(),
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
    ...placed(),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("addresses_region_path_gist").using("gist", t.regionPath),
    index("addresses_county_idx").on(t.countyCode),
    check("addresses_road_or_group", sql`${t.road} is not null or ${t.villageGroup} is not null`),
  ],
);

export const BUILDING_KINDS = ["building", "courtyard"] as const;
/** `building` (楼栋) in towns; `courtyard` (院落) for village homesteads. */
export type BuildingKind = (typeof BUILDING_KINDS)[number];

/** A building (楼栋) or a village courtyard (院落): a point or a footprint inside a grid. */
export const buildings = pgTable(
  "buildings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: BUILDING_KINDS }).notNull(),
    name: text("name").notNull(),
    number: text("number"),
    addressId: uuid("address_id").references(() => addresses.id),
    floors: integer("floors"),
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
    /** GeoJSON Polygon, WGS 84 longitude/latitude; null when only the point is known. */
    footprint: jsonb("footprint"),
    ...placed(),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("buildings_region_path_gist").using("gist", t.regionPath),
    index("buildings_grid_idx").on(t.gridCode),
  ],
);

/** A unit or entrance (单元) of a building: the "corridor" of the corridor party group later. */
export const buildingUnits = pgTable(
  "building_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buildingId: uuid("building_id")
      .notNull()
      .references(() => buildings.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("building_units_name_uq").on(t.buildingId, t.name)],
);

export const DWELLING_USES = ["owner_occupied", "rented", "vacant", "commercial"] as const;
/** 自住 / 出租 / 空置 / 商用. */
export type DwellingUse = (typeof DWELLING_USES)[number];

/** A dwelling (房屋): one room of a building (or the courtyard's house). */
export const dwellings = pgTable(
  "dwellings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buildingId: uuid("building_id")
      .notNull()
      .references(() => buildings.id),
    unitId: uuid("unit_id").references(() => buildingUnits.id),
    floor: integer("floor"),
    room: text("room").notNull(),
    use: text("use", { enum: DWELLING_USES }).notNull(),
    addressId: uuid("address_id").references(() => addresses.id),
    ...placed(),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("dwellings_building_idx").on(t.buildingId),
    index("dwellings_region_path_gist").using("gist", t.regionPath),
  ],
);

export const SEXES = ["male", "female"] as const;
export type Sex = (typeof SEXES)[number];

export const ID_DOCUMENT_TYPES = [
  "resident_id",
  "passport",
  "hk_macao_permit",
  "taiwan_permit",
  "foreign_permanent_id",
  "other",
] as const;
/** 居民身份证 (18 digits, GB 11643 check digit) / 护照 / 港澳居民来往内地通行证 / 台胞证 / 外国人永久居留身份证 / 其他. */
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/**
 * A person (一人一档): one record for life, whatever household they move between. Where they
 * live now is `region_*` (their current household's, or where they were registered); every move
 * is a `person_events` row, so the history stays.
 */
export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    sex: text("sex", { enum: SEXES }),
    birthDate: date("birth_date"),
    idDocumentType: text("id_document_type", { enum: ID_DOCUMENT_TYPES }),
    /** AES-256-GCM of the document number (see core/personal-data); never the plaintext. */
    idNumberCipher: text("id_number_cipher"),
    /** HMAC-SHA256 blind index of the normalised number: exact search without decrypting. */
    idNumberIndex: text("id_number_index"),
    idNumberMasked: text("id_number_masked"),
    phoneCipher: text("phone_cipher"),
    phoneIndex: text("phone_index"),
    phoneMasked: text("phone_masked"),
    /** 户籍地. */
    registeredResidence: text("registered_residence"),
    workplace: text("workplace"),
    /** Free labels (not key/care populations: those are `person_population_tags`). */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...placed(),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("persons_region_path_gist").using("gist", t.regionPath),
    index("persons_id_number_index_idx").on(t.idNumberIndex),
    index("persons_phone_index_idx").on(t.phoneIndex),
    index("persons_name_idx").on(t.name),
    // One person, one record: the same document number is one person.
    uniqueIndex("persons_id_document_uq").on(t.idDocumentType, t.idNumberIndex),
  ],
);

export const HOUSEHOLD_TYPES = ["registered", "floating", "other"] as const;
/** 户籍户 / 流动人口户 / 其他. */
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

/** A household (户) living at a dwelling. */
export const households = pgTable(
  "households",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dwellingId: uuid("dwelling_id")
      .notNull()
      .references(() => dwellings.id),
    type: text("type", { enum: HOUSEHOLD_TYPES }).notNull(),
    /** 户号, when the household register has one. */
    number: text("number"),
    ...placed(),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("households_dwelling_idx").on(t.dwellingId),
    index("households_region_path_gist").using("gist", t.regionPath),
  ],
);

export const RELATIONS = [
  "head",
  "spouse",
  "child",
  "parent",
  "grandparent",
  "grandchild",
  "sibling",
  "child_in_law",
  "other",
] as const;
/** Relation to the head of the household (与户主关系). */
export type Relation = (typeof RELATIONS)[number];

/** Who belongs to a household, from when to when; `left_on` null: a member now. */
export const householdMembers = pgTable(
  "household_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    relation: text("relation", { enum: RELATIONS }).notNull(),
    joinedOn: date("joined_on").notNull(),
    leftOn: date("left_on"),
  },
  (t) => [
    index("household_members_household_idx").on(t.householdId),
    // A person lives in one household at a time; earlier memberships stay as history.
    uniqueIndex("household_members_current_uq")
      .on(t.personId)
      .where(sql`${t.leftOn} is null`),
    // One head per household at a time.
    uniqueIndex("household_members_head_uq")
      .on(t.householdId)
      .where(sql`${t.leftOn} is null and ${t.relation} = 'head'`),
  ],
);

/** A rental (出租屋): a dwelling let by a landlord, from a date. */
export const rentals = pgTable(
  "rentals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dwellingId: uuid("dwelling_id")
      .notNull()
      .references(() => dwellings.id),
    landlordPersonId: uuid("landlord_person_id")
      .notNull()
      .references(() => persons.id),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    ...placed(),
    createdAt: createdAt(),
  },
  (t) => [
    index("rentals_dwelling_idx").on(t.dwellingId),
    index("rentals_region_path_gist").using("gist", t.regionPath),
    // One rental of a dwelling at a time; ended ones stay as history.
    uniqueIndex("rentals_dwelling_open_uq")
      .on(t.dwellingId)
      .where(sql`${t.endsOn} is null`),
    check("rentals_dates", sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** A tenant of a rental with their move-in and move-out dates (floating population registration). */
export const rentalTenants = pgTable(
  "rental_tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    rentalId: uuid("rental_id")
      .notNull()
      .references(() => rentals.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    movedInOn: date("moved_in_on").notNull(),
    movedOutOn: date("moved_out_on"),
  },
  (t) => [
    index("rental_tenants_rental_idx").on(t.rentalId),
    index("rental_tenants_person_idx").on(t.personId),
    // A person lives in a rental once at a time; earlier stays are rows of their own.
    uniqueIndex("rental_tenants_current_uq")
      .on(t.rentalId, t.personId)
      .where(sql`${t.movedOutOn} is null`),
    check("rental_tenants_dates", sql`${t.movedOutOn} is null or ${t.movedOutOn} >= ${t.movedInOn}`),
  ],
);

export const PERSON_EVENT_KINDS = [
  "registered",
  "moved",
  "left",
  "updated",
  "tagged",
  "untagged",
  // A tenant's move into or out of a rental (detail: on, rentalId, dwellingId).
  "rented_in",
  "rented_out",
] as const;
export type PersonEventKind = (typeof PERSON_EVENT_KINDS)[number];

/**
 * A person's history: registration, every move between households (from/to), every move into
 * or out of a rental as a tenant, every change of their record and tags. Never updated or deleted. Holds no ID or phone number.
 */
export const personEvents = pgTable(
  "person_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    kind: text("kind", { enum: PERSON_EVENT_KINDS }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    fromHouseholdId: uuid("from_household_id").references(() => households.id),
    toHouseholdId: uuid("to_household_id").references(() => households.id),
    fromRegionPath: ltree("from_region_path"),
    toRegionPath: ltree("to_region_path"),
    /** What changed, by field name (never a personal-data value). */
    detail: jsonb("detail"),
  },
  (t) => [index("person_events_person_idx").on(t.personId, t.at)],
);

export const POPULATION_GROUPS = ["key", "care"] as const;
/** 重点人群 (watched over) / 关爱人群 (cared for). */
export type PopulationGroup = (typeof POPULATION_GROUPS)[number];

export const MEASURE_KINDS = ["assistance", "control"] as const;
/** 帮扶 / 管控. */
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/**
 * The catalogue of key and care population types. `visible_to` names the roles that may see a
 * tag of the type: for any other role the tag is absent (not masked) everywhere.
 */
export const populationTypes = pgTable(
  "population_types",
  {
    code: text("code").primaryKey(),
    group: text("group", { enum: POPULATION_GROUPS }).notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    visibleTo: text("visible_to").array().notNull(),
    /** Default visit frequency: one visit every this many days. */
    visitIntervalDays: integer("visit_interval_days").notNull(),
    measureKinds: text("measure_kinds").array().notNull(),
    measures: text("measures").notNull(),
    /** Tags of this type carry a risk level 0–5 (severe mental disorder). */
    hasRiskLevel: boolean("has_risk_level").notNull().default(false),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("population_types_interval", sql`${t.visitIntervalDays} > 0`)],
);

/** A person's key/care population tag; `until` set: no longer in the group (history kept). */
export const personPopulationTags = pgTable(
  "person_population_tags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    typeCode: text("type_code")
      .notNull()
      .references(() => populationTypes.code),
    riskLevel: integer("risk_level"),
    since: date("since").notNull(),
    until: date("until"),
    note: text("note"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("person_population_tags_person_idx").on(t.personId),
    index("person_population_tags_type_idx").on(t.typeCode),
    uniqueIndex("person_population_tags_current_uq")
      .on(t.personId, t.typeCode)
      .where(sql`${t.until} is null`),
    check("person_population_tags_risk", sql`${t.riskLevel} is null or (${t.riskLevel} between 0 and 5)`),
  ],
);
