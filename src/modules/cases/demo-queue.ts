/**
 * The demo's live dispatch queue: a few appeals taken in the last hours that routing could not
 * place without a category, located in the first township of the demo county (where the demo
 * dispatcher works), so the dispatch workbench shows what a morning looks like.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions, type CaseChannel } from "../../db/schema.js";
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
