/**
 * The API shapes of the register of people and places. ID and phone numbers leave the server
 * masked (`idNumber`, `phone` hold `1101**********1234`, `138****5678`) except in the answer of
 * a reveal; key/care population tags appear only when the reader's role may see their type.
 */
import { z } from "zod";
import { isoDay, pastDay } from "../../shared/contracts/days.js";
import {
  BUILDING_KINDS,
  DWELLING_USES,
  HOUSEHOLD_TYPES,
  ID_DOCUMENT_TYPES,
  MEASURE_KINDS,
  POPULATION_GROUPS,
  RELATIONS,
  SEXES,
} from "./schema.js";
import { ROLES } from "../../db/schema.js";

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => text(max).nullish();
const isoDate = isoDay();
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
/** A village (12 digits) or grid (15 digits) code: where a record of the register lies. */
const regionCode = z
  .string()
  .regex(/^\d{12}(\d{3})?$/, "must be a village (12 digits) or grid (15 digits) code");

export const IdParams = z.object({ id: z.uuid() });
export const TagParams = z.object({ id: z.uuid(), tagId: z.uuid() });
export const MemberParams = z.object({ id: z.uuid(), personId: z.uuid() });
export const TypeCodeParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

const Paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
const PageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const RegionRef = z.object({ code: z.string(), name: z.string() });
export type RegionRefView = z.infer<typeof RegionRef>;
const Version = z.object({ version: z.number().int().min(0) });

// ---- addresses ----

const AddressFields = z.object({
  road: optionalText(100),
  villageGroup: optionalText(100),
  houseNumber: optionalText(40),
  building: optionalText(40),
  unit: optionalText(40),
  room: optionalText(40),
  lon: lon.nullish(),
  lat: lat.nullish(),
});

export const CreateAddressBody = AddressFields.extend({ regionCode }).refine(
  (a) => Boolean(a.road ?? a.villageGroup),
  { error: "a standard address needs a road or a village group", path: ["road"] },
);
export type CreateAddressReq = z.infer<typeof CreateAddressBody>;
export const UpdateAddressBody = AddressFields.partial().extend(Version.shape);
export type UpdateAddressReq = z.infer<typeof UpdateAddressBody>;

export const AddressSchema = z.object({
  id: z.uuid(),
  road: z.string().nullable(),
  villageGroup: z.string().nullable(),
  houseNumber: z.string().nullable(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  label: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  region: RegionRef,
  countyCode: z.string(),
  gridCode: z.string().nullable(),
  version: z.number().int(),
});
export type AddressView = z.infer<typeof AddressSchema>;
export const AddressListQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  region: regionCode.or(z.string().regex(/^\d{4,9}$/)).optional(),
  ...Paging,
});
export type AddressListReq = z.infer<typeof AddressListQuery>;
export const AddressListSchema = PageOf(AddressSchema);

/** The address search of intake and triage: 1 to 100 characters (two Chinese characters are enough). */
export const AddressSearchQuery = z.object({
  q: z
    .string({ error: "q is required" })
    .trim()
    .min(1, "q must be 1 to 100 characters")
    .max(100, "q must be 1 to 100 characters"),
});
export type AddressSearchReq = z.infer<typeof AddressSearchQuery>;
/**
 * One place found: a standard address, or (when no standard address matches) a region whose name
 * does. Names for people, codes only for the form: `regionCode` is what a case is placed in (the
 * village, or the county/township/village found); `point` is where to put the case on the map.
 * Places only: an address carries no one's name or number.
 */
export const AddressHitSchema = z.object({
  kind: z.enum(["address", "region"]),
  /** The address's id, or the region's code. */
  id: z.string(),
  /** The address line (新华路12号) or the region's name. */
  label: z.string(),
  /** The whole readable address: county, township, village and the address line. */
  fullAddress: z.string(),
  point: z.object({ lon, lat }).nullable(),
  regionCode: z.string(),
  level: z.enum(["county", "township", "village", "grid"]).nullable(),
  village: RegionRef.nullable(),
  grid: RegionRef.nullable(),
});
export type AddressHit = z.infer<typeof AddressHitSchema>;
export const AddressSearchSchema = z.object({
  /** `addresses`: standard addresses matched; `regions`: none did, these regions' names match. */
  source: z.enum(["addresses", "regions"]),
  items: z.array(AddressHitSchema),
});
export type AddressSearchResult = z.infer<typeof AddressSearchSchema>;

// ---- buildings, units, dwellings ----

const Footprint = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(z.array(z.tuple([lon, lat])).min(4)).min(1),
});

