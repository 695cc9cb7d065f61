/**
 * The dispute figures (矛盾纠纷统计) of a region, dispute type and period (China-time days): found
 * (of which by screening), accepted, settled (written / oral), not settled (referred), settled
 * within the deadline, settled by village / township / county committees, repeated-party alerts,
 * and the rates made of them. Each count is one predicate on a dispute, so the drill-down lists
 * exactly the disputes a count counts. One level down (county → townships → villages → grids) and
 * by type are the breakdowns. Only the disputes of the reader's scope are counted.
 */
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { pathWithin, requirePermission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import {
  DISPUTE_COUNTS,
  type DisputeCount,
  type DisputeFigureDisputesReq,
  type DisputeFigureValuesView,
  type DisputeFiguresReq,
  type DisputeFiguresView,
  type FigureDisputeList,
  type ScreeningFiguresReq,
  type ScreeningFiguresView,
} from "./figures-schemas.js";
import { disputesVisibleThrough } from "./policy.js";
import { disputes, disputeTypes, mediationCommittees, screeningTasks } from "./schema.js";
import { monthOf } from "./screening-workflow.js";

type Words = { "zh-CN": string; en: string };

export const DISPUTE_FIGURE_DEFINITIONS: Record<string, Words> = {
  found: {
    "zh-CN": "期间内登记的纠纷（含排查发现、来访、诉求转入、走访发现）。",
    en: "Disputes registered in the period (found in screening, walk-ins, appeals converted, visits).",
  },
  foundByScreening: {
    "zh-CN": "期间内登记且来源为月度排查的纠纷。",
    en: "Disputes registered in the period that the monthly screening found.",
  },
  accepted: { "zh-CN": "期间内受理的纠纷。", en: "Disputes accepted in the period." },
  settled: {
    "zh-CN": "期间内调解成功的纠纷（书面协议或口头协议）。",
    en: "Disputes settled in the period (written or oral agreement).",
  },
  settledWritten: { "zh-CN": "期间内以书面协议调解成功的纠纷。", en: "Settled by a written agreement." },
  settledOral: { "zh-CN": "期间内以口头协议调解成功的纠纷。", en: "Settled by an oral agreement." },
  notSettled: {
    "zh-CN": "期间内调解不成、引导至诉讼、仲裁、行政处理或信访的纠纷（按转出日期）。",
    en: "Disputes not settled and referred to litigation, arbitration, administration or petition in the period (by the referral date).",
  },
  withinDeadline: {
    "zh-CN": "期间内调解成功且在调解期限（受理后30日，延期后以延期为准）内调结的纠纷。",
    en: "Disputes settled in the period within the deadline (30 days after acceptance, or the extended one).",
  },
  settledVillage: { "zh-CN": "由村（社区）调委会调解成功的纠纷。", en: "Settled by a village committee." },
  settledTownship: {
    "zh-CN": "由乡镇（街道）调委会调解成功的纠纷。",
    en: "Settled by a township committee.",
  },
  settledCounty: { "zh-CN": "由县级专业调委会调解成功的纠纷。", en: "Settled by a county-level committee." },
  repeatAlerts: {
    "zh-CN": "期间内因同一当事人短期内再次发生纠纷而提高风险等级的预警。",
    en: "Alerts in the period where the same parties came back within the window and the risk was raised.",
  },
  settlementRate: {
    "zh-CN": "调解成功率 = 调解成功数 ÷（调解成功数 + 调解不成数）。",
    en: "Settlement rate = settled ÷ (settled + not settled).",
  },
  withinDeadlineRate: {
    "zh-CN": "按期调结率 = 按期调结数 ÷ 调解成功数。",
    en: "Within the deadline = settled within the deadline ÷ settled.",
  },
  villageShare: {
    "zh-CN": "村级调结占比 = 村级调委会调解成功数 ÷ 调解成功数（小事不出村）。",
    en: "Village share = settled by village committees ÷ settled.",
  },
  townshipShare: {
    "zh-CN": "乡镇级调结占比 = 乡镇调委会调解成功数 ÷ 调解成功数。",
    en: "Township share = settled by township committees ÷ settled.",
  },
  countyShare: {
    "zh-CN": "县级调结占比 = 县级专业调委会调解成功数 ÷ 调解成功数。",
    en: "County share = settled by county committees ÷ settled.",
  },
};

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const startOfChinaDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));

export interface FigurePeriod {
  from: string;
  to: string;
  start: Date;
  /** Exclusive: the first instant after `to`. */
  end: Date;
}

