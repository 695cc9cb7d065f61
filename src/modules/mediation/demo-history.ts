/**
 * The demo's year of dispute history: for each of the twelve months before this one, disputes in
 * the demo county's villages in realistic proportions (most settled by the village committee
 * within the month, some by the township or a county professional committee, a few referred, a
 * few repeated-party alerts), with their agreements, referrals, follow-ups and timeline events,
 * and each month's screening: the villages whose screening found the month's screening disputes
 * recorded "found" (linked), most others "none found", a few left overdue. Written in bulk (not
 * action by action) so the demo loads fast; every deadline mark already passed is set, so the
 * scheduler raises no stale reminders about history. Deterministic: the same demo every load.
 * Runs after the demo disputes and screening; does nothing when history exists.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import { recordEvents, type EventInput } from "../../core/workflow/events.js";
import {
  disputeFollowUps,
  disputeParties,
  disputeReferrals,
  disputes,
  mediationAgreements,
  mediationCommittees,
  screeningTasks,
  type DisputeStatus,
} from "./schema.js";
import { monthEnd, monthOf, previousMonth } from "./screening-workflow.js";
import { JUDICIAL_REMINDER_DAYS, WARNING_DAYS } from "./settings.js";

const DEMO_COUNTY = "131002";
const DAY = 86_400_000;
/** Marks history disputes, so a second load adds none. */
const HISTORY_NOTE = "往年台账";

/** A small deterministic generator (mulberry32): the demo is the same on every load. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TYPES: [string, number, string][] = [
  ["neighbour", 30, "相邻通行、噪音、滴水等邻里矛盾，双方多次争吵。"],
  ["family", 15, "家庭成员之间因赡养、分家或婚姻问题产生矛盾。"],
  ["property_management", 9, "业主与物业公司就物业费和维修责任发生争议。"],
  ["land_housing", 15, "宅基地、承包地边界或房屋权属存在争议。"],
  ["labour", 8, "务工人员与雇主就工资结算发生争议。"],
  ["consumer", 7, "村民与商户就商品质量和退换货发生争议。"],
  ["traffic", 9, "村道上发生轻微交通事故，双方对赔偿有分歧。"],
  ["other", 7, "其他民间纠纷。"],
];
const SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗";
const GIVEN = [
  "建国",
  "秀英",
  "志强",
  "桂兰",
  "海涛",
  "丽娟",
  "永安",
  "春生",
  "福田",
  "玉梅",
  "长顺",
  "小红",
];
/** Which county professional committee takes a type, when one does. */
const PROFESSIONAL: Record<string, "property" | "traffic" | "labour"> = {
  property_management: "property",
  traffic: "traffic",
  labour: "labour",
};

function pick<T>(r: () => number, items: [T, number, ...unknown[]][]): [T, number, ...unknown[]] {
  const total = items.reduce((s, i) => s + i[1], 0);
  let x = r() * total;
  for (const item of items) {
    x -= item[1];
    if (x < 0) return item;
  }
  return items[items.length - 1] as [T, number, ...unknown[]];
}

