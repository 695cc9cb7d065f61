/**
 * The three rates (三率) and their companions as ONE set of SQL predicates over `cases`. The
 * aggregate (`count(*) filter (where …)`), the breakdown and the drill-down list (`where …`) all
 * take their conditions from `figurePredicates`, so a figure and the list of cases behind it can
 * never drift apart. Definitions follow DESIGN.md "The three rates" word for word.
 *
 * Every predicate is evaluated inside the rate scope (./rate-scope.ts), which already keeps only
 * the counted cases: in the caller's visibility, in the region subtree or department asked for,
 * created inside the period, and not merged into another case (a merged duplicate lives on in
 * the case it was merged into, so counting both would count one appeal twice).
 */
import { and, sql, type SQL } from "drizzle-orm";
import { cases } from "../../db/schema.js";

/** The figures that count cases (each drills down to a list); the composite is derived. */
export const CASE_FIGURES = [
  "responseRate",
  "resolutionRate",
  "satisfactionRate",
  "onTimeRate",
  "gridVillageShare",
  "overdue",
  "received",
  "closed",
] as const;
export type CaseFigure = (typeof CASE_FIGURES)[number];

/**
 * The counts every figure is assembled from: each one's numerator and denominator, and the two
 * satisfaction parts. Both the plain aggregate and the roll-ups produce them.
 */
export type CountKey = `${CaseFigure}_n` | `${CaseFigure}_d` | "satisfied" | "basicallySatisfied";
export type Counts = Record<CountKey, number>;

export const FIGURE_PARTS = ["numerator", "denominator"] as const;
export type FigurePart = (typeof FIGURE_PARTS)[number];

export interface FigurePredicate {
  numerator: SQL;
  /** null for counts. */
  denominator: SQL | null;
}

/** The predicates of every figure, and the two satisfaction parts its value weighs. */
export interface FigurePredicates {
  figures: Record<CaseFigure, FigurePredicate>;
  satisfied: SQL;
  basicallySatisfied: SQL;
}

/** States in which the handling itself is still to be done (a reply is awaited). */
const AWAITING_REPLY = sql`${cases.status} in ('triage', 'dispatched', 'handling', 'supervisor_review')`;

/**
 * The predicates, with `now` fixed by the caller (one instant per request, passed as a parameter
 * rather than SQL `now()`, so a figure and its list computed a moment apart agree).
 */
export function figurePredicates(now: Date): FigurePredicates {
  const at = sql`${now.toISOString()}::timestamptz`;

  // Response: a rejected case was never accepted for handling, so it owes no response.
  const responseDue = sql`(${cases.status} <> 'rejected' and ${cases.responseDueAt} is not null
    and (${cases.respondedAt} is not null or ${cases.responseDueAt} <= ${at}))`;
  const respondedInTime = sql`(${cases.respondedAt} is not null and ${cases.respondedAt} <= ${cases.responseDueAt})`;

  // Evaluation: the resident's latest evaluation (after a reopen, the one that followed it).
  const evaluated = sql`(${cases.evaluatedAt} is not null)`;
  const satisfied = sql`(${evaluated} and ${cases.satisfaction} = 'satisfied')`;
  const basicallySatisfied = sql`(${evaluated} and ${cases.satisfaction} = 'basically_satisfied')`;

  const replied = sql`(${cases.repliedAt} is not null)`;
  const repliedWithDeadline = sql`(${replied} and ${cases.handleDueAt} is not null)`;

  // Overdue: still awaiting a reply past the handling deadline now, or replied after it.
  const overdue = sql`(${cases.handleDueAt} is not null and (
      (${AWAITING_REPLY} and ${cases.handleDueAt} < ${at})
      or (${cases.repliedAt} is not null and ${cases.repliedAt} > ${cases.handleDueAt})))`;

  const always = sql`true`;
  const figures: Record<CaseFigure, FigurePredicate> = {
    responseRate: { numerator: and(responseDue, respondedInTime) ?? always, denominator: responseDue },
    resolutionRate: { numerator: sql`(${evaluated} and ${cases.resolved} = true)`, denominator: evaluated },
    // The list behind the numerator holds both parts; the value weighs "basically" by w.
    satisfactionRate: {
      numerator: sql`(${evaluated} and ${cases.satisfaction} in ('satisfied', 'basically_satisfied'))`,
      denominator: evaluated,
    },
    onTimeRate: {
      numerator: sql`(${repliedWithDeadline} and ${cases.repliedAt} <= ${cases.handleDueAt})`,
      denominator: repliedWithDeadline,
    },
    gridVillageShare: {
      numerator: sql`(${replied} and ${cases.solvedLevel} in ('grid', 'village'))`,
      denominator: replied,
    },
    overdue: { numerator: overdue, denominator: null },
    received: { numerator: always, denominator: null },
    closed: { numerator: sql`(${cases.status} = 'closed')`, denominator: null },
  };
  return { figures, satisfied, basicallySatisfied };
}

