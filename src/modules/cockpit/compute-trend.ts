/**
 * The figures of a rate scope month by month (China time), each month computed by the rates
 * module itself (resolveRateScope + computeRates) over that month's days, so a month's bar
 * equals GET /rates asked for the same days: the rate definitions live only in ../rates.
 */
import type { Db } from "../../db/client.js";
import { BadRequestError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { cockpitFiguresOf, type CockpitFigureSet } from "../../core/modules/manifest.js";
import { chinaDate } from "../rates/index.js";
import { MODULES } from "../registry.js";
import type { RateScopeReq } from "../rates/schemas.js";
import { MAX_TREND_MONTHS, type TrendView } from "./schemas.js";

const pad = (n: number) => String(n).padStart(2, "0");

/** Last day (YYYY-MM-DD) of the month of `day`. */
function monthEnd(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

/**
 * The months from `from` to `to` (both YYYY-MM-DD, included), each clipped to the period.
 * Without `from`: the twelve months ending with the month of `to`.
 */
export function monthsOf(
  from: string | undefined,
  to: string,
): { month: string; from: string; to: string }[] {
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  let start = from;
  if (!start) {
    const first = new Date(Date.UTC(ty, tm - 1 - 11, 1));
    start = `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}-01`;
  }
  const [fy, fm] = start.split("-").map(Number) as [number, number];
  const count = (ty - fy) * 12 + (tm - fm) + 1;
  if (count > MAX_TREND_MONTHS) {
    throw new BadRequestError(
      "period_too_long",
      `A trend covers at most ${MAX_TREND_MONTHS} months; this period has ${count}.`,
      [{ field: "querystring.from", message: `at most ${MAX_TREND_MONTHS} months before to` }],
    );
  }
  const months: { month: string; from: string; to: string }[] = [];
  for (let i = 0; i < count; i++) {
    const y = fy + Math.floor((fm - 1 + i) / 12);
    const m = ((fm - 1 + i) % 12) + 1;
    const month = `${y}-${pad(m)}`;
    const first = `${month}-01`;
    const last = monthEnd(y, m);
    months.push({ month, from: first < start ? start : first, to: last > to ? to : last });
  }
  return months;
}

export async function computeTrend(
  db: Db,
  actor: Actor | null,
  req: RateScopeReq,
  now: Date,
): Promise<TrendView> {
  const sets = cockpitFiguresOf(MODULES) as CockpitFigureSet<RateScopeReq>[];
  // The whole period first: an unknown or out-of-scope region is 404 before any month is counted.
  for (const set of sets) await set.check(db, actor, req);
  const to = req.to ?? chinaDate(now);
  const months = [];
  for (const m of monthsOf(req.from, to)) {
    const scope = { ...req, from: m.from, to: m.to };
    const values = await Promise.all(sets.map((set) => set.compute(db, actor, scope, now)));
    // Each registered set adds its figures to the month's (today the rates module's three rates).
    months.push({ ...m, figures: Object.assign({}, ...values) as TrendView["months"][number]["figures"] });
  }
  return { months };
}
