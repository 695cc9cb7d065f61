import { and, gte, lte } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { holidays } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { badField } from "./category-checks.js";
import { findHolidays } from "./find-holidays.js";
import { bumpHolidaysVersion } from "./holidays-version.js";
import { invalidateWorkingCalendar } from "./load-working-calendar.js";
import type { Holiday } from "./schemas.js";

export interface ReplaceHolidaysOptions {
  actor: Actor;
  /** The city-wide `catalogue.manage` binding; its path scopes the audit row. */
  binding: Binding;
  year: number;
  items: Holiday[];
  requestId?: string;
}

/**
 * Why a year's list cannot be stored, per item: a date outside the year, a date listed twice,
 * or a `workday` on a weekday (only a weekend day can be worked in exchange). A `holiday` may
 * fall on a weekend: the notice lists whole periods, and such a day changes nothing.
 */
export function holidayViolations(
  year: number,
  items: readonly Holiday[],
): { field: string; message: string }[] {
  const seen = new Map<string, number>();
  const violations: { field: string; message: string }[] = [];
  items.forEach((item, i) => {
    const field = `items.${i}.date`;
    const previous = seen.get(item.date);
    if (!item.date.startsWith(`${year}-`)) {
      violations.push({ field, message: `${item.date} is not in ${year}` });
    } else if (previous !== undefined) {
      violations.push({ field, message: `${item.date} is listed twice (also items.${previous})` });
    } else if (item.kind === "workday" && ![0, 6].includes(new Date(`${item.date}T00:00:00Z`).getUTCDay())) {
      violations.push({
        field: `items.${i}.kind`,
        message: `${item.date} is a weekday: only a weekend day can be an adjusted workday (调休上班)`,
      });
    }
    seen.set(item.date, i);
  });
  return violations;
}

/**
 * Replaces a year's holidays and adjusted workdays in one transaction, audited, and moves the
 * holidays version so every app process reloads its working calendar.
 */
export async function replaceHolidays(db: Db, opts: ReplaceHolidaysOptions): Promise<Holiday[]> {
  const [violation] = holidayViolations(opts.year, opts.items);
  if (violation) throw badField(violation.field, violation.message);
  const inYear = and(gte(holidays.date, `${opts.year}-01-01`), lte(holidays.date, `${opts.year}-12-31`));
  const stored = await db.transaction(async (tx) => {
    // The version row lock also makes two replacements of the same year wait for each other.
    await bumpHolidaysVersion(tx);
    const before = await findHolidays(tx, opts.year);
    await tx.delete(holidays).where(inYear);
    if (opts.items.length > 0) await tx.insert(holidays).values(opts.items);
    const after = await findHolidays(tx, opts.year);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "holidays.replace",
      entityType: "holidays",
      entityId: String(opts.year),
      before,
      after,
      scopePath: opts.binding.scopePath,
      requestId: opts.requestId,
    });
    return after;
  });
  invalidateWorkingCalendar(db);
  return stored;
}
