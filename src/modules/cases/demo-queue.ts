/**
 * The demo's live morning: a few appeals taken in the last hours that routing could not place
 * without a category, located in the first township of the demo county (where the demo
 * dispatcher works), so the dispatch workbench shows what a morning looks like; and a few
 * micro-wishes in the demo grid worker's grid (the first grid of that township's first village),
 * which routing gives to the grid post, so the grid worker's work list is not empty either.
 */
import { and, asc, eq, like } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { grids, regions, type CaseChannel } from "../../db/schema.js";
import { intakeCase } from "./intake.js";

/** The county whose first township the demo dispatcher serves (see seed-demo-accounts). */
export const DEMO_QUEUE_COUNTY = "131002";

const APPEALS: { channel: CaseChannel; hoursAgo: number; description: string; urgent?: boolean }[] = [
  {
    channel: "hotline",
    hoursAgo: 0.5,
    description: "来电反映小区后面的空地上有人倾倒建筑垃圾，不知道该找谁",
  },
  {
    channel: "talk_box",
    hoursAgo: 2,
    description: "说事箱纸条：楼上住户装修噪音太大，每天晚上十点以后还在施工",
  },
  {
    channel: "web",
    hoursAgo: 3.5,
    description: "村口的路牌被车撞倒了，晚上外地车辆容易走错路",
    urgent: true,
  },
  { channel: "hotline", hoursAgo: 5, description: "来电咨询：老人想申请居家养老服务，需要准备哪些材料" },
  {
    channel: "talk_station",
    hoursAgo: 7,
    description: "居民到说事站反映：邻居家的狗经常夜里叫，多次沟通无果",
  },
];

/** Micro-wishes (微心愿) raised in the grid worker's grid: routing hands them to the grid post. */
const GRID_WISHES: { channel: CaseChannel; hoursAgo: number; description: string }[] = [
  { channel: "web", hoursAgo: 1, description: "独居的王大爷想要一台收音机，每天听听戏曲和新闻" },
  {
    channel: "talk_station",
    hoursAgo: 9,
    description: "留守儿童小明下学期上三年级，想要一个新书包和几本课外书",
  },
  { channel: "hotline", hoursAgo: 26, description: "行动不便的李奶奶希望有人每周帮她买一次米面和蔬菜" },
];

/** Takes in the appeals (uncategorised, so the township centre must route them). Answers how many. */
export async function seedDemoDispatchQueue(db: Db, now = new Date()): Promise<number> {
  const [township] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, "township"), eq(regions.parentCode, DEMO_QUEUE_COUNTY)))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!township) return 0;
  const villages = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, "village"), eq(regions.parentCode, township.code)))
    .orderBy(asc(regions.code))
    .limit(APPEALS.length);
  let taken = 0;
  for (const [i, a] of APPEALS.entries()) {
    await intakeCase(
      db,
      {
        channel: a.channel,
        description: a.description,
        regionCode: villages[i % Math.max(1, villages.length)]?.code ?? township.code,
        urgent: a.urgent ?? false,
        reporter: { name: "居民", phone: `1380000${String(1000 + i).padStart(4, "0")}` },
      },
      { now: new Date(now.getTime() - a.hoursAgo * 3_600_000), issueTrackingCode: false },
    );
    taken++;
  }
  return taken;
}

/**
 * Takes in the micro-wishes at the middle of the demo grid worker's grid (the first grid, by code,
 * of the first village of the demo county's first township, as seed-demo-accounts binds it).
 * Answers how many reached that grid's post (0 without grids or a micro-wish category).
 */
export async function seedDemoGridMorning(db: Db, now = new Date()): Promise<number> {
  const [village] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, "village"), like(regions.code, `${DEMO_QUEUE_COUNTY}%`)))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!village) return 0;
  const [grid] = await db
    .select()
    .from(grids)
    .where(eq(grids.villageCode, village.code))
    .orderBy(asc(grids.code))
    .limit(1);
  if (!grid) return 0;
  const location = { lon: (grid.minLon + grid.maxLon) / 2, lat: (grid.minLat + grid.maxLat) / 2 };
  let reached = 0;
  for (const [i, w] of GRID_WISHES.entries()) {
    const taken = await intakeCase(
      db,
      {
        channel: w.channel,
        categoryCode: "micro_wish",
        description: w.description,
        location,
        reporter: { name: "居民", phone: `1390000${String(2000 + i).padStart(4, "0")}` },
      },
      { now: new Date(now.getTime() - w.hoursAgo * 3_600_000), issueTrackingCode: false },
    );
    if (taken.case.status === "dispatched") reached++;
  }
  return reached;
}
