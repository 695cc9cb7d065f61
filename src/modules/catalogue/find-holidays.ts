import { and, asc, gte, lte } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { holidays } from "../../db/schema.js";
import type { Holiday } from "./schemas.js";

/** A year's holidays and adjusted workdays in date order; every year when `year` is undefined. */
export async function findHolidays(db: Tx, year?: number): Promise<Holiday[]> {
  return db
    .select({ date: holidays.date, kind: holidays.kind, name: holidays.name })
    .from(holidays)
    .where(
      year === undefined
        ? undefined
        : and(gte(holidays.date, `${year}-01-01`), lte(holidays.date, `${year}-12-31`)),
    )
    .orderBy(asc(holidays.date));
}