export const CreateBuildingBody = z.object({
  kind: z.enum(BUILDING_KINDS),
  name: text(100),
  number: optionalText(40),
  addressId: z.uuid().nullish(),
  floors: z.number().int().min(1).max(200).nullish(),
  lon: lon.nullish(),
  lat: lat.nullish(),
  footprint: Footprint.nullish(),
  regionCode,
  /** Units (单元) to create with the building, e.g. ["1单元", "2单元"]. */
  units: z.array(text(40)).max(50).default([]),
});
export type CreateBuildingReq = z.infer<typeof CreateBuildingBody>;
export const UpdateBuildingBody = CreateBuildingBody.omit({ regionCode: true, units: true, kind: true })
  .partial()
  .extend(Version.shape);
export type UpdateBuildingReq = z.infer<typeof UpdateBuildingBody>;

export const DwellingSchema = z.object({
  id: z.uuid(),
  buildingId: z.uuid(),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  floor: z.number().int().nullable(),
  room: z.string(),
  use: z.enum(DWELLING_USES),
  label: z.string(),
  region: RegionRef,
  households: z.number().int(),
  version: z.number().int(),
});
export type DwellingView = z.infer<typeof DwellingSchema>;

export const BuildingSchema = z.object({
  id: z.uuid(),
  kind: z.enum(BUILDING_KINDS),
  name: z.string(),
  number: z.string().nullable(),
  address: z.object({ id: z.uuid(), label: z.string() }).nullable(),
  floors: z.number().int().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  footprint: Footprint.nullable(),
  region: RegionRef,
  gridCode: z.string().nullable(),
  units: z.array(z.object({ id: z.uuid(), name: z.string() })),
  dwellings: z.number().int(),
  version: z.number().int(),
});
export type BuildingView = z.infer<typeof BuildingSchema>;
export const BuildingDetailSchema = BuildingSchema.extend({ dwellingList: z.array(DwellingSchema) });
export const BuildingListQuery = z.object({
  region: z
    .string()
    .regex(/^\d{4,15}$/)
    .optional(),
  q: z.string().trim().min(1).max(100).optional(),
  ...Paging,
});
export type BuildingListReq = z.infer<typeof BuildingListQuery>;
export const BuildingListSchema = PageOf(BuildingSchema);

export const CreateDwellingBody = z.object({
  buildingId: z.uuid(),
  unitId: z.uuid().nullish(),
  floor: z.number().int().min(-10).max(200).nullish(),
  room: text(40),
  use: z.enum(DWELLING_USES),
});
export type CreateDwellingReq = z.infer<typeof CreateDwellingBody>;
export const UpdateDwellingBody = CreateDwellingBody.omit({ buildingId: true })
  .partial()
  .extend(Version.shape);
export type UpdateDwellingReq = z.infer<typeof UpdateDwellingBody>;

// ---- persons ----

const PopulationTagSchema = z.object({
  id: z.uuid(),
  type: z.object({
    code: z.string(),
    group: z.enum(POPULATION_GROUPS),
    nameZh: z.string(),
    nameEn: z.string(),
  }),
  riskLevel: z.number().int().nullable(),
  since: z.string(),
  note: z.string().nullable(),
});
export type PopulationTagView = z.infer<typeof PopulationTagSchema>;

const PersonFields = z.object({
  name: text(50),
  sex: z.enum(SEXES).nullish(),
  birthDate: pastDay().nullish(),
  idDocumentType: z.enum(ID_DOCUMENT_TYPES).nullish(),
  idNumber: z.string().trim().min(2).max(40).nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^[+\d][\d\s-]{5,19}$/, "must be a phone number")
    .nullish(),
  registeredResidence: optionalText(200),
  workplace: optionalText(200),
  tags: z.array(text(20)).max(20).optional(),
});

export const CreatePersonBody = PersonFields.extend({
  /** Where they live: a household (then `relation`), or else a village or grid. */
  householdId: z.uuid().optional(),
  relation: z.enum(RELATIONS).optional(),
  regionCode: regionCode.optional(),
})
  .refine((p) => p.householdId !== undefined || p.regionCode !== undefined, {
    error: "a person needs a household or a region",
    path: ["householdId"],
  })
  .refine((p) => p.householdId === undefined || p.relation !== undefined, {
    error: "relation to the head is required with a household",
    path: ["relation"],
  });
export type CreatePersonReq = z.infer<typeof CreatePersonBody>;
export const UpdatePersonBody = PersonFields.partial().extend(Version.shape);
export type UpdatePersonReq = z.infer<typeof UpdatePersonBody>;