/** The period: default 1 January of `to`'s year to today (China time). */
export function figurePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  now: Date,
): FigurePeriod {
  const to = q.to ?? chinaDay(now);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  return {
    from,
    to,
    start: startOfChinaDay(from),
    end: new Date(startOfChinaDay(to).getTime() + 86_400_000),
  };
}

/** The days of month YYYY-MM as a period. */
export function monthPeriod(month: string): FigurePeriod {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return figurePeriod({ from: `${month}-01`, to: last }, new Date());
}

export interface FigureRegion {
  code: string;
  name: string;
  level: string;
  path: string;
}

/** The region asked for if the reader's scope holds it (404 otherwise); their own scope's when one. */
export async function resolveFigureRegion(
  db: Db,
  bindings: readonly Binding[],
  code: string | undefined,
): Promise<FigureRegion | null> {
  const candidates =
    code !== undefined
      ? [code]
      : [...new Set(bindings.map((b) => b.scopeRegionCode).filter((c): c is string => c !== null))];
  if (code === undefined && candidates.length !== 1) return null;
  const [row] = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      path: sql<string>`${regions.path}::text`,
    })
    .from(regions)
    .where(eq(regions.code, candidates[0] as string));
  if (!row || !bindings.some((b) => pathWithin(row.path, b.scopePath))) {
    throw new NotFoundError("Region", code ?? "");
  }
  return row;
}

const within = (column: SQL | typeof disputes.createdAt, p: FigurePeriod) =>
  sql`(${column} >= ${p.start} and ${column} < ${p.end})`;

const committeeLevel = sql`(select c.level from ${mediationCommittees} c where c.id = ${disputes.committeeId})`;
const agreementForm = (form: "written" | "oral") =>
  sql`exists (select 1 from mediation_agreements a where a.dispute_id = ${disputes.id} and a.form = ${form})`;

/** Each count's predicate on a dispute, for a period. */
export function figurePredicates(p: FigurePeriod): Record<DisputeCount, SQL> {
  const settled = within(disputes.settledAt as unknown as SQL, p);
  return {
    found: within(disputes.createdAt, p),
    foundByScreening: sql`${within(disputes.createdAt, p)} and ${disputes.source} = 'screening'`,
    accepted: within(disputes.acceptedAt as unknown as SQL, p),
    settled,
    settledWritten: sql`${settled} and ${agreementForm("written")}`,
    settledOral: sql`${settled} and ${agreementForm("oral")}`,
    notSettled: sql`exists (select 1 from dispute_referrals r where r.dispute_id = ${disputes.id}
      and r.referred_on >= ${p.from}::date and r.referred_on <= ${p.to}::date)`,
    withinDeadline: sql`${settled} and (${disputes.dueAt} is null or ${disputes.settledAt} <= ${disputes.dueAt})`,
    settledVillage: sql`${settled} and ${committeeLevel} = 'village'`,
    settledTownship: sql`${settled} and ${committeeLevel} = 'township'`,
    settledCounty: sql`${settled} and ${committeeLevel} = 'county'`,
    repeatAlerts: within(disputes.repeatAlertAt as unknown as SQL, p),
  };
}

type Counts = Record<DisputeCount, number>;

const rate = (numerator: number, denominator: number) => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

export function figureValues(c: Counts): DisputeFigureValuesView {
  return {
    counts: c,
    rates: {
      settlementRate: rate(c.settled, c.settled + c.notSettled),
      withinDeadlineRate: rate(c.withinDeadline, c.settled),
      villageShare: rate(c.settledVillage, c.settled),
      townshipShare: rate(c.settledTownship, c.settled),
      countyShare: rate(c.settledCounty, c.settled),
    },
  };
}

const zero = (): Counts => Object.fromEntries(DISPUTE_COUNTS.map((c) => [c, 0])) as Counts;

/** The counts of the disputes matching `where`, grouped by `key` (one group "" when absent). */
export async function countDisputes(
  db: Db,
  where: SQL | undefined,
  p: FigurePeriod,
  key?: SQL,
): Promise<Map<string, Counts>> {
  const preds = figurePredicates(p);
  const columns = Object.fromEntries(
    DISPUTE_COUNTS.map((c) => [c, sql<number>`count(*) filter (where ${preds[c]})`.mapWith(Number)]),
  ) as Record<DisputeCount, SQL.Aliased<number> | SQL<number>>;
  const k = key ?? sql`''`;
  const rows = (await db
    .select({ key: sql<string>`${k}`.as("figure_key"), ...columns })
    .from(disputes)
    .where(where)
    .groupBy(sql`1`)) as unknown as ({ key: string | null } & Counts)[];
  const out = new Map<string, Counts>();
  for (const r of rows) {
    const c = zero();
    for (const f of DISPUTE_COUNTS) c[f] = Number(r[f]);
    out.set(r.key ?? "", c);
  }
  return out;
}

