/**
 * Test factories for the case actions: a world of units and signed-in users around one grid of
 * county 131002, and `buildCase` to put a case in any state directly (with its intake event),
 * so a test starts where the behaviour it checks begins.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database, Db } from "../../../db/client.js";
import { cases, organisations, regions, type OrganisationKind } from "../../../db/schema.js";
import { buildUser, sessionHeaders, type TestApp, type TestUser } from "../../../../test/helpers/app.js";
import { seedDemoCatalogue } from "../../catalogue/seed-demo-catalogue.js";
import { seedDemoOrganisations } from "../../organisations/seed-demo-organisations.js";
import { allocateCaseNumber } from "../case-number.js";
import { generateTrackingCode, hashTrackingCode } from "../tracking-code.js";
import { recordIntakeEvent, type CaseRow } from "../transition.js";

export interface CaseOverrides extends Partial<typeof cases.$inferInsert> {
  /** Where the case is: a grid, village, township or county code (default: the world's grid). */
  regionCode?: string;
  /** Give the case a tracking code (returned). */
  withTrackingCode?: boolean;
}

export interface BuiltCase {
  case: CaseRow;
  trackingCode: string | null;
}

const HOUR = 3_600_000;

/** Inserts a case (default: in triage at the township centre, deadlines 4 h and 48 h ahead) and its intake event. */
export async function buildCase(db: Db, overrides: CaseOverrides = {}): Promise<BuiltCase> {
  const { withTrackingCode, regionCode: wanted, ...columns } = overrides;
  const regionCode =
    wanted ?? (await db.select().from(regions).where(eq(regions.level, "grid")).limit(1))[0]?.code;
  const [region] = await db
    .select()
    .from(regions)
    .where(eq(regions.code, regionCode ?? ""));
  if (!region) throw new Error(`no region ${regionCode}`);
  const now = new Date();
  const trackingCode = withTrackingCode ? generateTrackingCode() : null;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(cases)
      .values({
        number: await allocateCaseNumber(tx, now),
        trackingCodeHash: trackingCode === null ? null : hashTrackingCode(trackingCode),
        channel: "hotline",
        description: "楼道里的灯坏了，晚上看不见路。",
        regionCode: region.code,
        regionPath: region.path,
        countyCode: region.countyCode,
        gridCode: region.level === "grid" ? region.code : null,
        status: "triage",
        responseDueAt: new Date(now.getTime() + 4 * HOUR),
        handleDueAt: new Date(now.getTime() + 48 * HOUR),
        ...columns,
      })
      .returning();
    if (!created) throw new Error("case insert returned nothing");
    await recordIntakeEvent(tx, created, { userId: null, orgId: null, label: "resident" });
    return { case: created, trackingCode };
  });
}

/** Units of the world, by role in the tests. */
export interface WorldUnits {
  gridPost: string;
  villageCommittee: string;
  townshipCentre: string;
  countyCentre: string;
  urbanDept: string;
  housingDept: string;
  /** The township centre of the other test county (out of everyone's scope here). */
  otherTownshipCentre: string;
}

export const WORLD_ROLES = [
  "dispatcher",
  "countyDispatcher",
  "gridWorker",
  "villageStaff",
  "urbanHandler",
  "housingHandler",
  "supervisor",
  "operator",
  "resident",
  "outsider",
] as const;
export type WorldRole = (typeof WORLD_ROLES)[number];

export interface World {
  county: string;
  township: string;
  village: string;
  grid: string;
  units: WorldUnits;
  users: Record<WorldRole, TestUser>;
  headers: Record<WorldRole, Record<string, string>>;
}

async function unitId(
  db: Db,
  kind: OrganisationKind,
  regionCode: string,
  departmentType?: string,
): Promise<string> {
  const rows = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, kind), eq(organisations.regionCode, regionCode)));
  const found = rows.find((o) => departmentType === undefined || o.departmentType === departmentType);
  if (!found) throw new Error(`no ${kind} at ${regionCode}`);
  return found.id;
}

/**
 * The first township of county 131002, its first village and a grid in it (one region row of
 * level grid stands in for a generated grid), the demo organisations and catalogue, and one
 * signed-in user per role.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.database.db;
  const county = "131002";
  const firstChild = async (parent: string) => {
    const [row] = await db
      .select()
      .from(regions)
      .where(eq(regions.parentCode, parent))
      .orderBy(asc(regions.code))
      .limit(1);
    if (!row) throw new Error(`no region below ${parent}`);
    return row;
  };
  const township = await firstChild(county);
  const village = await firstChild(township.code);
  const otherTownship = await firstChild("131003");
  const grid = `${village.code}001`;
  await db.insert(regions).values({
    code: grid,
    name: "第1网格",
    level: "grid",
    parentCode: village.code,
    path: `${village.path}.${grid}`,
    countyCode: county,
  });
  await seedDemoOrganisations(db);
  await seedDemoCatalogue(db);
  const units: WorldUnits = {
    gridPost: await unitId(db, "grid_post", grid),
    villageCommittee: await unitId(db, "village_committee", village.code),
    townshipCentre: await unitId(db, "township_centre", township.code),
    countyCentre: await unitId(db, "county_centre", county),
    urbanDept: await unitId(db, "department", county, "urban_management"),
    housingDept: await unitId(db, "department", county, "housing"),
    otherTownshipCentre: await unitId(db, "township_centre", otherTownship.code),
  };
  const database: Database = t.database;
  const users = {
    dispatcher: await buildUser(database, [{ role: "township_dispatcher", region: township.code }]),
    countyDispatcher: await buildUser(database, [{ role: "township_dispatcher", region: county }]),
    gridWorker: await buildUser(database, [{ role: "grid_worker", region: grid }]),
    villageStaff: await buildUser(database, [{ role: "village_staff", region: village.code }]),
    urbanHandler: await buildUser(database, [{ role: "department_handler", department: units.urbanDept }]),
    housingHandler: await buildUser(database, [
      { role: "department_handler", department: units.housingDept },
    ]),
    supervisor: await buildUser(database, [{ role: "supervisor", region: county }]),
    operator: await buildUser(database, [{ role: "operator", region: county }]),
    resident: await buildUser(database, []),
    outsider: await buildUser(database, [{ role: "township_dispatcher", region: otherTownship.code }]),
  } satisfies Record<WorldRole, TestUser>;
  const headers = {} as Record<WorldRole, Record<string, string>>;
  for (const role of WORLD_ROLES) headers[role] = await sessionHeaders(database, users[role]);
  return { county, township: township.code, village: village.code, grid, units, users, headers };
}
