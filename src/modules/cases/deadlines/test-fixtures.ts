/**
 * Test factories for the scheduler's tests (here and in test/crash): a unit ladder in county
 * 131002 and cases inserted straight into the table, so deadlines can be tested without intake.
 */
import { randomInt } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { cases, organisations, regions } from "../../../db/schema.js";

/** A grid, its village, township and county, and one unit at each (plus a county department). */
export interface Ladder {
  gridCode: string;
  villageCode: string;
  townshipCode: string;
  countyCode: string;
  gridPost: string;
  village: string;
  township: string;
  county: string;
  department: string;
}

/** Builds the ladder under the first village of the first township of county 131002. */
export async function buildLadder(db: Db): Promise<Ladder> {
  const countyCode = "131002";
  const [county] = await db.select().from(regions).where(eq(regions.code, countyCode));
  const [township] = await db
    .select()
    .from(regions)
    .where(and(eq(regions.level, "township"), eq(regions.countyCode, countyCode)))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!county || !township) throw new Error("test tree lacks county 131002");
  const [village] = await db
    .select()
    .from(regions)
    .where(eq(regions.parentCode, township.code))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!village) throw new Error("township has no village");
  // The test tree has no grids: one grid region row stands in.
  const gridCode = `${village.code}901`;
  await db
    .insert(regions)
    .values({
      code: gridCode,
      name: "测试网格",
      level: "grid",
      parentCode: village.code,
      path: `${village.path}.${gridCode}`,
      countyCode,
    })
    .onConflictDoNothing();
  const unit = async (
    kind: (typeof organisations.$inferInsert)["kind"],
    region: { code: string; path: string },
    departmentType: string | null = null,
  ) => {
    const [row] = await db
      .insert(organisations)
      .values({
        kind,
        name: `${kind} ${region.code}${departmentType ? ` ${departmentType}` : ""}`,
        regionCode: region.code,
        regionPath: region.path,
        countyCode,
        departmentType,
      })
      .returning({ id: organisations.id });
    if (!row) throw new Error("organisation insert returned nothing");
    return row.id;
  };
  return {
    gridCode,
    villageCode: village.code,
    townshipCode: township.code,
    countyCode,
    gridPost: await unit("grid_post", { code: gridCode, path: `${village.path}.${gridCode}` }),
    village: await unit("village_committee", village),
    township: await unit("township_centre", township),
    county: await unit("county_centre", county),
    department: await unit("department", county, "urban_management"),
  };
}

export type CaseOverrides = Partial<typeof cases.$inferInsert>;

/**
 * Inserts a case in the ladder's village (or `regionCode`), dispatched to the village committee
 * unless overridden. Deadlines are whatever the test passes.
 */
export async function buildCase(db: Db, ladder: Ladder, overrides: CaseOverrides = {}): Promise<string> {
  const regionCode = overrides.regionCode ?? ladder.villageCode;
  const [region] = await db.select().from(regions).where(eq(regions.code, regionCode));
  if (!region) throw new Error(`no region ${regionCode}`);
  const [row] = await db
    .insert(cases)
    .values({
      number: `260302${String(randomInt(1_000_000)).padStart(6, "0")}${randomInt(1000)}`,
      channel: "hotline",
      description: "路灯不亮",
      regionPath: region.path,
      countyCode: region.countyCode,
      status: "dispatched",
      handlingLevel: "village",
      assignedOrgId: ladder.village,
      leadOrgId: overrides.assignedOrgId ?? ladder.village,
      ...overrides,
      regionCode,
    })
    .returning({ id: cases.id });
  if (!row) throw new Error("case insert returned nothing");
  return row.id;
}