/** The child of `parentPath` that a row's path lies in, as its code (the label one level down). */
export const childCode = (column: SQL | typeof disputes.regionPath, parentPath: string) =>
  sql`case when nlevel(${column}) > nlevel(${parentPath}::ltree)
    then subltree(${column}, nlevel(${parentPath}::ltree), nlevel(${parentPath}::ltree) + 1)::text end`;

export async function childRegions(db: Db, region: FigureRegion) {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(eq(regions.parentCode, region.code))
    .orderBy(asc(regions.code));
}

async function figureScope(
  db: Db,
  actor: Actor | null,
  q: { region?: string | undefined; type?: string | undefined; own?: "true" | "false" | undefined },
) {
  const bindings = requirePermission(actor, "mediation.read");
  const region = await resolveFigureRegion(db, bindings, q.region);
  const own = q.own === "true";
  if (own && !region) {
    throw new BadRequestError("region_required", "Only a region's own disputes: name the region.", [
      { field: "region", message: "required with own=true" },
    ]);
  }
  let type: { code: string; nameZh: string; nameEn: string } | null = null;
  if (q.type !== undefined) {
    const [row] = await db
      .select({ code: disputeTypes.code, nameZh: disputeTypes.nameZh, nameEn: disputeTypes.nameEn })
      .from(disputeTypes)
      .where(eq(disputeTypes.code, q.type));
    if (!row) throw new NotFoundError("Dispute type", q.type);
    type = row;
  }
  const where = and(
    disputesVisibleThrough(bindings),
    region ? sql`${disputes.regionPath} <@ ${region.path}::ltree` : undefined,
    region && own ? sql`${disputes.regionPath} = ${region.path}::ltree` : undefined,
    type ? eq(disputes.typeCode, type.code) : undefined,
  );
  return { region, type, own, where };
}

export async function computeDisputeFigures(
  db: Db,
  actor: Actor | null,
  q: DisputeFiguresReq,
  now = new Date(),
): Promise<DisputeFiguresView> {
  const { region, type, own, where } = await figureScope(db, actor, q);
  const p = figurePeriod(q, now);
  const [total, byChild, byType, children, types] = await Promise.all([
    countDisputes(db, where, p),
    region
      ? countDisputes(db, where, p, childCode(disputes.regionPath, region.path))
      : new Map<string, Counts>(),
    countDisputes(db, where, p, sql`${disputes.typeCode}`),
    region ? childRegions(db, region) : Promise.resolve([]),
    db
      .select({
        code: disputeTypes.code,
        nameZh: disputeTypes.nameZh,
        nameEn: disputeTypes.nameEn,
        active: disputeTypes.active,
      })
      .from(disputeTypes)
      .orderBy(asc(disputeTypes.sortOrder), asc(disputeTypes.code)),
  ]);
  return {
    scope: { region: region ? { code: region.code, name: region.name, level: region.level } : null },
    type,
    from: p.from,
    to: p.to,
    figures: figureValues(total.get("") ?? zero()),
    byRegion: own ? [] : regionRows(region, children, byChild),
    byType: types
      .filter((t) => (type ? t.code === type.code : t.active || byType.has(t.code)))
      .map((t) => ({
        code: t.code,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        figures: figureValues(byType.get(t.code) ?? zero()),
      })),
    definitions: DISPUTE_FIGURE_DEFINITIONS,
  };
}

/**
 * The rows one level down, after the region's own row when disputes were registered at the region
 * itself (counted under the key "": `childCode` is null for them), so the rows add up.
 */
function regionRows(
  region: FigureRegion | null,
  children: { code: string; name: string; level: string }[],
  byChild: Map<string, Counts>,
) {
  if (!region) return [];
  const mine = byChild.get("");
  const own = mine && DISPUTE_COUNTS.some((c) => mine[c] > 0) ? [{ ...region, own: true, counts: mine }] : [];
  return [...own, ...children.map((c) => ({ ...c, own: false, counts: byChild.get(c.code) ?? zero() }))].map(
    ({ code, name, level, own: isOwn, counts }) => ({
      code,
      name,
      level,
      own: isOwn,
      figures: figureValues(counts),
    }),
  );
}

