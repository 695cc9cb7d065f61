/**
 * The demo step of mediation: committees for every village and township of the demo county and
 * its professional committees, a mediator for each (the demo accounts `village_staff` and
 * `dispatcher` mediate for their village and township), and disputes in every state, each taken
 * there through the real actions, so their events, deadlines and agreements are what the
 * workflow writes. Runs after the accounts step; does nothing when committees exist.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { loadActor } from "../accounts/index.js";
import { archiveDispute, recordFollowUp, recordJudicialConfirmation } from "./after-settlement.js";
import { acceptDispute, escalateDispute } from "./assign-dispute.js";
import { committeeOfPlace } from "./committees.js";
import { recordSession, referDispute, settleDispute } from "./mediate-dispute.js";
import { personalDataKeysFromEnv, type PersonalDataKeys } from "../../core/personal-data/keys.js";
import { registerDispute } from "./register-dispute.js";
import { mediationCommittees, mediators, type DisputeStatus } from "./schema.js";
import { seedCommittees } from "./seed-committees.js";

const DEMO_COUNTY = "131002";

/** Where each demo dispute is taken, what it is about, and its parties. */
const DEMO: { to: DisputeStatus | "escalated"; type: string; facts: string; parties: [string, string] }[] = [
  {
    to: "registered",
    type: "neighbour",
    facts: "楼上住户装修噪音持续到深夜，楼下住户多次上门理论未果。",
    parties: ["刘建国", "陈立新"],
  },
  {
    to: "accepted",
    type: "property_management",
    facts: "业主以电梯长期故障为由拒交物业费，物业公司要求补缴。",
    parties: ["张秀英", "某物业服务公司"],
  },
  {
    to: "in_mediation",
    type: "land_housing",
    facts: "两户宅基地交界处围墙位置有争议，一方拆墙重砌后发生争吵。",
    parties: ["王福田", "李春生"],
  },
  {
    to: "in_mediation",
    type: "family",
    facts: "老人赡养费分担问题，三个子女意见不一。",
    parties: ["赵桂兰", "赵志强"],
  },
  {
    to: "settled_written",
    type: "neighbour",
    facts: "邻居家空调外机滴水落在楼下阳台，多次沟通无果。",
    parties: ["孙丽娟", "周海涛"],
  },
  {
    to: "settled_oral",
    type: "consumer",
    facts: "村民在村内小超市购买的食用油过期，要求退货赔偿。",
    parties: ["吴德明", "郑小红"],
  },
  {
    to: "not_settled",
    type: "labour",
    facts: "务工人员称包工头拖欠三个月工资共计一万二千元。",
    parties: ["冯志刚", "韩老板"],
  },
  {
    to: "follow_up",
    type: "traffic",
    facts: "电动车与三轮车在村道相撞，双方对赔偿金额有分歧。",
    parties: ["杨永安", "朱大海"],
  },
  {
    to: "archived",
    type: "neighbour",
    facts: "村民在公共通道堆放柴草，影响邻居通行。",
    parties: ["许长顺", "何玉梅"],
  },
  {
    to: "escalated",
    type: "land_housing",
    facts: "两村村民因承包地边界争议多年，村里调解未成。",
    parties: ["高振华", "林国庆"],
  },
];

const STEPS: DisputeStatus[] = [
  "registered",
  "accepted",
  "in_mediation",
  "settled_written",
  "follow_up",
  "archived",
];
const reached = (to: DisputeStatus, step: DisputeStatus) => STEPS.indexOf(to) >= STEPS.indexOf(step);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function actorNamed(db: Db, username: string): Promise<Actor | null> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return user ? db.transaction((tx) => loadActor(tx, user.id)) : null;
}

