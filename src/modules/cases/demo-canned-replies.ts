/**
 * The demo's canned replies (常用语): the sentences a grid post, a village committee and a
 * township centre of the demo county write every day, so the respond and reply dialogs offer
 * something on the first day. Kept for every category (no category code).
 */
import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cannedReplies, organisations } from "../../db/schema.js";
import { DEMO_QUEUE_COUNTY } from "./demo-queue.js";

const TEXTS: { action: "respond" | "reply"; text: string }[] = [
  { action: "respond", text: "已电话联系反映人，了解具体情况，约定上门查看时间。" },
  { action: "respond", text: "已到现场查看，情况属实，正在协调有关方面处理。" },
  { action: "reply", text: "经现场核实，问题已处理完毕，已向反映人说明处理结果。" },
  { action: "reply", text: "已协调物业（村委会）安排人员处理，后续将持续关注。" },
];

/** Adds the texts to the demo county's grid posts, village committees and township centres once. Answers how many. */
export async function seedDemoCannedReplies(db: Db): Promise<number> {
  const units = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        inArray(organisations.kind, ["grid_post", "village_committee", "township_centre"]),
        sql`${organisations.regionPath} <@ (select path from regions where code = ${DEMO_QUEUE_COUNTY})`,
      ),
    );
  if (units.length === 0) return 0;
  const rows = units.flatMap((u) => TEXTS.map((t) => ({ orgId: u.id, categoryCode: null, ...t })));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(cannedReplies).values(rows.slice(i, i + 1000));
  return rows.length;
}
