import { and, asc, eq, isNotNull, max, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import { categories } from "../../db/schema.js";

/** A category offered through Open311, with what the service list and requests show of it. */
export interface Open311Service {
  serviceCode: string;
  categoryCode: string;
  name: string;
  nameEn: string;
  keywords: string | null;
  /** The parent category's name: the spec's `group`. */
  group: string | null;
  responseHours: number;
  handleHours: number;
  deadlineKind: "calendar" | "working";
}

const parent = alias(categories, "parent");

/**
 * Only leaves of the active tree receive cases, so only they are services; a category with an
 * active child is a group. (An active category's parent is always active.)
 */
const isActiveLeaf = sql<boolean>`(${categories.active} and not exists (
  select 1 from categories child where child.parent_code = ${categories.code} and child.active
))`;

const columns = {
  serviceCode: sql<string>`${categories.open311ServiceCode}`,
  categoryCode: categories.code,
  name: categories.name,
  nameEn: categories.nameEn,
  keywords: categories.open311Keywords,
  group: parent.name,
  responseHours: categories.responseHours,
  handleHours: categories.handleHours,
  deadlineKind: categories.deadlineKind,
};

/** The services: active leaf categories with an Open311 service code, in catalogue order. */
export async function findOpen311Services(db: Db | Tx): Promise<Open311Service[]> {
  return db
    .select(columns)
    .from(categories)
    .leftJoin(parent, eq(parent.code, categories.parentCode))
    .where(and(isNotNull(categories.open311ServiceCode), isActiveLeaf))
    .orderBy(asc(parent.sortOrder), asc(parent.code), asc(categories.sortOrder), asc(categories.code));
}

/** One service by its code, or null when there is none or it no longer takes requests. */
export async function getOpen311Service(db: Db | Tx, serviceCode: string): Promise<Open311Service | null> {
  const [found] = await db
    .select(columns)
    .from(categories)
    .leftJoin(parent, eq(parent.code, categories.parentCode))
    .where(and(eq(categories.open311ServiceCode, serviceCode), isActiveLeaf));
  return found ?? null;
}

/** "response within 2 h, handling within 24 working hours": the deadlines in words. */
export function deadlineWords(
  s: Pick<Open311Service, "responseHours" | "handleHours" | "deadlineKind">,
): string {
  const unit = s.deadlineKind === "working" ? "working hours" : "hours";
  return `response within ${s.responseHours} ${unit}, handling within ${s.handleHours} ${unit}`;
}

/**
 * The discovery document's changeset: when the catalogue last changed, since the services and
 * their definitions are drawn from it (clients refresh their cached lists when it moves).
 */
export async function servicesChangeset(db: Db): Promise<string> {
  const [row] = await db.select({ at: max(categories.updatedAt) }).from(categories);
  return (row?.at ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, "Z");
}