/** The time a figure is about, for ordering its disputes (the latest first). */
function orderOf(figure: DisputeCount) {
  if (figure === "found" || figure === "foundByScreening") return disputes.createdAt;
  if (figure === "accepted") return disputes.acceptedAt;
  if (figure === "repeatAlerts") return disputes.repeatAlertAt;
  if (figure === "notSettled") return disputes.updatedAt;
  return disputes.settledAt;
}

/** The disputes behind one count: the same scope, type, period and predicate, the latest first. */
export async function findFigureDisputes(
  db: Db,
  actor: Actor | null,
  q: DisputeFigureDisputesReq,
  now = new Date(),
): Promise<FigureDisputeList> {
  const { where } = await figureScope(db, actor, q);
  const p = figurePeriod(q, now);
  const filter = and(where, figurePredicates(p)[q.figure]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        d: disputes,
        typeName: disputeTypes.nameZh,
        typeNameEn: disputeTypes.nameEn,
        regionName: regions.name,
        committeeName: mediationCommittees.name,
        committeeLevel: mediationCommittees.level,
      })
      .from(disputes)
      .innerJoin(disputeTypes, eq(disputeTypes.code, disputes.typeCode))
      .innerJoin(regions, eq(regions.code, disputes.regionCode))
      .innerJoin(mediationCommittees, eq(mediationCommittees.id, disputes.committeeId))
      .where(filter)
      .orderBy(desc(orderOf(q.figure)), asc(disputes.number))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(disputes).where(filter),
  ]);
  return {
    items: rows.map(({ d, ...r }) => ({
      id: d.id,
      number: d.number,
      source: d.source,
      typeName: r.typeName,
      typeNameEn: r.typeNameEn,
      status: d.status,
      regionName: r.regionName,
      committeeName: r.committeeName,
      committeeLevel: r.committeeLevel,
      createdAt: d.createdAt.toISOString(),
      acceptedAt: d.acceptedAt?.toISOString() ?? null,
      dueAt: d.dueAt?.toISOString() ?? null,
      settledAt: d.settledAt?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

type ScreeningCounts = ScreeningFiguresView["figures"];

/** The monthly screening of a month: villages done, not done and overdue, and disputes found. */
export async function computeScreeningFigures(
  db: Db,
  actor: Actor | null,
  q: ScreeningFiguresReq,
  now = new Date(),
): Promise<ScreeningFiguresView> {
  const bindings = requirePermission(actor, "mediation.read_screening");
  const region = await resolveFigureRegion(db, bindings, q.region);
  const month = q.month ?? monthOf(now);
  const where = and(
    withinScopes(screeningTasks.regionPath, bindings),
    region ? sql`${screeningTasks.regionPath} <@ ${region.path}::ltree` : undefined,
    eq(screeningTasks.month, month),
  );
  const overdue = sql`${screeningTasks.status} = 'pending' and (${screeningTasks.overdueAt} is not null or ${screeningTasks.dueAt} <= ${now})`;
  const key = region ? childCode(screeningTasks.regionPath as unknown as SQL, region.path) : sql`''`;
  const rows = await db
    .select({
      key: sql<string>`${key}`.as("figure_key"),
      villages: sql<number>`count(*)`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${screeningTasks.status} = 'done')`.mapWith(Number),
      notDone: sql<number>`count(*) filter (where ${screeningTasks.status} = 'pending')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdue})`.mapWith(Number),
      disputesFound:
        sql<number>`coalesce(sum((select count(*) from disputes d where d.screening_task_id = "screening_tasks"."id")), 0)`.mapWith(
          Number,
        ),
    })
    .from(screeningTasks)
    .where(where)
    .groupBy(sql`1`);
  const empty = (): ScreeningCounts => ({ villages: 0, done: 0, notDone: 0, overdue: 0, disputesFound: 0 });
  const total = empty();
  const byKey = new Map<string, ScreeningCounts>();
  for (const { key: k, ...c } of rows) {
    byKey.set(k, c);
    for (const f of Object.keys(total) as (keyof ScreeningCounts)[]) total[f] += c[f];
  }
  const children = region ? await childRegions(db, region) : [];
  return {
    month,
    scope: { region: region ? { code: region.code, name: region.name, level: region.level } : null },
    figures: total,
    byRegion: children
      .filter((c) => c.level !== "grid")
      .map((c) => ({ ...c, figures: byKey.get(c.code) ?? empty() })),
  };
}