/** Takes one demo dispute through the actions to its state. */
async function play(
  db: Db,
  keys: PersonalDataKeys,
  staff: Actor,
  township: Actor,
  villageCode: string,
  d: (typeof DEMO)[number],
  i: number,
) {
  const phone = (n: number) => `1370000${String(i * 2 + n).padStart(4, "0")}`;
  const created = await db.transaction((tx) =>
    registerDispute(tx, staff, keys, {
      source: i % 3 === 0 ? "screening" : "walk_in",
      regionCode: villageCode,
      typeCode: d.type,
      facts: d.facts,
      riskLevel: "general",
      parties: [
        { role: "applicant", name: d.parties[0], phone: phone(0) },
        { role: "respondent", name: d.parties[1], phone: phone(1) },
      ],
    }),
  );
  const ref = created.number;
  let v = created.version;
  if (d.to === "registered") return;
  if (d.to === "escalated") {
    v = (await acceptDispute(db, staff, ref, { version: v })).version;
    v = (
      await escalateDispute(db, staff, ref, {
        version: v,
        reason: "涉及两村，村调委会调解未成，移交镇调委会",
      })
    ).version;
    await acceptDispute(db, township, ref, { version: v });
    return;
  }
  v = (await acceptDispute(db, staff, ref, { version: v, note: "已受理，三十日内调结" })).version;
  if (d.to === "accepted") return;
  const session = (n: number) => ({
    heldAt: new Date(Date.now() - (3 - n) * 86_400_000).toISOString(),
    place: n === 1 ? "村委会调解室" : "当事人家中",
    participants: `${d.parties[0]}、${d.parties[1]}、村调解员`,
    notes: n === 1 ? "双方各自陈述事实和诉求，调解员释法说理。" : "双方同意各让一步，协商具体方案。",
    photoIds: [],
  });
  v = (await recordSession(db, staff, ref, { version: v, ...session(1) })).version;
  if (d.to === "in_mediation") return;
  if (d.to === "not_settled") {
    await referDispute(db, staff, ref, {
      version: v,
      channel: "arbitration",
      receivingBody: "安次区劳动人事争议仲裁委员会",
      referredOn: today(),
      note: "双方分歧较大，引导申请劳动仲裁",
    });
    return;
  }
  v = (await recordSession(db, staff, ref, { version: v, ...session(2) })).version;
  v = (
    await settleDispute(db, staff, ref, {
      version: v,
      form: d.to === "settled_oral" ? "oral" : "written",
      matters: `${d.parties[0]}与${d.parties[1]}之间的${d.facts.slice(0, 12)}……`,
      agreed: `${d.parties[1]}于十日内采取整改措施并赔偿${d.parties[0]}损失五百元，双方今后互谅互让。`,
      performanceManner: "当面一次性履行",
      performanceDueOn: null,
    })
  ).version;
  if (!reached(d.to, "follow_up")) return;
  v = (
    await recordFollowUp(db, staff, ref, {
      version: v,
      followedOn: today(),
      performed: "yes",
      notes: "协议已履行，双方关系缓和。",
    })
  ).version;
  if (d.to === "follow_up") {
    await recordJudicialConfirmation(db, staff, ref, {
      version: v,
      appliedOn: today(),
      court: "廊坊市安次区人民法院",
    });
    return;
  }
  await archiveDispute(db, staff, ref, { version: v });
}

/** `keys`: what the server seals parties' phones with (the development pair when DATA_KEY is unset). */
export async function loadDemoMediation(
  db: Db,
  keys: PersonalDataKeys = personalDataKeysFromEnv(process.env),
): Promise<string[]> {
  const [existing] = await db.select({ n: count() }).from(mediationCommittees);
  if (existing && existing.n > 0) return [];
  const committeesMade = await seedCommittees(db, DEMO_COUNTY);
  const general = await db
    .select()
    .from(mediationCommittees)
    .where(
      and(
        eq(mediationCommittees.countyCode, DEMO_COUNTY),
        inArray(mediationCommittees.level, ["village", "township"]),
      ),
    );
  await db.insert(mediators).values(
    general.map((c, i) => ({
      committeeId: c.id,
      name: `${["王", "李", "张", "刘", "陈"][i % 5] ?? "王"}调解员`,
      ruleOfLawLeader: c.level === "village",
    })),
  );
  const staff = await actorNamed(db, "village_staff");
  const township = await actorNamed(db, "dispatcher");
  if (!staff || !township) return [`mediation: ${committeesMade} committees (no demo accounts for disputes)`];
  const village = staff.bindings[0]?.scopeRegionCode;
  const townshipCode = township.bindings[0]?.scopeRegionCode;
  const villageCommittee = village
    ? await committeeOfPlace(db, staff.bindings[0]?.scopePath ?? "", ["village"])
    : null;
  const townshipCommittee = townshipCode
    ? await committeeOfPlace(db, township.bindings[0]?.scopePath ?? "", ["township"])
    : null;
  if (!village || !villageCommittee || !townshipCommittee) return [`mediation: ${committeesMade} committees`];
  await db.insert(mediators).values([
    { committeeId: villageCommittee.id, userId: staff.userId, name: staff.displayName },
    { committeeId: townshipCommittee.id, userId: township.userId, name: township.displayName },
  ]);
  for (const [i, d] of DEMO.entries()) await play(db, keys, staff, township, village, d, i);
  return [
    `mediation: ${committeesMade} committees, ${general.length + 2} mediators, ${DEMO.length} disputes in every state`,
  ];
}
