/**
 * How the audit log names the register's places and households: an address by its label, a
 * building by its name, a dwelling as "building room", a household by its number (户号) or else
 * by its dwelling. One query per kind for a whole page of rows.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { columnLabeller, sameInBoth, type SubjectLabeller } from "../../core/notifications/subject-labels.js";
import { addresses, buildings, dwellings, households, populationTypes } from "./schema.js";

const dwellingName = () => sql<string>`${buildings.name} || ' ' || ${dwellings.room}`;

const dwellingLabels: SubjectLabeller = async (db, ids) => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: dwellings.id, label: dwellingName() })
    .from(dwellings)
    .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
    .where(inArray(dwellings.id, [...ids]));
  return new Map(rows.map((r) => [r.id, sameInBoth(r.label)]));
};

const householdLabels: SubjectLabeller = async (db, ids) => {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: households.id, label: sql<string>`coalesce(${households.number}, ${dwellingName()})` })
    .from(households)
    .innerJoin(dwellings, eq(dwellings.id, households.dwellingId))
    .innerJoin(buildings, eq(buildings.id, dwellings.buildingId))
    .where(inArray(households.id, [...ids]));
  return new Map(rows.map((r) => [r.id, sameInBoth(r.label)]));
};

/** Built when called: the tables are not yet defined while the module registry loads. */
export const PEOPLE_LABELS: readonly { subjectType: string; labels: SubjectLabeller }[] = [
  {
    subjectType: "address",
    labels: (db, ids) => columnLabeller(addresses, addresses.id, addresses.label)(db, ids),
  },
  {
    subjectType: "building",
    labels: (db, ids) => columnLabeller(buildings, buildings.id, buildings.name)(db, ids),
  },
  { subjectType: "dwelling", labels: (db, ids) => dwellingLabels(db, ids) },
  { subjectType: "household", labels: (db, ids) => householdLabels(db, ids) },
  {
    subjectType: "population_type",
    labels: (db, ids) =>
      columnLabeller(
        populationTypes,
        populationTypes.code,
        populationTypes.nameZh,
        populationTypes.nameEn,
      )(db, ids),
  },
];
