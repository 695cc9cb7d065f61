import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations, regions } from "../../db/schema.js";
import type { DepartmentType } from "./department-types.js";

/** What a county (区县) of the demo gets: the eight types most appeals end up with. */
export const DEMO_COUNTY_DEPARTMENTS: readonly DepartmentType[] = [
  "urban_management",
  "housing",
  "transport",
  "public_security",
  "civil_affairs",
  "health",
  "water",
  "emergency",
];

/** What the city adds above its counties. */
const CITY_DEPARTMENTS: readonly DepartmentType[] = [
  "urban_management",
  "natural_resources",
  "market_regulation",
  "ecology_environment",
  "human_resources",
  "power_supply",
  // Gas leaks and heating failures go to the city's gas and heating utility (a dispatch target
  // of the demo catalogue).
  "gas_heating",
];

/** The usual bureau name after the region's name, e.g. 安次区 + 住房和城乡建设局. */
const BUREAU: Partial<Record<DepartmentType, string>> = {
  urban_management: "城市管理综合行政执法局",
  housing: "住房和城乡建设局",
  transport: "交通运输局",
  public_security: "公安局",
  civil_affairs: "民政局",
  health: "卫生健康局",
  water: "水务局",
  emergency: "应急管理局",
  natural_resources: "自然资源和规划局",
  market_regulation: "市场监督管理局",
  ecology_environment: "生态环境局",
  human_resources: "人力资源和社会保障局",
};

/** A department's realistic name; districts' police are branches of the city bureau (分局). */
function departmentName(type: DepartmentType, regionName: string, cityName: string): string {
  if (type === "public_security" && regionName !== cityName && regionName.endsWith("区")) {
    return `${cityName}公安局${regionName}分局`;
  }
  if (type === "power_supply") return `国网${cityName.replace(/市$/, "")}供电公司`;
  if (type === "gas_heating") return `${cityName}燃气热力服务中心`;
  return `${regionName}${BUREAU[type] ?? ""}`;
}

/** "XX村第1网格" → "XX村第1网格工作站"; a name without 网格 gets it added. */
function gridPostName(gridName: string): string {
  return gridName.endsWith("网格") ? `${gridName}工作站` : `${gridName}网格工作站`;
}

export interface SeedDemoOrganisationsResult {
  cityCentres: number;
  countyCentres: number;
  townshipCentres: number;
  villageCommittees: number;
  departments: number;
  gridPosts: number;
}

/**
 * The demo's units for one imported city (Langfang, 1310, by default): its centre (综治中心),
 * one per county and township, a committee per village (named as the village, which already
 * reads "…村民委员会" / "…居民委员会"), eight departments per county and seven at the city, and a
 * grid post per grid if grids were generated. One transaction; meant to run once on demo load.
 */
export async function seedDemoOrganisations(
  db: Db,
  opts: { city?: string } = {},
): Promise<SeedDemoOrganisationsResult> {
  const city = opts.city ?? "1310";
  const tree = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      path: sql<string>`${regions.path}::text`,
      countyCode: regions.countyCode,
    })
    .from(regions)
    .where(sql`${regions.path} <@ ${city}::ltree`);
  const cityRow = tree.find((r) => r.level === "city");
  if (!cityRow) throw new Error(`city ${city} has not been imported`);

  const rows: (typeof organisations.$inferInsert)[] = [];
  const result: SeedDemoOrganisationsResult = {
    cityCentres: 0,
    countyCentres: 0,
    townshipCentres: 0,
    villageCommittees: 0,
    departments: 0,
    gridPosts: 0,
  };
  const at = (r: (typeof tree)[number]) => ({
    regionCode: r.code,
    regionPath: r.path,
    countyCode: r.countyCode,
  });
  const addDepartments = (r: (typeof tree)[number], types: readonly DepartmentType[]) => {
    for (const type of types) {
      rows.push({
        ...at(r),
        kind: "department",
        name: departmentName(type, r.name, cityRow.name),
        departmentType: type,
      });
      result.departments++;
    }
  };
  for (const r of tree) {
    switch (r.level) {
      case "city":
        rows.push({ ...at(r), kind: "city_centre", name: `${r.name}综治中心` });
        result.cityCentres++;
        addDepartments(r, CITY_DEPARTMENTS);
        break;
      case "county":
        rows.push({ ...at(r), kind: "county_centre", name: `${r.name}综治中心` });
        result.countyCentres++;
        addDepartments(r, DEMO_COUNTY_DEPARTMENTS);
        break;
      case "township":
        rows.push({ ...at(r), kind: "township_centre", name: `${r.name}综治中心` });
        result.townshipCentres++;
        break;
      case "village":
        rows.push({ ...at(r), kind: "village_committee", name: r.name });
        result.villageCommittees++;
        break;
      case "grid":
        rows.push({ ...at(r), kind: "grid_post", name: gridPostName(r.name) });
        result.gridPosts++;
        break;
    }
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.insert(organisations).values(rows.slice(i, i + 1000));
    }
  });
  return result;
}
