/** The rates module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ltree } from "../../db/columns.js";

export const RATE_ROLLUP_GRAINS = ["day", "month"] as const;
export const RATE_ROLLUP_DIMS = ["all", "department", "category"] as const;

/**
 * The columns of a roll-up row, shared by `rate_rollups` and `rate_rollup_deltas` (same columns,
 * same order: the trigger functions build rows of this type positionally).
 */
const rollupColumns = () => ({
  grain: text("grain", { enum: RATE_ROLLUP_GRAINS }).notNull(),
  period: date("period", { mode: "string" }).notNull(),
  dim: text("dim", { enum: RATE_ROLLUP_DIMS }).notNull(),
  /** The department id or category code; '' for `all` and for cases without a category. */
  dimKey: text("dim_key").notNull(),
  regionPath: ltree("region_path").notNull(),
  received: integer("received").notNull().default(0),
  closed: integer("closed").notNull().default(0),
  /** Response due and already responded (the rest of "due" is `response_pending` past now). */
  responseDue: integer("response_due").notNull().default(0),
  responsePending: integer("response_pending").notNull().default(0),
  respondedInTime: integer("responded_in_time").notNull().default(0),
  evaluated: integer("evaluated").notNull().default(0),
  resolved: integer("resolved").notNull().default(0),
  satisfied: integer("satisfied").notNull().default(0),
  basicallySatisfied: integer("basically_satisfied").notNull().default(0),
  replied: integer("replied").notNull().default(0),
  repliedWithDeadline: integer("replied_with_deadline").notNull().default(0),
  onTime: integer("on_time").notNull().default(0),
  gridVillage: integer("grid_village").notNull().default(0),
  /** Replied after the handling deadline (the rest of "overdue" is `overdue_pending` past now). */
  overdue: integer("overdue").notNull().default(0),
  overduePending: integer("overdue_pending").notNull().default(0),
});

/**
 * The counts behind the three rates, summed per intake day or month (China time), township
 * (the case's region path cut to city.county.township) and dimension: `all` cases, per
 * `department` (assigned or leading; a case counts once per department) and per `category`
 * (month grain only). Kept in the same transaction as every change of `cases` by statement
 * triggers that subtract the old rows' contribution and add the new rows' (migration
 * 0003_rate_rollups); merged duplicates contribute nothing. Columns `*_pending` hold the cases
 * whose count depends on the time of asking (a deadline not yet passed): the reader subtracts
 * the few whose deadline is still ahead (see src/modules/rates/rollup-rates.ts).
 * Column order matters: the trigger functions build rows of this type positionally.
 */
export const rateRollups = pgTable("rate_rollups", rollupColumns(), (t) => [
  primaryKey({ columns: [t.grain, t.dim, t.dimKey, t.period, t.regionPath] }),
]);

/**
 * Contributions to `rate_rollups` not folded in yet, row for row of the same type (same columns,
 * same order), any number of rows per key. The triggers write here instead of waiting when
 * another transaction holds the roll-up row (`rate_rollups_add`, migration 0024_rollup_deltas);
 * the app folds them into `rate_rollups` every few seconds in one transaction
 * (`rate_rollup_deltas_fold()`); the readers sum both (src/modules/rates/rollup-rates.ts).
 */
export const rateRollupDeltas = pgTable("rate_rollup_deltas", rollupColumns(), (t) => [
  index("rate_rollup_deltas_key_idx").on(t.grain, t.dim, t.dimKey, t.period, t.regionPath),
]);
