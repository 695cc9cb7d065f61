/**
 * A small world for the cases tests: the demo catalogue, one grid (with its grid post) in a
 * village of county 131002, and the demo units of the two test counties.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { categories, organisations, regions, type OrganisationKind } from "../../db/schema.js";
import { seedDemoCatalogue } from "../catalogue/seed-demo-catalogue.js";
import { importGrids } from "../grids/import-grids.js";
import { seedDemoOrganisations } from "../organisations/seed-demo-organisations.js";

export interface CaseWorld {
  t: TestApp;
  county: string;
  township: string;
  /** The village holding the grid. */
  village: string;
  /** Another village of the same township, without grids. */
  otherVillage: string;
  /** A village of the other county (131003). */
  farVillage: string;
  grid: string;
  /** Inside the grid. */
  inGrid: { lon: number; lat: number };
  /** Inside the city's extent but in no grid. */
  noGrid: { lon: number; lat: number };
  /** The unit of `kind` at `region` (department: of `type`). */
  unit(kind: OrganisationKind, region: string, type?: string): Promise<{ id: string; name: string }>;
}

export const GRID_SQUARE = { minLon: 116.7, minLat: 39.5, maxLon: 116.71, maxLat: 39.51 };

/** A leaf handled by a department type only the city has (for the city fallback). */
export const CITY_ONLY_CATEGORY = "test.market";
/** A leaf handled by a department type no demo unit has (for the triage fallback). */
export const NO_UNIT_CATEGORY = "test.agriculture";

async function firstVillages(t: TestApp, township: string) {
  return t.database.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.parentCode, township), eq(regions.level, "village")))
    .orderBy(asc(regions.code))
    .limit(2);
}

export async function buildCaseWorld(): Promise<CaseWorld> {
  const t = await buildTestApp();
  const db = t.database.db;
  await seedDemoCatalogue(db);
  const departmentLeaf = {
    handlingLevel: "department" as const,
    responseHours: 4,
    handleHours: 48,
    deadlineKind: "calendar" as const,
  };
  await db.insert(categories).values([
    {
      ...departmentLeaf,
      code: CITY_ONLY_CATEGORY,
      name: "市场监管测试",
      nameEn: "Market test",
      departmentType: "market_regulation",
    },
    {
      ...departmentLeaf,
      code: NO_UNIT_CATEGORY,
      name: "农业测试",
      nameEn: "Agriculture test",
      departmentType: "agriculture",
    },
  ]);
  const [township] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.parentCode, "131002"), eq(regions.level, "township")))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!township) throw new Error("no township in 131002");
  const [village, otherVillage] = await firstVillages(t, township.code);
  const [farTownship] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.parentCode, "131003"), eq(regions.level, "township")))
    .orderBy(asc(regions.code))
    .limit(1);
  const [farVillage] = farTownship ? await firstVillages(t, farTownship.code) : [];
  if (!village || !otherVillage || !farVillage) throw new Error("test villages missing");
  const { minLon, minLat, maxLon, maxLat } = GRID_SQUARE;
  await importGrids(
    db,
    {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { name: "测试第1网格", villageCode: village.code },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [minLon, minLat],
                [maxLon, minLat],
                [maxLon, maxLat],
                [minLon, maxLat],
                [minLon, minLat],
              ],
            ],
          },
        },
      ],
    },
    { actor: "system" },
  );
  await seedDemoOrganisations(db);
  const [grid] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.parentCode, village.code), eq(regions.level, "grid")));
  if (!grid) throw new Error("grid not imported");
  return {
    t,
    county: "131002",
    township: township.code,
    village: village.code,
    otherVillage: otherVillage.code,
    farVillage: farVillage.code,
    grid: grid.code,
    inGrid: { lon: 116.705, lat: 39.505 },
    noGrid: { lon: 116.9, lat: 39.2 },
    unit: async (kind, region, type) => {
      const [row] = await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          and(
            eq(organisations.kind, kind),
            eq(organisations.regionCode, region),
            type === undefined ? undefined : eq(organisations.departmentType, type),
          ),
        );
      if (!row) throw new Error(`no ${kind} at ${region}`);
      return row;
    },
  };
}

/** Number of cases in the database. */
export async function countCases(t: TestApp): Promise<number> {
  const result = await t.database.db.execute(sql`select count(*)::int as n from cases`);
  return (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
}