interface Planned {
  row: typeof disputes.$inferInsert & { id: string };
  parties: [string, string];
  form: "written" | "oral" | null;
  referredOn: string | null;
  followedOn: string | null;
  events: Omit<EventInput, "subjectType" | "subjectId" | "countyCode">[];
}

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function loadDemoHistory(db: Db, now = new Date()): Promise<string[]> {
  const [done] = await db
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.countyCode, DEMO_COUNTY), sql`${disputes.facts} like ${`%${HISTORY_NOTE}%`}`))
    .limit(1);
  if (done) return [];
  const committees = await db
    .select()
    .from(mediationCommittees)
    .where(eq(mediationCommittees.countyCode, DEMO_COUNTY));
  if (committees.length === 0) return [];
  const villages = await db
    .select({ code: regions.code, path: sql<string>`${regions.path}::text`, parent: regions.parentCode })
    .from(regions)
    .where(and(eq(regions.countyCode, DEMO_COUNTY), eq(regions.level, "village")))
    .orderBy(asc(regions.code));
  const villageCommittee = new Map(
    committees.filter((c) => c.level === "village").map((c) => [c.regionCode, c.id]),
  );
  const townshipCommittee = new Map(
    committees.filter((c) => c.level === "township").map((c) => [c.regionCode, c.id]),
  );
  const countyCommittee = new Map(committees.filter((c) => c.level === "county").map((c) => [c.kind, c.id]));
  const r = random(20_260_101);
  const current = monthOf(now);
  const months: string[] = [];
  for (let m = previousMonth(current); months.length < 12; m = previousMonth(m)) months.push(m);

  const planned: Planned[] = [];
  const recentParties = new Map<string, Date>();
  for (const month of months) {
    const start = monthEnd(previousMonth(month)).getTime();
    const end = monthEnd(month).getTime();
    for (const v of villages) {
      const vc = villageCommittee.get(v.code);
      if (!vc) continue;
      // About one dispute in five villages a month; busier villages now and then.
      const n = r() < 0.22 ? (r() < 0.15 ? 2 : 1) : 0;
      for (let k = 0; k < n; k++) {
        const [type, , facts] = pick(r, TYPES) as [string, number, string];
        const created = new Date(start + Math.floor(r() * (end - start - 2 * DAY)) + DAY / 3);
        const source = r() < 0.35 ? "screening" : r() < 0.8 ? "walk_in" : "visit";
        const kind = PROFESSIONAL[type];
        const professional = kind ? countyCommittee.get(kind) : undefined;
        const level = professional && r() < 0.3 ? "county" : r() < 0.14 ? "township" : "village";
        const committeeId =
          level === "county"
            ? (professional as string)
            : level === "township"
              ? (townshipCommittee.get(v.parent ?? "") ?? vc)
              : vc;
        const a = `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${GIVEN[Math.floor(r() * GIVEN.length)]}`;
        const b = `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${GIVEN[Math.floor(r() * GIVEN.length)]}`;
        const accepted = new Date(created.getTime() + Math.floor(r() * 2 * DAY) + 3_600_000);
        const dueAt = new Date(accepted.getTime() + 30 * DAY);
        // The same applicant back within ninety days: the repeat rule's alert and a raised risk.
        const repeat = r() < 0.04 && recentParties.size > 0;
        const applicant = repeat ? ([...recentParties.keys()].at(-1) as string) : a;
        recentParties.set(applicant, created);
        const outcome = r();
        const settledAfter = r() < 0.9 ? 3 + Math.floor(r() * 25) : 31 + Math.floor(r() * 12);
        let settledAt: Date | null = new Date(accepted.getTime() + settledAfter * DAY);
        let referredOn: string | null = null;
        let status: DisputeStatus;
        if (outcome > 0.9) {
          settledAt = null;
          referredOn = chinaDay(new Date(accepted.getTime() + (10 + Math.floor(r() * 18)) * DAY));
        }
        const concluded = settledAt ?? (referredOn ? new Date(`${referredOn}T10:00:00+08:00`) : null);
        const stillOpen = concluded !== null && concluded.getTime() > now.getTime() - DAY;
        const form: "written" | "oral" | null =
          settledAt && !stillOpen ? (r() < 0.7 ? "written" : "oral") : null;
        if (stillOpen) {
          settledAt = null;
          referredOn = null;
          status = "in_mediation";
        } else if (referredOn) {
          status =
            now.getTime() - Date.parse(`${referredOn}T00:00:00+08:00`) > 45 * DAY
              ? "archived"
              : "not_settled";
        } else {
          status =
            now.getTime() - (settledAt as Date).getTime() > 45 * DAY
              ? "archived"
              : form === "oral"
                ? "settled_oral"
                : "settled_written";
        }
        const followDue = settledAt ? new Date(settledAt.getTime() + 30 * DAY) : null;
        const followedOn =
          status === "archived" && settledAt ? chinaDay(new Date(settledAt.getTime() + 29 * DAY)) : null;
        const id = crypto.randomUUID();
        const past = (at: Date | null) => (at !== null && at.getTime() <= now.getTime() ? at : null);
        const events: Planned["events"] = [
          {
            action: "register",
            fromStatus: null,
            toStatus: "registered",
            actor: { userId: null, orgId: null, label: "村调委会" },
            at: created,
          },
          {
            action: "accept",
            fromStatus: "registered",
            toStatus: "accepted",
            actor: { userId: null, orgId: null, label: "调解员" },
            at: accepted,
          },
        ];
        if (settledAt && form) {
          events.push({
            action: "settle",
            fromStatus: "in_mediation",
            toStatus: `settled_${form}`,
            actor: { userId: null, orgId: null, label: "调解员" },
            data: { form, onTime: settledAt <= dueAt },
            at: settledAt,
          });
        }
        if (referredOn) {
          events.push({
            action: "refer",
            fromStatus: "in_mediation",
            toStatus: "not_settled",
            actor: { userId: null, orgId: null, label: "调解员" },
            at: new Date(`${referredOn}T10:00:00+08:00`),
          });
        }
        if (status === "archived") {
          const at = new Date((settledAt ?? new Date(`${referredOn}T10:00:00+08:00`)).getTime() + 30 * DAY);
          if (followedOn) {
            events.push({
              action: "record_follow_up",
              fromStatus: `settled_${form}`,
              toStatus: "follow_up",
              actor: { userId: null, orgId: null, label: "调解员" },
              at: new Date(`${followedOn}T15:00:00+08:00`),
            });
          }
          events.push({
            action: "archive",
            fromStatus: followedOn ? "follow_up" : "not_settled",
            toStatus: "archived",
            actor: { userId: null, orgId: null, label: "调解员" },
            at,
          });
        }
        planned.push({
          row: {
            id,
            number: "",
            source,
            typeCode: type,
            facts: `${facts}（${HISTORY_NOTE}）`,
            riskLevel: repeat ? "significant" : "general",
            repeatAlertAt: repeat ? created : null,
            regionCode: v.code,
            regionPath: v.path,
            countyCode: DEMO_COUNTY,
            committeeId,
            status,
            acceptedAt: accepted,
            dueAt,
            settledAt,
            followUpDueAt: followDue,
            judicialDueAt: form === "written" && settledAt ? new Date(settledAt.getTime() + 30 * DAY) : null,
            archivedAt: status === "archived" ? (events.at(-1)?.at ?? null) : null,
            warnedAt: past(new Date(dueAt.getTime() - WARNING_DAYS * DAY)),
            overdueAt: status === "in_mediation" ? past(dueAt) : null,
            followUpRemindedAt: past(followDue),
            judicialRemindedAt:
              form === "written" && followDue
                ? past(new Date(followDue.getTime() - JUDICIAL_REMINDER_DAYS * DAY))
                : null,
            createdAt: created,
            updatedAt: events.at(-1)?.at ?? created,
            version: events.length,
          },
          parties: [applicant, b],
          form,
          referredOn,
          followedOn,
          events,
        });
      }
    }
  }

  await db.transaction(async (tx) => {
    // Numbers as the live ones are made (China date + the sequence's last six digits), in one query.
    const seq: unknown = await tx.execute(
      sql`select nextval('dispute_number_seq')::text as n from generate_series(1, ${planned.length})`,
    );
    const values = (seq as { rows: { n: string }[] }).rows;
    planned.forEach((p, i) => {
      const day = chinaDay(p.row.createdAt as Date)
        .replace(/-/g, "")
        .slice(2);
      p.row.number = `${day}${(BigInt(values[i]?.n ?? "0") % 1_000_000n).toString().padStart(6, "0")}`;
    });
    for (let i = 0; i < planned.length; i += 400) {
      const chunk = planned.slice(i, i + 400);
      await tx.insert(disputes).values(chunk.map((p) => p.row));
      await tx.insert(disputeParties).values(
        chunk.flatMap((p) => [
          { disputeId: p.row.id, role: "applicant" as const, name: p.parties[0], position: 0 },
          { disputeId: p.row.id, role: "respondent" as const, name: p.parties[1], position: 1 },
        ]),
      );
      const settled = chunk.filter((p) => p.form !== null && p.row.settledAt);
      if (settled.length > 0) {
        await tx.insert(mediationAgreements).values(
          settled.map((p) => ({
            disputeId: p.row.id,
            form: p.form as "written" | "oral",
            matters: `${p.parties[0]}与${p.parties[1]}之间的纠纷`,
            agreed: `${p.parties[1]}向${p.parties[0]}赔礼道歉并在十日内消除影响，双方今后互谅互让。`,
            performanceManner: "当面履行",
            agreedAt: p.row.settledAt as Date,
          })),
        );
      }
      const referred = chunk.filter((p) => p.referredOn);
      if (referred.length > 0) {
        await tx.insert(disputeReferrals).values(
          referred.map((p) => ({
            disputeId: p.row.id,
            channel: "litigation" as const,
            receivingBody: "廊坊市安次区人民法院",
            referredOn: p.referredOn as string,
          })),
        );
      }
      const followed = chunk.filter((p) => p.followedOn);
      if (followed.length > 0) {
        await tx.insert(disputeFollowUps).values(
          followed.map((p) => ({
            disputeId: p.row.id,
            followedOn: p.followedOn as string,
            performed: "yes" as const,
            notes: "协议已履行。",
          })),
        );
      }
      await recordEvents(
        tx,
        chunk.flatMap((p) =>
          p.events.map((e) => ({
            ...e,
            subjectType: "dispute",
            subjectId: p.row.id,
            countyCode: DEMO_COUNTY,
          })),
        ),
      );
    }
    await screeningHistory(tx, months, villages, villageCommittee, r);
  });
  const found = planned.filter((p) => p.row.source === "screening").length;
  return [
    `mediation history: ${planned.length} disputes over ${months.length} months (${found} found in screening)`,
  ];
}

