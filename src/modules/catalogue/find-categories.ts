import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { categories } from "../../db/schema.js";
import { departmentTypeName } from "../organisations/index.js";
import type { Category } from "./schemas.js";

/** A categories row as stored. */
export type CategoryRecord = typeof categories.$inferSelect;

/**
 * An active category with no active child, i.e. a leaf of the active tree. An active category's
 * parent is always active (writes keep that), so the leaf needs no walk up the tree.
 */
// Spelled out rather than built from column objects: in a select list Drizzle leaves columns
// unqualified, and inside the subquery a bare "code" would mean the child's.
const acceptsCases = sql<boolean>`(categories.active and not exists (
  select 1 from categories child where child.parent_code = categories.code and child.active
))`;

/** The record without timestamps, for audit rows. */
export function auditedCategory(c: CategoryRecord): Omit<CategoryRecord, "createdAt" | "updatedAt"> {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = c;
  return rest;
}

/** A record as the API shows it. */
function present(c: CategoryRecord, depth: number, accepts: boolean): Category {
  return {
    code: c.code,
    parentCode: c.parentCode,
    name: c.name,
    nameEn: c.nameEn,
    handlingLevel: c.handlingLevel,
    departmentType: c.departmentType,
    departmentTypeName: departmentTypeName(c.departmentType),
    responseHours: c.responseHours,
    handleHours: c.handleHours,
    deadlineKind: c.deadlineKind,
    open311ServiceCode: c.open311ServiceCode,
    open311Keywords: c.open311Keywords,
    icon: c.icon,
    active: c.active,
    sortOrder: c.sortOrder,
    depth,
    acceptsCases: accepts,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * The catalogue depth-first (siblings by sortOrder, then code), active categories only unless
 * asked. A category whose parent is missing from the list (inactive) is left out with its subtree,
 * so the list is always a well-formed tree.
 */
export async function findCategories(db: Tx, opts: { includeInactive?: boolean } = {}): Promise<Category[]> {
  const rows = await db
    .select({ row: categories, acceptsCases })
    .from(categories)
    .where(opts.includeInactive ? undefined : eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.code));
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) {
    const siblings = children.get(r.row.parentCode) ?? [];
    siblings.push(r);
    children.set(r.row.parentCode, siblings);
  }
  const out: Category[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push(present(r.row, depth, r.acceptsCases));
      walk(r.row.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * One category as the API shows it, or null (inactive ones only when asked). Reads the whole
 * catalogue for the depth: it is a few hundred rows at most.
 */
export async function getCategory(
  db: Tx,
  code: string,
  opts: { includeInactive?: boolean } = {},
): Promise<Category | null> {
  const all = await findCategories(db, { includeInactive: true });
  const found = all.find((c) => c.code === code);
  return found && (found.active || opts.includeInactive) ? found : null;
}

/** The stored row, or null; inactive ones included. */
export async function getCategoryRecord(db: Tx, code: string): Promise<CategoryRecord | null> {
  const [found] = await db.select().from(categories).where(eq(categories.code, code));
  return found ?? null;
}

/**
 * The category a case may be filed under: an active leaf of the active tree (its deadlines and
 * handling level with it), or null for an unknown, inactive or non-leaf code.
 */
export async function getUsableLeaf(db: Tx, code: string): Promise<CategoryRecord | null> {
  const [found] = await db
    .select({ row: categories })
    .from(categories)
    .where(and(eq(categories.code, code), acceptsCases));
  return found?.row ?? null;
}

/** True when cases can be filed under `code` (see getUsableLeaf). */
export async function isUsableLeaf(db: Tx, code: string): Promise<boolean> {
  return (await getUsableLeaf(db, code)) !== null;
}

/** The leaves offered through Open311 (GeoReport `services`), in catalogue order. */
export async function findOpen311Services(db: Tx): Promise<CategoryRecord[]> {
  const listed = await findCategories(db);
  const rows = await db
    .select()
    .from(categories)
    .where(and(isNotNull(categories.open311ServiceCode), acceptsCases));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return listed.flatMap((c) => byCode.get(c.code) ?? []);
}

/** The leaf behind an Open311 `service_code`, if cases can be filed under it. */
export async function getUsableLeafByServiceCode(
  db: Tx,
  serviceCode: string,
): Promise<CategoryRecord | null> {
  const [found] = await db
    .select({ row: categories })
    .from(categories)
    .where(and(eq(categories.open311ServiceCode, serviceCode), acceptsCases));
  return found?.row ?? null;
}
