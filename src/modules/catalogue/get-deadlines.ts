import type { Db } from "../../db/client.js";
import type { DeadlineKind } from "../../db/schema.js";
import { loadWorkingCalendar } from "./load-working-calendar.js";
import { addBusinessDuration, type WorkingCalendar } from "./working-calendar.js";

/** The part of a category that decides its deadlines. */
export interface DeadlineRule {
  responseHours: number;
  handleHours: number;
  deadlineKind: DeadlineKind;
}

/** When a case of a category must be responded to (contact the resident) and handled. */
export interface Deadlines {
  responseDueAt: Date;
  handleDueAt: Date;
}

/** Both deadlines run from the same start (the intake), each in the category's kind of hours. */
function computeDeadlines(calendar: WorkingCalendar, rule: DeadlineRule, start: Date): Deadlines {
  return {
    responseDueAt: addBusinessDuration(start, rule.responseHours, rule.deadlineKind, calendar),
    handleDueAt: addBusinessDuration(start, rule.handleHours, rule.deadlineKind, calendar),
  };
}

/**
 * The deadlines of a case of `category` received at `start`. Given a calendar the answer is
 * immediate (for loops over many cases); given the database it loads the cached calendar first.
 */
export function getDeadlines(calendar: WorkingCalendar, category: DeadlineRule, start: Date): Deadlines;
export function getDeadlines(db: Db, category: DeadlineRule, start: Date): Promise<Deadlines>;
export function getDeadlines(
  source: Db | WorkingCalendar,
  category: DeadlineRule,
  start: Date,
): Deadlines | Promise<Deadlines> {
  if ("utcOffsetMinutes" in source) return computeDeadlines(source, category, start);
  return loadWorkingCalendar(source).then((calendar) => computeDeadlines(calendar, category, start));
}
