/**
 * The committees a dispute moves between, found by place: the general committee of the village
 * (else of the township) holds a new dispute — 小事不出村 — and the township's takes what the
 * village cannot settle — 大事不出镇. Committees are not units of the case world, so their
 * notices go to the unit of the same place (the village committee, the township centre), whose
 * staff read them in the bell.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import { mediationCommittees, mediators } from "./schema.js";

export type CommitteeRow = typeof mediationCommittees.$inferSelect;
export type MediatorRow = typeof mediators.$inferSelect;

/** The nearest general committee at or above `regionPath` among `levels`, or null. */
export async function committeeOfPlace(
  tx: Tx | Db,
  regionPath: string,
  levels: readonly ("village" | "township")[] = ["village", "township"],
): Promise<CommitteeRow | null> {
  const [row] = await tx
    .select()
    .from(mediationCommittees)
    .where(
      and(
        sql`${mediationCommittees.regionPath} @> ${regionPath}::ltree`,
        eq(mediationCommittees.kind, "general"),
        inArray(mediationCommittees.level, [...levels]),
      ),
    )
    .orderBy(desc(sql`nlevel(${mediationCommittees.regionPath})`))
    .limit(1);
  return row ?? null;
}

/** The township committee above a village committee; null for anything else or none there. */
export async function townshipCommitteeAbove(tx: Tx, committee: CommitteeRow): Promise<CommitteeRow | null> {
  if (committee.level !== "village") return null;
  return committeeOfPlace(tx, committee.regionPath, ["township"]);
}

export async function findCommittee(tx: Tx, id: string): Promise<CommitteeRow> {
  const [row] = await tx.select().from(mediationCommittees).where(eq(mediationCommittees.id, id));
  if (!row) throw new Error(`committee ${id} is missing`);
  return row;
}

export async function findMediator(tx: Tx | Db, id: string): Promise<MediatorRow | null> {
  const [row] = await tx.select().from(mediators).where(eq(mediators.id, id));
  return row ?? null;
}

/** The active mediator row of `userId` in `committeeId`, if they are one. */
export async function mediatorOfUser(
  tx: Tx | Db,
  committeeId: string,
  userId: string,
): Promise<MediatorRow | null> {
  const [row] = await tx
    .select()
    .from(mediators)
    .where(
      and(eq(mediators.committeeId, committeeId), eq(mediators.userId, userId), eq(mediators.active, true)),
    );
  return row ?? null;
}

/** The unit whose staff read a committee's notices: the village committee or the centre of its place. */
export async function committeeUnitId(tx: Tx, committee: CommitteeRow): Promise<string | null> {
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.regionCode, committee.regionCode),
        inArray(organisations.kind, ["village_committee", "township_centre", "county_centre"]),
      ),
    );
  return row?.id ?? null;
}

/** The township centre over a place (repeat-party and major-risk alerts go there). */
export async function townshipCentreOver(tx: Tx, regionPath: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, "township_centre"),
        sql`${organisations.regionPath} @> ${regionPath}::ltree`,
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/**
 * The police liaison of a county (派出所/公安分局 as the county's public security department):
 * major and repeat-party disputes are told to it as well (民转刑 prevention). Null when the county
 * has none.
 */
export async function policeLiaisonOf(tx: Tx, countyCode: string | null): Promise<string | null> {
  if (countyCode === null) return null;
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, "department"),
        eq(organisations.departmentType, "public_security"),
        eq(organisations.regionCode, countyCode),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}