export const PersonSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  sex: z.enum(SEXES).nullable(),
  birthDate: z.string().nullable(),
  idDocumentType: z.enum(ID_DOCUMENT_TYPES).nullable(),
  /** Masked: `1101**********1234`. */
  idNumber: z.string().nullable(),
  /** Masked: `138****5678`. */
  phone: z.string().nullable(),
  region: RegionRef,
  address: z.string().nullable(),
  populationTags: z.array(PopulationTagSchema),
});
export type PersonSummaryView = z.infer<typeof PersonSummarySchema>;

export const PersonEventSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  fromHouseholdId: z.uuid().nullable(),
  toHouseholdId: z.uuid().nullable(),
  detail: z.unknown(),
});

export const PersonSchema = PersonSummarySchema.extend({
  registeredResidence: z.string().nullable(),
  workplace: z.string().nullable(),
  tags: z.array(z.string()),
  household: z
    .object({
      id: z.uuid(),
      type: z.enum(HOUSEHOLD_TYPES),
      relation: z.enum(RELATIONS),
      dwellingId: z.uuid(),
    })
    .nullable(),
  history: z.array(PersonEventSchema),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof PersonSchema>;

export const PersonListQuery = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  address: z.string().trim().min(1).max(100).optional(),
  region: z
    .string()
    .regex(/^\d{4,15}$/)
    .optional(),
  /** A population type code: persons tagged with it (a type the reader may not see matches nobody). */
  type: z.string().max(40).optional(),
  ...Paging,
});
export type PersonListReq = z.infer<typeof PersonListQuery>;
export const PersonListSchema = PageOf(PersonSummarySchema);

/** Exact look-up through the blind index; in the body, so numbers never sit in a URL or a log. */
export const PersonLookupBody = z
  .object({
    idNumber: z.string().trim().min(2).max(40).optional(),
    phone: z.string().trim().min(5).max(20).optional(),
  })
  .refine((b) => (b.idNumber === undefined) !== (b.phone === undefined), {
    error: "give exactly one of idNumber and phone",
    path: ["idNumber"],
  });
export type PersonLookupReq = z.infer<typeof PersonLookupBody>;
export const PersonLookupSchema = z.object({ items: z.array(PersonSummarySchema) });

export const RevealBody = z.object({ reason: text(200) });
export const RevealedSchema = z.object({ idNumber: z.string().nullable(), phone: z.string().nullable() });

export const TagPersonBody = z.object({
  typeCode: z.string().max(40),
  riskLevel: z.number().int().min(0).max(5).nullish(),
  since: isoDate,
  note: optionalText(500),
});
export type TagPersonReq = z.infer<typeof TagPersonBody>;

// ---- households ----

export const CreateHouseholdBody = z.object({
  dwellingId: z.uuid(),
  type: z.enum(HOUSEHOLD_TYPES),
  number: optionalText(40),
});
export type CreateHouseholdReq = z.infer<typeof CreateHouseholdBody>;
export const UpdateHouseholdBody = z
  .object({ type: z.enum(HOUSEHOLD_TYPES), number: optionalText(40) })
  .partial()
  .extend(Version.shape);
export type UpdateHouseholdReq = z.infer<typeof UpdateHouseholdBody>;

export const AddMemberBody = z.object({
  personId: z.uuid(),
  relation: z.enum(RELATIONS),
  /** The day they moved in; their former household (if any) is left the same day. */
  joinedOn: isoDate,
});
export type AddMemberReq = z.infer<typeof AddMemberBody>;
export const LeaveBody = z.object({ leftOn: isoDate });

export const HouseholdSchema = z.object({
  id: z.uuid(),
  type: z.enum(HOUSEHOLD_TYPES),
  number: z.string().nullable(),
  dwelling: z.object({ id: z.uuid(), label: z.string() }),
  region: RegionRef,
  members: z.array(
    z.object({ relation: z.enum(RELATIONS), joinedOn: z.string(), person: PersonSummarySchema }),
  ),
  version: z.number().int(),
});
export type HouseholdView = z.infer<typeof HouseholdSchema>;

/** The households living at one dwelling (the place tree's 人房关联). */
export const HouseholdListQuery = z.object({ dwelling: z.uuid() });
export const HouseholdListSchema = z.object({ items: z.array(HouseholdSchema) });

// ---- rentals (出租屋) ----

export const TenantParams = z.object({ id: z.uuid(), tenantId: z.uuid() });

