/**
 * Demo history: about a year of Langfang appeals in every state, so a newcomer's first look at
 * the three rates, the work lists and the maps is not empty. Each case is told as a story of
 * timed steps (intake, dispatch, respond, reply, evaluate… with the odd send-back, escalation,
 * whistle, extension and reopen), then cut at `now`: what had happened by then is the case's
 * state and its event timeline, what had not is simply not there yet — which leaves the last
 * weeks with open and overdue cases, as in real life.
 *
 * The shares follow the source document: response ~100%, resolution 97.6%, satisfaction 97.8%,
 * about 90% solved at grid or village level (Jiaxing). Reporters are invented: a surname with
 * 先生/女士 and a phone number in the 100 block, which no Chinese mobile number uses.
 */
import { createHash } from "node:crypto";
import { eq, getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import {
  workflowEvents,
  caseExtensions,
  cases,
  caseWhistles,
  categories,
  grids,
  organisations,
  regions,
  type CaseChannel,
  type CaseStatus,
  type DeadlineKind,
  type HandlingLevel,
  type Satisfaction,
} from "../../db/schema.js";
import { getDeadlines } from "../catalogue/index.js";
import { loadWorkingCalendar } from "../catalogue/index.js";
import { seededRandom } from "../grids/index.js";
import { chinaDatePrefix } from "./case-number.js";
import { chainFromPath, decideRoute, type RegionChain, type RoutingUnit } from "./routing.js";
import type { CaseAction } from "./state-table.js";

export interface DemoHistoryOptions {
  /** How many cases; the default suits `npm start` on PGlite (see DEFAULT_DEMO_CASES). */
  cases?: number;
  seed?: number;
  /** The present: stories are cut here. */
  now?: Date;
  /** How far back the history reaches. */
  days?: number;
}

export interface DemoHistoryResult {
  cases: number;
  events: number;
  whistles: number;
  extensions: number;
}

/**
 * 20,000 cases (~93,000 events) take about 20 s on PGlite on the 2-core build machine (45 s with
 * the machine fully loaded), on top of ~25 s for migrations, regions, grids and organisations:
 * `npm start` with demo data answers /healthz well within two minutes. The real city's 158,835
 * a year would not, and the figures look the same at this size.
 */
export const DEFAULT_DEMO_CASES = 20_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHINA_OFFSET = 8 * HOUR;

type CaseRow = typeof cases.$inferInsert;
type EventRow = typeof workflowEvents.$inferInsert;
type WhistleRow = typeof caseWhistles.$inferInsert;
type ExtensionRow = typeof caseExtensions.$inferInsert;

/** The columns a story changes as it goes. */
type CaseState = Pick<
  CaseRow,
  | "status"
  | "assignedOrgId"
  | "leadOrgId"
  | "handlingLevel"
  | "responseDueAt"
  | "handleDueAt"
  | "respondedAt"
  | "repliedAt"
  | "closedAt"
  | "responseOverdueAt"
  | "handleOverdueAt"
  | "solvedLevel"
  | "verifiedAt"
  | "resolved"
  | "satisfaction"
  | "evaluationComment"
  | "evaluatedAt"
  | "reopenCount"
  | "mergedIntoId"
>;

interface Step {
  at: number;
  action: CaseAction;
  /** "same": an event without a change of state (whistle, urge, deadline marks…). */
  to: CaseStatus | "same";
  orgId: string | null;
  label: string | null;
  note?: string;
  data?: Record<string, unknown>;
  patch?: Partial<CaseState>;
  /** Side rows (whistles, extensions) that exist once this step has happened. */
  effect?: () => void;
}

interface DemoCategory {
  code: string;
  name: string;
  handlingLevel: HandlingLevel;
  departmentType: string | null;
  responseHours: number;
  handleHours: number;
  deadlineKind: DeadlineKind;
}

interface DemoGrid {
  code: string;
  path: string;
  chain: RegionChain;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The first level most appeals are handled at (小事不出村): tuned so ~90% are solved at grid or village. */
const LEVEL_WEIGHTS: [HandlingLevel, number][] = [
  ["grid", 0.56],
  ["village", 0.37],
  ["township", 0.04],
  ["department", 0.03],
];

const CHANNEL_WEIGHTS: [CaseChannel, number][] = [
  ["app", 0.3],
  ["hotline", 0.24],
  ["patrol", 0.15],
  ["web", 0.08],
  ["talk_station", 0.09],
  ["talk_site", 0.07],
  ["talk_box", 0.04],
  ["open311", 0.03],
];

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const PLACES = [
  "小区北门附近",
  "3号楼东侧",
  "村口路边",
  "主街十字路口",
  "村委会南侧",
  "幼儿园门口",
  "菜市场西侧",
  "5号楼单元门前",
  "文化广场旁",
  "村东头水渠边",
  "学校后墙外",
  "健身广场",
];
const CIRCUMSTANCES = [
  "已经持续一周左右，希望尽快处理。",
  "影响居民出行，请相关部门查看。",
  "夜间尤其明显，老人孩子不安全。",
  "之前反映过一次，还没有解决。",
  "周边住户意见较大，请协调解决。",
  "雨后更严重，希望及时处理。",
];
const SEND_BACK_REASONS = ["不属于本单位职责，请重新派发", "地址不在本网格", "需上级部门协调处理"];
const REJECT_REASONS = ["已进入诉讼程序", "属于110警情，已转公安", "重复诉求", "不属于平台受理范围"];
const REPLY_NOTES = [
  "已现场处理完毕，并向群众反馈。",
  "已协调相关单位整改到位。",
  "已维修完成，拍照留存。",
  "经调解双方达成一致。",
];

function pickWeighted<T>(random: () => number, table: readonly [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let u = random() * total;
  for (const [value, w] of table) {
    u -= w;
    if (u < 0) return value;
  }
  const last = table[table.length - 1];
  if (!last) throw new Error("empty table");
  return last[0];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

const between = (random: () => number, a: number, b: number) => a + (b - a) * random();

/** A version-4 UUID from the seeded generator, so the same seed gives the same ids. */
function seededUuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const LEVEL_OF_KIND: Partial<Record<string, HandlingLevel>> = {
  grid_post: "grid",
  village_committee: "village",
  township_centre: "township",
  department: "department",
};

/** Everything the generator reads from the database, once. */
interface World {
  grids: DemoGrid[];
  categoriesByLevel: Map<HandlingLevel, DemoCategory[]>;
  unitsByRegion: Map<string, RoutingUnit[]>;
  names: Map<string, string>;
}

async function loadWorld(db: Db): Promise<World> {
  const gridRows = await db
    .select({
      code: grids.code,
      path: sql<string>`${grids.path}::text`,
      minLon: grids.minLon,
      minLat: grids.minLat,
      maxLon: grids.maxLon,
      maxLat: grids.maxLat,
    })
    .from(grids)
    .orderBy(grids.code);
  if (gridRows.length === 0) throw new Error("demo history needs grids: generate the demo grids first");
  const categoryRows = await db
    .select({
      code: categories.code,
      name: categories.name,
      handlingLevel: categories.handlingLevel,
      departmentType: categories.departmentType,
      responseHours: categories.responseHours,
      handleHours: categories.handleHours,
      deadlineKind: categories.deadlineKind,
    })
    .from(categories)
    .where(
      sql`${categories.active} and not exists (select 1 from categories k where k.parent_code = ${categories.code} and k.active)`,
    )
    .orderBy(categories.code);
  if (categoryRows.length === 0)
    throw new Error("demo history needs a catalogue: seed the demo catalogue first");
  const orgRows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      regionCode: organisations.regionCode,
      departmentType: organisations.departmentType,
    })
    .from(organisations)
    .orderBy(organisations.id);
  if (orgRows.length === 0)
    throw new Error("demo history needs organisations: seed the demo organisations first");
  const nameRows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.level, "village"));

  const categoriesByLevel = new Map<HandlingLevel, DemoCategory[]>();
  for (const c of categoryRows)
    categoriesByLevel.set(c.handlingLevel, [...(categoriesByLevel.get(c.handlingLevel) ?? []), c]);
  const unitsByRegion = new Map<string, RoutingUnit[]>();
  for (const o of orgRows) {
    const list = unitsByRegion.get(o.regionCode);
    if (list) list.push(o);
    else unitsByRegion.set(o.regionCode, [o]);
  }
  return {
    grids: gridRows.map((g) => ({ ...g, chain: chainFromPath(g.path) })),
    categoriesByLevel,
    unitsByRegion,
    names: new Map(nameRows.map((r) => [r.code, r.name])),
  };
}

