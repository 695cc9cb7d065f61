/**
 * Committees for places: a general committee for each village and township under `countyPath`
 * (小事不出村、大事不出镇) and the county's professional ones (property, medical, traffic, labour).
 * Safe to repeat: existing committees are kept.
 */
import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import { COMMITTEE_KINDS, mediationCommittees, type CommitteeKind } from "./schema.js";

export const PROFESSIONAL_WORDS: Record<Exclude<CommitteeKind, "general">, string> = {
  property: "物业纠纷人民调解委员会",
  medical: "医疗纠纷人民调解委员会",
  traffic: "道路交通事故纠纷人民调解委员会",
  labour: "劳动争议人民调解委员会",
};

/** Creates the committees of the county `countyCode`; answers how many were new. */
export async function seedCommittees(db: Db, countyCode: string): Promise<number> {
  const places = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      path: sql<string>`${regions.path}::text`,
      countyCode: regions.countyCode,
    })
    .from(regions)
    .where(
      and(
        sql`${regions.path} <@ (select path from regions where code = ${countyCode})`,
        inArray(regions.level, ["county", "township", "village"]),
      ),
    );
  const rows: (typeof mediationCommittees.$inferInsert)[] = [];
  for (const p of places) {
    const base = { regionCode: p.code, regionPath: p.path, countyCode: p.countyCode ?? countyCode };
    if (p.level === "village")
      rows.push({ ...base, name: `${p.name}人民调解委员会`, level: "village", kind: "general" });
    if (p.level === "township")
      rows.push({ ...base, name: `${p.name}人民调解委员会`, level: "township", kind: "general" });
    if (p.level === "county") {
      for (const kind of COMMITTEE_KINDS) {
        if (kind === "general") continue;
        rows.push({ ...base, name: `${p.name}${PROFESSIONAL_WORDS[kind]}`, level: "county", kind });
      }
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(mediationCommittees)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: mediationCommittees.id });
  return inserted.length;
}
