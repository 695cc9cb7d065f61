import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { categories } from "../../db/schema.js";

/** The English names of the categories with these codes (the catalogue carries both names). */
export async function categoryNamesEn(
  db: Db,
  codes: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = codes.filter((c): c is string => c !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ code: categories.code, nameEn: categories.nameEn })
    .from(categories)
    .where(inArray(categories.code, wanted));
  return new Map(rows.map((r) => [r.code, r.nameEn]));
}
