import type { Db } from "../../db/client.js";
import { categories } from "../../db/schema.js";
import { ConflictError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { assertServiceCodeFree, checkParent, lockCatalogue } from "./category-checks.js";
import { auditedCategory, getCategory, getCategoryRecord } from "./find-categories.js";
import type { Category, CreateCategoryReq } from "./schemas.js";

export interface CreateCategoryOptions {
  actor: Actor;
  /** The city-wide `catalogue.manage` binding; its path scopes the audit row. */
  binding: Binding;
  input: CreateCategoryReq;
  requestId?: string;
}

/** 409 for a code already in the catalogue (also when a concurrent create won the race). */
function categoryExists(code: string): ConflictError {
  return new ConflictError("category_exists", `Category ${code} already exists.`, { code });
}

/**
 * Adds a category to the catalogue under an existing parent (or at the top), audited. The
 * cross-field rules were checked by the body schema; the parent and uniqueness are checked here.
 */
export async function createCategory(db: Db, opts: CreateCategoryOptions): Promise<Category> {
  const { input } = opts;
  try {
    return await db.transaction(async (tx) => {
      await lockCatalogue(tx);
      if (await getCategoryRecord(tx, input.code)) throw categoryExists(input.code);
      const parentCode = input.parentCode ?? null;
      if (parentCode !== null) await checkParent(tx, { code: input.code, parentCode, active: input.active });
      const serviceCode = input.open311ServiceCode ?? null;
      await assertServiceCodeFree(tx, serviceCode, input.code);
      const [created] = await tx
        .insert(categories)
        .values({
          code: input.code,
          parentCode,
          name: input.name,
          nameEn: input.nameEn,
          handlingLevel: input.handlingLevel,
          departmentType: input.departmentType ?? null,
          responseHours: input.responseHours,
          handleHours: input.handleHours,
          deadlineKind: input.deadlineKind,
          open311ServiceCode: serviceCode,
          open311Keywords: input.open311Keywords ?? null,
          icon: input.icon ?? null,
          active: input.active,
          sortOrder: input.sortOrder,
        })
        .returning();
      if (!created) throw new Error("category insert returned nothing");
      await recordAudit(tx, {
        actor: opts.actor,
        action: "category.create",
        entityType: "category",
        entityId: created.code,
        after: auditedCategory(created),
        scopePath: opts.binding.scopePath,
        requestId: opts.requestId,
      });
      const presented = await getCategory(tx, created.code, { includeInactive: true });
      if (!presented) throw new Error("created category not readable");
      return presented;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw categoryExists(input.code);
    throw err;
  }
}