function unitsOf(world: World, chain: RegionChain): RoutingUnit[] {
  return [chain.cityCode, chain.countyCode, chain.townshipCode, chain.villageCode, chain.gridCode].flatMap(
    (c) => (c === null ? [] : (world.unitsByRegion.get(c) ?? [])),
  );
}

function findUnit(units: readonly RoutingUnit[], kind: string, regionCode: string | null, type?: string) {
  return (
    units.find(
      (u) =>
        u.kind === kind && u.regionCode === regionCode && (type === undefined || u.departmentType === type),
    ) ?? null
  );
}

/** The unit one level up (escalate, or a send-back redispatched upward); null at the top. */
function unitAbove(
  units: readonly RoutingUnit[],
  chain: RegionChain,
  level: HandlingLevel,
  type: string | null,
) {
  switch (level) {
    case "grid":
      return findUnit(units, "village_committee", chain.villageCode);
    case "village":
      return findUnit(units, "township_centre", chain.townshipCode);
    case "township":
      return (
        findUnit(units, "department", chain.countyCode, type ?? "urban_management") ??
        findUnit(units, "department", chain.cityCode, type ?? "urban_management")
      );
    case "department":
      return null;
  }
}

/** A case's steps in time order, and its cursor (the time of the last step). */
class Story {
  readonly steps: Step[] = [];
  constructor(public cursor: number) {}