/** A dwelling let by a landlord (a person of the register) from a day; one open rental at a time. */
export const CreateRentalBody = z.object({
  dwellingId: z.uuid(),
  landlordPersonId: z.uuid(),
  startsOn: isoDate,
});
export type CreateRentalReq = z.infer<typeof CreateRentalBody>;
/**
 * A tenant not yet known by id, as the grid worker takes them down at the door: the name and a
 * document number or a phone number (at least one).
 */
export const NewTenantBody = PersonFields.pick({
  name: true,
  idDocumentType: true,
  idNumber: true,
  phone: true,
}).refine((p) => Boolean(p.idNumber) || Boolean(p.phone), {
  error: "a document number or a phone number is required",
  path: ["idNumber"],
});
/**
 * A tenant moves in (floating population registration): a person of the register (`personId`),
 * or one described by `person` — the person of that document number when they are in the
 * reader's area, else registered at the rental's place in the same transaction.
 */
export const AddTenantBody = z
  .object({ personId: z.uuid().optional(), person: NewTenantBody.optional(), movedInOn: isoDate })
  .refine((b) => (b.personId === undefined) !== (b.person === undefined), {
    error: "give either personId or person",
    path: ["personId"],
  });
export type AddTenantReq = z.infer<typeof AddTenantBody>;
export type NewTenantReq = z.infer<typeof NewTenantBody>;
export const MoveOutBody = z.object({ movedOutOn: isoDate });
/** The rental ends; tenants still living there move out the same day. */
export const EndRentalBody = z.object({ endsOn: isoDate });

export const RentalListQuery = z.object({
  region: z
    .string()
    .regex(/^\d{4,15}$/)
    .optional(),
  dwelling: z.uuid().optional(),
  /** true: rentals not ended; false: ended ones; absent: both. */
  current: z.enum(["true", "false"]).optional(),
  ...Paging,
});
export type RentalListReq = z.infer<typeof RentalListQuery>;

export const TenantSchema = z.object({
  id: z.uuid(),
  /** Null when the person now lives outside the reader's area (the row stays as history). */
  person: PersonSummarySchema.nullable(),
  movedInOn: z.string(),
  movedOutOn: z.string().nullable(),
});
export type TenantView = z.infer<typeof TenantSchema>;

export const RentalSchema = z.object({
  id: z.uuid(),
  dwelling: z.object({ id: z.uuid(), label: z.string() }),
  region: RegionRef,
  /** Null when the landlord lives outside the reader's area. */
  landlord: PersonSummarySchema.nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  /** Every tenant ever, those living there first, then by move-in day (latest first). */
  tenants: z.array(TenantSchema),
});
export type RentalView = z.infer<typeof RentalSchema>;
export const RentalListSchema = PageOf(RentalSchema);

// ---- population types ----

export const PopulationTypeSchema = z.object({
  code: z.string(),
  group: z.enum(POPULATION_GROUPS),
  nameZh: z.string(),
  nameEn: z.string(),
  visibleTo: z.array(z.enum(ROLES)),
  visitIntervalDays: z.number().int(),
  measureKinds: z.array(z.enum(MEASURE_KINDS)),
  measures: z.string(),
  hasRiskLevel: z.boolean(),
  active: z.boolean(),
});
export type PopulationTypeView = z.infer<typeof PopulationTypeSchema>;
export const PopulationTypeListSchema = z.object({ items: z.array(PopulationTypeSchema) });
export const PutPopulationTypeBody = PopulationTypeSchema.omit({ code: true });
export type PutPopulationTypeReq = z.infer<typeof PutPopulationTypeBody>;

export const CreatedSchema = z.object({ id: z.uuid() });

// ---- register workbooks (XLSX import and export) ----

/** The language of the template's instructions (else Accept-Language's, else Chinese). */
export const RegisterTemplateQuery = z.object({ lang: z.enum(["zh", "en"]).optional() });

export const RegisterExportQuery = z.object({
  lang: z.enum(["zh", "en"]).optional(),
  /** Only this region (any level) of your scope. */
  region: z
    .string()
    .regex(/^\d{4,15}$/)
    .optional(),
  /** ID and phone numbers in full: people.reveal and a reason; every person's read is logged. */
  full: z.enum(["true", "false"]).default("false"),
  reason: z.string().trim().min(1).max(200).optional(),
});

export const RegisterImportedSchema = z.object({
  buildings: z.number().int(),
  dwellings: z.number().int(),
  households: z.number().int(),
  persons: z.number().int(),
  rows: z.number().int(),
});

/** One problem of a rejected import: where it is and why, in the caller's language. */
export const ImportProblemSchema = z.object({
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  reason: z.string(),
  message: z.string(),
});
