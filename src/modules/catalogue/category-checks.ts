/**
 * The checks every catalogue write makes, shared by create and update. All catalogue writes
 * take one transaction-level lock first: they are rare, and serialising them is what keeps the
 * tree free of cycles and "an active category has an active parent" true under concurrency.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { categories } from "../../db/schema.js";
import { BadRequestError, ConflictError } from "../../shared/errors.js";
import { getCategoryRecord, type CategoryRecord } from "./find-categories.js";
import { categoryRuleViolations, type CategoryRuleFields } from "./schemas.js";

/** Any constant, the same in every process. */
const CATALOGUE_LOCK_KEY = 316_027_401;

/** Waits for other catalogue writes to finish; released when the transaction ends. */
export async function lockCatalogue(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CATALOGUE_LOCK_KEY}::bigint)`);
}

/** 400 naming the body field to fix, in the same shape as schema validation errors. */
export function badField(field: string, message: string): BadRequestError {
  return new BadRequestError("validation_failed", `body.${field}: ${message}`, [
    { field: `body.${field}`, message },
  ]);
}

/** Throws 400 on the first broken cross-field rule (see categoryRuleViolations). */
export function assertCategoryRules(c: CategoryRuleFields): void {
  const [first] = categoryRuleViolations(c);
  if (first) throw badField(first.field, first.message);
}

/** 409 when another category already offers this Open311 service code. */
export async function assertServiceCodeFree(
  tx: Tx,
  serviceCode: string | null,
  ownCode: string,
): Promise<void> {
  if (serviceCode === null) return;
  const [other] = await tx
    .select({ code: categories.code })
    .from(categories)
    .where(and(eq(categories.open311ServiceCode, serviceCode), ne(categories.code, ownCode)));
  if (other) {
    throw new ConflictError(
      "open311_service_code_taken",
      `Category ${other.code} already offers the Open311 service code "${serviceCode}".`,
      { code: other.code, open311ServiceCode: serviceCode },
    );
  }
}

/**
 * The parent a category is put under: it must exist (400 on the field otherwise), must not be
 * the category or one of its descendants (a cycle), and must be active when the category is.
 */
export async function checkParent(
  tx: Tx,
  opts: { code: string; parentCode: string; active: boolean },
): Promise<CategoryRecord> {
  if (opts.parentCode === opts.code) throw badField("parentCode", "a category cannot be its own parent");
  const parent = await getCategoryRecord(tx, opts.parentCode);
  if (!parent) throw badField("parentCode", `there is no category ${opts.parentCode}`);
  // Walk up from the new parent: the tree is a few levels deep, and acyclic before this write.
  for (let up: CategoryRecord | null = parent, steps = 0; up && steps < 100; steps++) {
    if (up.code === opts.code) {
      throw badField("parentCode", `${opts.parentCode} lies under ${opts.code}: that would make a cycle`);
    }
    up = up.parentCode === null ? null : await getCategoryRecord(tx, up.parentCode);
  }
  if (opts.active && !parent.active) {
    throw new ConflictError(
      "parent_inactive",
      `The parent category ${parent.code} is inactive: activate it first, or make this category inactive.`,
      { parentCode: parent.code },
    );
  }
  return parent;
}

/** 409 when the category still has active children: deactivating it would orphan them. */
export async function assertNoActiveChildren(tx: Tx, code: string): Promise<void> {
  const active = await tx
    .select({ code: categories.code })
    .from(categories)
    .where(and(eq(categories.parentCode, code), eq(categories.active, true)))
    .orderBy(categories.code);
  if (active.length > 0) {
    throw new ConflictError(
      "has_active_children",
      `Category ${code} has active children (${active.map((c) => c.code).join(", ")}): deactivate them first.`,
      { children: active.map((c) => c.code) },
    );
  }
}