  /** The moment `candidate`, or the last step's when that is later: steps never go back in time. */
  time(candidate: number): number {
    return Math.max(this.cursor, Math.round(candidate));
  }

  add(step: Step): void {
    this.cursor = this.time(step.at);
    this.steps.push({ ...step, at: this.cursor });
  }
}

/** The last open case of a village: a duplicate raised before it was replied to merges into it. */
interface RecentCase {
  id: string;
  openUntil: number;
}

interface GeneratedCase {
  row: CaseRow;
  events: EventRow[];
  whistles: WhistleRow[];
  extensions: ExtensionRow[];
}

/** A moment of a day in China time, mostly in waking hours. */
function intakeTime(random: () => number, now: number, days: number): number {
  for (;;) {
    const dayStart =
      Math.floor((now + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET - Math.floor(random() * days) * DAY;
    const hour = random() < 0.8 ? between(random, 7.5, 20) : between(random, 0, 24);
    const at = Math.round(dayStart + hour * HOUR);
    if (at < now) return at;
  }
}

/** Builds one case's whole story and cuts it at `now`. */
function generateCase(
  world: World,
  random: () => number,
  calendar: Awaited<ReturnType<typeof loadWorkingCalendar>>,
  ctx: { t0: number; now: number; index: number; seed: number; recent: Map<string, RecentCase> },
): GeneratedCase {
  const { now, t0 } = ctx;
  const id = seededUuid(random);
  const grid = pick(random, world.grids);
  const chain = grid.chain;
  const units = unitsOf(world, chain);
  const level = pickWeighted(
    random,
    LEVEL_WEIGHTS.filter(([l]) => world.categoriesByLevel.has(l)),
  );
  const category = pick(random, world.categoriesByLevel.get(level) ?? []);
  const channel = pickWeighted(random, CHANNEL_WEIGHTS);
  const deadlines = getDeadlines(calendar, category, new Date(t0));
  const route = decideRoute(chain, category, units);
  const township = findUnit(units, "township_centre", chain.townshipCode);
  const centre = township ?? route.unit;

  const story = new Story(t0);
  const resident = "resident";
  let unit = route.status === "dispatched" ? route.unit : null;
  let unitLevel: HandlingLevel | null = route.handlingLevel;
  // Some appeals reach the centre's triage queue first (a vague hotline call, a talk-box slip).
  const viaTriage = unit === null || random() < 0.06;
  story.add({
    at: t0,
    action: "intake",
    to: viaTriage ? "triage" : "dispatched",
    orgId: channel === "patrol" ? (route.unit?.id ?? null) : null,
    label: channel === "patrol" ? null : resident,
    data: { channel, route: route.reason },
    patch: {
      assignedOrgId: viaTriage ? (centre?.id ?? null) : (unit?.id ?? null),
      leadOrgId: viaTriage ? null : (unit?.id ?? null),
      handlingLevel: viaTriage ? null : unitLevel,
      responseDueAt: new Date(deadlines.responseDueAt),
      handleDueAt: new Date(deadlines.handleDueAt),
    },
  });

  let handleDue = deadlines.handleDueAt.getTime();
  const responseDue = deadlines.responseDueAt.getTime();
  const whistles: WhistleRow[] = [];
  const extensions: ExtensionRow[] = [];

  // The last day's triage queue is still being worked through: some cases wait there now.
  const triageHours = now - t0 < DAY ? 30 : 3;
  const dispatchTo = (target: RoutingUnit | null, note: string) => {
    const assigned = target ?? township ?? centre;
    unit = assigned;
    unitLevel = assigned ? (LEVEL_OF_KIND[assigned.kind] ?? "township") : "township";
    story.add({
      at: story.cursor + between(random, 0.2, triageHours) * HOUR,
      action: "dispatch",
      to: "dispatched",
      orgId: centre?.id ?? null,
      label: null,
      note,
      patch: {
        assignedOrgId: assigned?.id ?? null,
        leadOrgId: assigned?.id ?? null,
        handlingLevel: unitLevel,
      },
    });
  };

  const materialize = (): GeneratedCase => {
    // Scheduler marks: overdue once a deadline passes with the work not done.
    const firstAt = (action: CaseAction) => story.steps.find((s) => s.action === action)?.at ?? Infinity;
    const ended = Math.min(firstAt("reject"), firstAt("merge"));
    const marks: Step[] = [];
    if (firstAt("respond") > responseDue && ended > responseDue) {
      marks.push({
        at: responseDue,
        action: "deadline_overdue",
        to: "same",
        orgId: null,
        label: "system",
        data: { deadline: "response" },
        patch: { responseOverdueAt: new Date(responseDue) },
      });
    }
    if (firstAt("reply") > handleDue && ended > handleDue) {
      marks.push({
        at: handleDue,
        action: "deadline_overdue",
        to: "same",
        orgId: null,
        label: "system",
        data: { deadline: "handle" },
        patch: { handleOverdueAt: new Date(handleDue) },
      });
      // 催办: the township centre urges the unit the next working day or so, if still waiting.
      const urgeAt = handleDue + between(random, 2, 30) * HOUR;
      if (urgeAt < firstAt("reply")) {
        marks.push({
          at: urgeAt,
          action: "urge",
          to: "same",
          orgId: township?.id ?? null,
          label: null,
          note: "请抓紧办理，尽快答复群众。",
        });
      }
    }
    const steps = [...story.steps];
    for (const m of marks) {
      const i = steps.findIndex((s) => s.at > m.at);
      // A mark after the last step is only kept while the case is still open then.
      if (i === -1) steps.push(m);
      else steps.splice(i, 0, m);
    }
    const state: CaseState = {
      status: "triage",
      assignedOrgId: null,
      leadOrgId: null,
      handlingLevel: null,
      responseDueAt: null,
      handleDueAt: null,
      respondedAt: null,
      repliedAt: null,
      closedAt: null,
      responseOverdueAt: null,
      handleOverdueAt: null,
      solvedLevel: null,
      verifiedAt: null,
      resolved: null,
      satisfaction: null,
      evaluationComment: null,
      evaluatedAt: null,
      reopenCount: 0,
      mergedIntoId: null,
    };
    const events: EventRow[] = [];
    let from: CaseStatus | null = null;
    for (const s of steps) {
      if (s.at > now) break;
      const to: CaseStatus = s.to === "same" ? (from ?? "triage") : s.to;
      Object.assign(state, s.patch);
      state.status = to;
      s.effect?.();
      events.push({
        subjectType: "case",
        subjectId: id,
        countyCode: chain.countyCode,
        action: s.action,
        fromStatus: from,
        toStatus: to,
        actorUserId: null,
        actorOrgId: s.orgId,
        actorLabel: s.label,
        note: s.note ?? null,
        data: s.data ?? null,
        at: new Date(s.at),
      });
      from = to;
    }
    const lastAt = events[events.length - 1]?.at ?? new Date(t0);
    const village = chain.villageCode ?? "";
    const place = pick(random, PLACES);
    const anonymous = (channel === "app" || channel === "web" || channel === "open311") && random() < 0.3;
    const named = channel !== "patrol" && !anonymous;
    const w = grid.maxLon - grid.minLon;
    const h = grid.maxLat - grid.minLat;
    const row: CaseRow = {
      id,
      number: "",
      trackingCodeHash: anonymous
        ? createHash("sha256").update(`demo-${ctx.seed}-${ctx.index}`).digest("hex")
        : null,
      channel,
      categoryCode: category.code,
      description: `${place}${category.name}问题，${pick(random, CIRCUMSTANCES)}`,
      address: `${world.names.get(village) ?? ""}${place}`,
      // Near the bounding box's centre, which lies inside every demo grid's polygon.
      lon: Math.round((grid.minLon + w * between(random, 0.45, 0.55)) * 1e6) / 1e6,
      lat: Math.round((grid.minLat + h * between(random, 0.45, 0.55)) * 1e6) / 1e6,
      regionCode: grid.code,
      regionPath: grid.path,
      countyCode: chain.countyCode,
      gridCode: grid.code,
      urgent: random() < 0.03,
      reporterName: named ? `${pick(random, [...SURNAMES])}${random() < 0.5 ? "先生" : "女士"}` : null,
      reporterPhone: named
        ? `100${Math.floor(random() * 1e8)
            .toString()
            .padStart(8, "0")}`
        : null,
      ...state,
      version: events.length,
      createdAt: new Date(t0),
      updatedAt: lastAt,
    };
    return { row, events, whistles, extensions };
  };

  if (viaTriage) {
    if (random() < 0.25 && story.cursor < now) {
      story.add({
        at: t0 + between(random, 0.3, 6) * HOUR,
        action: "reject",
        to: "rejected",
        orgId: centre?.id ?? null,
        label: null,
        note: pick(random, REJECT_REASONS),
      });
      return materialize();
    }
    dispatchTo(route.status === "dispatched" ? route.unit : null, "按派单目录派至承办单位");
  }

  // A duplicate of an appeal of the same village still being worked on is merged into it.
  const recent = ctx.recent.get(chain.villageCode ?? "");
  const mergeAt = story.time(story.cursor + between(random, 0.2, 2) * HOUR);
  if (recent && mergeAt < recent.openUntil && random() < 0.1) {
    story.add({
      at: mergeAt,
      action: "merge",
      to: "merged",
      orgId: centre?.id ?? null,
      label: null,
      note: "与同一地点的诉求重复，已合并办理",
      patch: { mergedIntoId: recent.id },
    });
    return materialize();
  }

  // 退单: a wrongly dispatched case goes back to the dispatcher and on to the unit above.
  if (random() < 0.02 && unitLevel !== null) {
    const above = unitAbove(units, chain, unitLevel, category.departmentType);
    if (above) {
      story.add({
        at: story.cursor + between(random, 0.3, 4) * HOUR,
        action: "send_back",
        to: "triage",
        orgId: unit?.id ?? null,
        label: null,
        note: pick(random, SEND_BACK_REASONS),
        patch: { assignedOrgId: centre?.id ?? null },
      });
      dispatchTo(above, "退回后重新派发");
    }
  }

  // Respond: contact the resident, almost always within the response deadline.
  const respondAt = story.time(
    random() < 0.003
      ? responseDue + between(random, 0.5, 12) * HOUR
      : story.cursor + between(random, 0.05, 0.9) * Math.max(responseDue - story.cursor, 0.2 * HOUR),
  );
  story.add({
    at: respondAt,
    action: "respond",
    to: "handling",
    orgId: unit?.id ?? null,
    label: null,
    note: "已电话联系群众，了解诉求详情",
    patch: { respondedAt: new Date(respondAt) },
  });

  // Escalate one level when the unit cannot solve it.
  if (unitLevel !== null && random() < 0.03) {
    const above = unitAbove(units, chain, unitLevel, category.departmentType);
    if (above) {
      unit = above;
      unitLevel = LEVEL_OF_KIND[above.kind] ?? "township";
      story.add({
        at: story.cursor + between(random, 1, 24) * HOUR,
        action: "escalate",
        to: "dispatched",
        orgId: null,
        label: null,
        note: "本级难以解决，提请上级处理",
        patch: { assignedOrgId: above.id, handlingLevel: unitLevel },
      });
      story.add({
        at: story.cursor + between(random, 0.3, 4) * HOUR,
        action: "respond",
        to: "handling",
        orgId: above.id,
        label: null,
        note: "已与群众再次联系",
      });
    }
  }

  // 吹哨报到: the township or a department calls other departments in.
  const whistleChance = unitLevel === "township" || unitLevel === "department" ? 0.2 : 0.004;
  if (random() < whistleChance) {
    const departments = units.filter(
      (u) => u.kind === "department" && u.regionCode === chain.countyCode && u.id !== unit?.id,
    );
    const invited = departments.length > 0 ? [pick(random, departments)] : [];
    if (invited.length > 0) {
      const whistleAt = story.time(story.cursor + between(random, 1, 12) * HOUR);
      const rows = invited.map((d): WhistleRow => ({
        caseId: id,
        countyCode: chain.countyCode,
        orgId: d.id,
        reportDueAt: new Date(whistleAt + 24 * HOUR),
      }));
      story.add({
        at: whistleAt,
        action: "whistle",
        to: "same",
        orgId: unit?.id ?? null,
        label: null,
        note: "需多部门联合处置，吹哨",
        data: { orgIds: invited.map((d) => d.id) },
        effect: () => {
          for (const r of rows) r.createdAt = new Date(whistleAt);
          whistles.push(...rows);
        },
      });
      for (const r of rows) {
        const reportAt = whistleAt + between(random, 1, 20) * HOUR;
        story.add({
          at: reportAt,
          action: "report",
          to: "same",
          orgId: r.orgId,
          label: null,
          note: "已报到，派员到场",
          effect: () => {
            r.reportedAt = new Date(reportAt);
            r.reportNote = "已报到，派员到场";
          },
        });
      }
    }
  }

  // Extension: more time asked for, usually granted.
  if (random() < 0.02) {
    const requestAt = story.time(story.cursor + between(random, 0.5, 6) * HOUR);
    const extraHours = pick(random, [24, 48, 72]);
    const approved = random() < 0.85;
    const row: ExtensionRow = {
      caseId: id,
      countyCode: chain.countyCode,
      requestedOrgId: unit?.id ?? null,
      extraHours,
      reason: "需协调施工队伍，申请延期",
    };
    story.add({
      at: requestAt,
      action: "request_extension",
      to: "same",
      orgId: unit?.id ?? null,
      label: null,
      note: row.reason,
      data: { extraHours },
      effect: () => {
        row.createdAt = new Date(requestAt);
        extensions.push(row);
      },
    });
    const decideAt = requestAt + between(random, 0.5, 8) * HOUR;
    if (approved) handleDue += extraHours * HOUR;
    story.add({
      at: decideAt,
      action: "decide_extension",
      to: "same",
      orgId: township?.id ?? null,
      label: null,
      data: { decision: approved ? "approved" : "denied", extraHours },
      patch: approved ? { handleDueAt: new Date(handleDue) } : {},
      effect: () => {
        row.decision = approved ? "approved" : "denied";
        row.decidedAt = new Date(decideAt);
      },
    });
  }

  // Reply: mostly on time; in the last weeks a few are stuck past their deadline.
  const reply = (after: number) => {
    const recentCase = now - t0 < 21 * DAY;
    const lateness = random();
    const at = story.time(
      recentCase && lateness < 0.05
        ? Math.max(handleDue, after) + between(random, 3, 25) * DAY
        : lateness < 0.04
          ? Math.max(handleDue, after) + between(random, 2, 72) * HOUR
          : after + between(random, 0.05, 0.95) * Math.max(handleDue - after, 0.5 * HOUR),
    );
    story.add({
      at,
      action: "reply",
      to: "replied",
      orgId: unit?.id ?? null,
      label: null,
      note: pick(random, REPLY_NOTES),
      patch: { repliedAt: new Date(at), solvedLevel: unitLevel },
    });
  };
  reply(story.cursor);

  // 核查: grid workers check a good share of small matters on the spot.
  if ((unitLevel === "grid" || unitLevel === "village") && random() < 0.35) {
    const at = story.time(story.cursor + between(random, 1, 24) * HOUR);
    story.add({
      at,
      action: "verify",
      to: "replied",
      orgId: findUnit(units, "grid_post", chain.gridCode)?.id ?? unit?.id ?? null,
      label: null,
      note: "已现场核查，情况属实",
      patch: { verifiedAt: new Date(at) },
    });
  }

  // No answer to the follow-up calls: closed without an evaluation.
  if (random() < 0.12) {
    const at = story.time(story.cursor + between(random, 48, 96) * HOUR);
    story.add({
      at,
      action: "close",
      to: "closed",
      orgId: centre?.id ?? null,
      label: null,
      note: "三次回访均未接通，按规定办结",
      patch: { closedAt: new Date(at) },
    });
    return materialize();
  }

  // The resident's final word, and the reopens that led to it.
  const u = random();
  const final: { resolved: boolean; satisfaction: Satisfaction } =
    u < 0.022
      ? { resolved: random() >= 0.75, satisfaction: "unsatisfied" }
      : u < 0.03
        ? { resolved: false, satisfaction: "basically_satisfied" }
        : u < 0.078
          ? { resolved: true, satisfaction: "basically_satisfied" }
          : { resolved: true, satisfaction: "satisfied" };
  const happy = final.resolved && final.satisfaction !== "unsatisfied";
  const evaluate = (
    outcome: { resolved: boolean; satisfaction: Satisfaction },
    to: CaseStatus,
    comment: string,
    extra: Partial<CaseState> = {},
  ) => {
    const at = story.time(story.cursor + between(random, 2, 72) * HOUR);
    story.add({
      at,
      action: "evaluate",
      to,
      orgId: null,
      label: resident,
      data: outcome,
      patch: {
        evaluatedAt: new Date(at),
        resolved: outcome.resolved,
        satisfaction: outcome.satisfaction,
        evaluationComment: comment,
        ...(to === "closed" ? { closedAt: new Date(at) } : {}),
        ...extra,
      },
    });
  };
  if (!happy || random() < 0.02) {
    // 重办: the first reply did not satisfy; the unit works the case again.
    evaluate({ resolved: false, satisfaction: "unsatisfied" }, "handling", "问题没有解决", {
      reopenCount: 1,
    });
    reply(story.cursor);
  }
  if (happy) {
    evaluate(final, "closed", final.satisfaction === "satisfied" ? "处理及时，非常满意" : "基本解决了");
    return materialize();
  }
  // Still unhappy after the reopen: past the limit, a supervisor decides.
  evaluate(final, "supervisor_review", "仍不满意");
  const decideAt = story.time(story.cursor + between(random, 24, 72) * HOUR);
  story.add({
    at: decideAt,
    action: "supervisor_decide",
    to: "closed",
    orgId: township?.id ?? null,
    label: null,
    note: "经复核已依法依规处理，予以办结",
    patch: { closedAt: new Date(decideAt) },
  });
  return materialize();
}

/** Rows per INSERT: one JSON document each, a few megabytes at most. */
const CHUNK = 2000;

/**
 * Inserts rows of a Drizzle table as one statement reading a JSON array
 * (`json_populate_recordset`): one parameter instead of tens of thousands, which is several
 * times quicker on PGlite than multi-row VALUES. Columns no row sets keep their defaults.
 */
async function bulkInsert(tx: Tx, table: PgTable, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((r) => r[key] !== undefined),
  );
  const json = JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map(([key, column]) => [column.name, r[key] ?? null]))),
  );
  const list = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const name = sql.identifier(getTableName(table));
  await tx.execute(
    sql`insert into ${name} (${list}) select ${list} from json_populate_recordset(null::${name}, ${json}::json)`,
  );
}