/**
 * The cases whose count in a figure depends on the instant of asking and that the rate roll-ups
 * therefore count as "pending" (see rate_rollups in the schema): those whose deadline is still
 * ahead of `now`. A roll-up answer subtracts them. They are few — deadlines run hours or days
 * after intake — and partial indexes find them.
 */
export function notYetDuePredicates(now: Date): { response: SQL; handle: SQL } {
  const at = sql`${now.toISOString()}::timestamptz`;
  return {
    // Would be in responseRate's denominator once the response deadline passed.
    response: sql`(${cases.status} <> 'rejected' and ${cases.respondedAt} is null
      and ${cases.responseDueAt} is not null and ${cases.responseDueAt} > ${at})`,
    // Would be overdue once the handling deadline passed (and is not overdue for a late reply).
    handle: sql`(${AWAITING_REPLY} and ${cases.handleDueAt} is not null and ${cases.handleDueAt} >= ${at}
      and (${cases.repliedAt} is null or ${cases.repliedAt} <= ${cases.handleDueAt}))`,
  };
}

interface Text {
  "zh-CN": string;
  en: string;
}

/** What a figure means, in words, for the page that shows it. */
export interface FigureDefinition {
  name: Text;
  definition: Text;
}

/** The human-readable definitions: the API returns them beside the figures. */
export const FIGURE_DEFINITIONS: Record<CaseFigure | "composite" | "scope", FigureDefinition> = {
  scope: {
    name: { "zh-CN": "统计范围", en: "What is counted" },
    definition: {
      "zh-CN":
        "统计所选区域（含下级）或部门（承办或首接负责）在所选期间内受理的诉求（按受理时间、中国时间自然日计，起止日均含），仅限您有权查看的诉求；已合并到其他诉求的重复件不计。",
      en: "Appeals received (by intake time, China-time calendar days, both end days included) in the chosen region subtree or department (assigned to it or led by it), among the cases you may see; duplicates merged into another case are not counted.",
    },
  },
  responseRate: {
    name: { "zh-CN": "响应率", en: "Response rate" },
    definition: {
      "zh-CN": "在响应时限内响应的诉求数 ÷ 响应已到期的诉求数（响应时限已过或已响应；不含不予受理件）。",
      en: "Cases responded to within their response deadline ÷ cases whose response was due (deadline passed, or responded; rejected cases excluded).",
    },
  },
  resolutionRate: {
    name: { "zh-CN": "解决率", en: "Resolution rate" },
    definition: {
      "zh-CN": "群众评价为已解决的诉求数 ÷ 已评价的诉求数（以最近一次评价为准）。",
      en: "Cases the resident confirmed resolved ÷ cases evaluated (the latest evaluation counts).",
    },
  },
  satisfactionRate: {
    name: { "zh-CN": "满意率", en: "Satisfaction rate" },
    definition: {
      "zh-CN": "（满意数 + w × 基本满意数）÷ 已评价的诉求数，w 可配置（默认 1.0）。",
      en: "(satisfied + w × basically satisfied) ÷ cases evaluated, w configurable (default 1.0).",
    },
  },
  composite: {
    name: { "zh-CN": "综合得分", en: "Composite score" },
    definition: {
      "zh-CN":
        "响应率、解决率、满意率的加权和，权重可配置（默认 10% / 50% / 40%）；任一有权重的率无数据时为空。",
      en: "Weighted sum of the response, resolution and satisfaction rates, weights configurable (default 10% / 50% / 40%); empty when a weighted rate has no data.",
    },
  },
  onTimeRate: {
    name: { "zh-CN": "按期办结率", en: "On-time completion rate" },
    definition: {
      "zh-CN": "在办理时限（含批准的延期）内答复的诉求数 ÷ 已答复的诉求数。",
      en: "Cases replied by their handling deadline (including approved extensions) ÷ cases replied.",
    },
  },
  gridVillageShare: {
    name: { "zh-CN": "网格和村级化解占比", en: "Share solved at grid or village level" },
    definition: {
      "zh-CN": "由网格或村（社区）答复的诉求数 ÷ 已答复的诉求数。",
      en: "Cases replied by a grid or a village (community) unit ÷ cases replied.",
    },
  },
  overdue: {
    name: { "zh-CN": "超期件数", en: "Overdue cases" },
    definition: {
      "zh-CN": "当前仍待答复且已超过办理时限的诉求，加上超过办理时限才答复的诉求。",
      en: "Cases still awaiting a reply past their handling deadline now, plus cases replied after it.",
    },
  },
  received: {
    name: { "zh-CN": "受理件数", en: "Appeals received" },
    definition: {
      "zh-CN": "期间内受理的诉求数（含不予受理件）。",
      en: "Appeals received in the period (rejected ones included).",
    },
  },
  closed: {
    name: { "zh-CN": "办结件数", en: "Cases closed" },
    definition: { "zh-CN": "其中当前已办结的诉求数。", en: "Of those, the cases closed now." },
  },
};
