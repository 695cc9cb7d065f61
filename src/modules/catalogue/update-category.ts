import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { categories } from "../../db/schema.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import {
  assertCategoryRules,
  assertNoActiveChildren,
  assertServiceCodeFree,
  checkParent,
  lockCatalogue,
} from "./category-checks.js";
import { auditedCategory, getCategory, getCategoryRecord, type CategoryRecord } from "./find-categories.js";
import type { Category, UpdateCategoryReq } from "./schemas.js";

export interface UpdateCategoryOptions {
  actor: Actor;
  /** The city-wide `catalogue.manage` binding; its path scopes the audit row. */
  binding: Binding;
  code: string;
  input: UpdateCategoryReq;
  requestId?: string;
}

/** `value` when the request gave it (null included), else what was stored. */
function given<T>(value: T | undefined, stored: T): T {
  return value === undefined ? stored : value;
}

/**
 * Changes a category's fields, parent or activity, audited. Leaving the department level clears
 * the department type. Deactivating a category that still has active children is refused (409)
 * rather than cascading: nothing in the catalogue changes silently. Unchanged input writes no
 * audit row.
 */
export async function updateCategory(db: Db, opts: UpdateCategoryOptions): Promise<Category> {
  const { input } = opts;
  try {
    return await db.transaction(async (tx) => {
      await lockCatalogue(tx);
      const before = await getCategoryRecord(tx, opts.code);
      if (!before) throw new NotFoundError("Category", opts.code);
      const handlingLevel = given(input.handlingLevel, before.handlingLevel);
      const after: CategoryRecord = {
        ...before,
        parentCode: given(input.parentCode, before.parentCode),
        name: given(input.name, before.name),
        nameEn: given(input.nameEn, before.nameEn),
        handlingLevel,
        departmentType: given(
          input.departmentType,
          handlingLevel === "department" ? before.departmentType : null,
        ),
        responseHours: given(input.responseHours, before.responseHours),
        handleHours: given(input.handleHours, before.handleHours),
        deadlineKind: given(input.deadlineKind, before.deadlineKind),
        open311ServiceCode: given(input.open311ServiceCode, before.open311ServiceCode),
        open311Keywords: given(input.open311Keywords, before.open311Keywords),
        icon: given(input.icon, before.icon),
        active: given(input.active, before.active),
        sortOrder: given(input.sortOrder, before.sortOrder),
      };
      assertCategoryRules(after);
      const changed = (Object.keys(after) as (keyof CategoryRecord)[]).filter((k) => after[k] !== before[k]);
      if (changed.length > 0) {
        const reparented = after.parentCode !== before.parentCode;
        if (after.parentCode !== null && (reparented || (after.active && !before.active))) {
          await checkParent(tx, { code: before.code, parentCode: after.parentCode, active: after.active });
        }
        if (before.active && !after.active) await assertNoActiveChildren(tx, before.code);
        await assertServiceCodeFree(tx, after.open311ServiceCode, before.code);
        const { code: _code, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = after;
        await tx
          .update(categories)
          .set({ ...fields, updatedAt: sql`now()` })
          .where(eq(categories.code, before.code));
        await recordAudit(tx, {
          actor: opts.actor,
          action: "category.update",
          entityType: "category",
          entityId: before.code,
          before: auditedCategory(before),
          after: auditedCategory(after),
          scopePath: opts.binding.scopePath,
          requestId: opts.requestId,
        });
      }
      const presented = await getCategory(tx, before.code, { includeInactive: true });
      if (!presented) throw new Error("updated category not readable");
      return presented;
    });
  } catch (err) {
    // Only the Open311 code is unique besides the key, and the key does not change here.
    if (isUniqueViolation(err)) {
      throw new ConflictError(
        "open311_service_code_taken",
        "Another category took this Open311 service code.",
      );
    }
    throw err;
  }
}