/**
 * Generates the demo history and inserts it in one transaction, in bulk INSERTs of 2,000 rows. Case
 * numbers take YYMMDD of the intake day and six digits from the intake's own sequence, drawn in
 * intake order, so later real intakes never collide with them.
 */
export async function generateDemoHistory(db: Db, opts: DemoHistoryOptions = {}): Promise<DemoHistoryResult> {
  const count = opts.cases ?? DEFAULT_DEMO_CASES;
  const seed = opts.seed ?? 20_261_127;
  const now = (opts.now ?? new Date()).getTime();
  const days = opts.days ?? 365;
  const world = await loadWorld(db);
  const calendar = await loadWorkingCalendar(db);
  const random = seededRandom(seed);

  // Stories in intake order, so a merged duplicate always points at an earlier, still open case.
  const starts = Array.from({ length: count }, () => intakeTime(random, now, days)).sort((a, b) => a - b);
  const recent = new Map<string, RecentCase>();
  const generated = starts.map((t0, index) => {
    const g = generateCase(world, random, calendar, { t0, now, index, seed, recent });
    if (g.row.status !== "merged" && g.row.status !== "rejected") {
      const replied = g.events.find((e) => e.action === "reply")?.at;
      recent.set(g.row.regionPath.split(".")[3] ?? "", {
        id: g.row.id ?? "",
        openUntil: replied?.getTime() ?? Infinity,
      });
    }
    return g;
  });

  return db.transaction(async (tx) => {
    const seq = await tx.execute(
      sql`select nextval('case_number_seq')::text as n from generate_series(1, ${count}::int)`,
    );
    const values = (seq as unknown as { rows: { n: string }[] }).rows
      .map((r) => BigInt(r.n))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    generated.forEach((g, i) => {
      const n = values[i] ?? BigInt(i);
      g.row.number = `${chinaDatePrefix(new Date(starts[i] ?? now))}${(n % 1_000_000n).toString().padStart(6, "0")}`;
    });
    const result: DemoHistoryResult = { cases: generated.length, events: 0, whistles: 0, extensions: 0 };
    for (let i = 0; i < generated.length; i += CHUNK) {
      const slice = generated.slice(i, i + CHUNK);
      await bulkInsert(
        tx,
        cases,
        slice.map((g) => g.row),
      );
      const events = slice.flatMap((g) => g.events);
      await bulkInsert(tx, workflowEvents, events);
      const whistleRows = slice.flatMap((g) => g.whistles);
      await bulkInsert(tx, caseWhistles, whistleRows);
      const extensionRows = slice.flatMap((g) => g.extensions);
      await bulkInsert(tx, caseExtensions, extensionRows);
      result.events += events.length;
      result.whistles += whistleRows.length;
      result.extensions += extensionRows.length;
    }
    return result;
  });
}