/**
 * Each past month's screening: every village with a task (or one made now) recorded "found" with
 * the month's screening disputes linked when it had some; "none found" otherwise, but one village
 * in twenty-five that let the month end unrecorded (overdue). Months the screening demo planned
 * keep their tasks: only a village with findings turns to "found".
 */
async function screeningHistory(
  tx: Tx,
  months: string[],
  villages: { code: string; path: string }[],
  villageCommittee: Map<string, string>,
  r: () => number,
) {
  for (const month of months) {
    const start = monthEnd(previousMonth(month));
    const due = monthEnd(month);
    const existing = await tx
      .select({ id: screeningTasks.id, regionCode: screeningTasks.regionCode, status: screeningTasks.status })
      .from(screeningTasks)
      .where(and(eq(screeningTasks.month, month), eq(screeningTasks.countyCode, DEMO_COUNTY)));
    const have = new Set(existing.map((t) => t.regionCode));
    const fresh = villages
      .filter((v) => !have.has(v.code) && villageCommittee.has(v.code))
      .map((v) => {
        const overdue = r() < 0.04;
        const recordedAt = new Date(start.getTime() + (3 + Math.floor(r() * 20)) * DAY);
        return {
          month,
          regionCode: v.code,
          regionPath: v.path,
          countyCode: DEMO_COUNTY,
          committeeId: villageCommittee.get(v.code) as string,
          status: overdue ? ("pending" as const) : ("done" as const),
          result: overdue ? null : ("none_found" as const),
          dueAt: due,
          recordedAt: overdue ? null : recordedAt,
          overdueAt: overdue ? new Date(due.getTime() + 3_600_000) : null,
          version: overdue ? 1 : 2,
          createdAt: new Date(start.getTime() + 3_600_000),
          updatedAt: overdue ? due : recordedAt,
        };
      });
    for (let i = 0; i < fresh.length; i += 500) {
      await tx
        .insert(screeningTasks)
        .values(fresh.slice(i, i + 500))
        .onConflictDoNothing();
    }
    // The month's screening findings: link them and record the village's task as "found".
    const findings = await tx
      .select({ id: disputes.id, regionCode: disputes.regionCode, createdAt: disputes.createdAt })
      .from(disputes)
      .where(
        and(
          eq(disputes.countyCode, DEMO_COUNTY),
          eq(disputes.source, "screening"),
          isNull(disputes.screeningTaskId),
          sql`${disputes.createdAt} >= ${start} and ${disputes.createdAt} < ${due}`,
        ),
      );
    if (findings.length === 0) continue;
    const tasks = await tx
      .select({ id: screeningTasks.id, regionCode: screeningTasks.regionCode })
      .from(screeningTasks)
      .where(
        and(
          eq(screeningTasks.month, month),
          inArray(
            screeningTasks.regionCode,
            findings.map((f) => f.regionCode),
          ),
        ),
      );
    const taskOf = new Map(tasks.map((t) => [t.regionCode, t.id]));
    const latest = new Map<string, Date>();
    for (const f of findings) {
      const prev = latest.get(f.regionCode);
      if (!prev || prev < f.createdAt) latest.set(f.regionCode, f.createdAt);
    }
    await tx.execute(sql`
      update disputes d set screening_task_id = t.id
      from screening_tasks t
      where t.month = ${month} and t.region_code = d.region_code
        and d.id in (${sql.join(
          findings.filter((f) => taskOf.has(f.regionCode)).map((f) => sql`${f.id}::uuid`),
          sql`, `,
        )})`);
    await tx.execute(sql`
      update screening_tasks s
      set status = 'done', result = 'found', recorded_at = v.at, overdue_at = null,
          updated_at = v.at, version = s.version + 1
      from (values ${sql.join(
        [...latest.entries()]
          .filter(([code]) => taskOf.has(code))
          .map(([code, at]) => sql`(${taskOf.get(code)}::uuid, ${at.toISOString()}::timestamptz)`),
        sql`, `,
      )}) as v(id, at)
      where s.id = v.id`);
  }
}
