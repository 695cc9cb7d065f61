/**
 * Deadline arithmetic: calendar hours and working hours on a working calendar (China Standard
 * Time by default). Pure functions on UTC instants; nothing here reads the database or the clock.
 */
import type { DeadlineKind, HolidayKind } from "../../db/schema.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** One working window of a day, as minutes after local midnight: [startMinute, endMinute). */
export interface WorkingWindow {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** When people work: the daily windows, the working weekdays and the year's exceptions. */
export interface WorkingCalendar {
  /** Local time minus UTC, in minutes. China Standard Time is +480 all year (no DST). */
  readonly utcOffsetMinutes: number;
  /** Sorted, non-overlapping, non-empty. */
  readonly windows: readonly WorkingWindow[];
  /** Working days of an ordinary week, 0 = Sunday … 6 = Saturday. */
  readonly weekdays: ReadonlySet<number>;
  /** Local dates (YYYY-MM-DD) off although they fall on a working weekday. */
  readonly holidays: ReadonlySet<string>;
  /** Local dates worked although they fall on a weekend (调休上班). */
  readonly workdays: ReadonlySet<string>;
}

/** One exception to the ordinary week, as the holidays table stores it. */
export interface CalendarException {
  date: string;
  kind: HolidayKind;
}

export interface WorkingCalendarOptions {
  exceptions?: Iterable<CalendarException>;
  /** "HH:MM" pairs in local time; default 08:30–12:00 and 13:30–17:30 (the usual office hours). */
  windows?: readonly { start: string; end: string }[];
  utcOffsetMinutes?: number;
  weekdays?: readonly number[];
}

/** Government office hours in China: a morning and an afternoon window around the lunch break. */
export const DEFAULT_WORKING_WINDOWS = [
  { start: "08:30", end: "12:00" },
  { start: "13:30", end: "17:30" },
] as const;

/** UTC+8, China Standard Time. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5] as const;

function parseClock(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 24 * 60)) {
    throw new RangeError(`"${value}" is not a time of day (HH:MM, 00:00–24:00)`);
  }
  return minutes;
}

/**
 * Builds a calendar; throws RangeError on windows that are empty, reversed or overlapping, or on
 * a week with no working day (the arithmetic would never finish).
 */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const windows = (options.windows ?? DEFAULT_WORKING_WINDOWS).map((w) => ({
    startMinute: parseClock(w.start),
    endMinute: parseClock(w.end),
  }));
  if (windows.length === 0) throw new RangeError("a working calendar needs at least one window");
  windows.forEach((w, i) => {
    const previous = windows[i - 1];
    if (w.startMinute >= w.endMinute) throw new RangeError("a working window must end after it starts");
    if (previous && w.startMinute < previous.endMinute) {
      throw new RangeError("working windows must be in order and must not overlap");
    }
  });
  const weekdays = new Set(options.weekdays ?? MONDAY_TO_FRIDAY);
  if (weekdays.size === 0 || [...weekdays].some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    throw new RangeError("working weekdays are 0 (Sunday) to 6 (Saturday), at least one");
  }
  const utcOffsetMinutes = options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
    throw new RangeError("the UTC offset is a whole number of minutes within ±14 h");
  }
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const e of options.exceptions ?? []) (e.kind === "holiday" ? holidays : workdays).add(e.date);
  return { utcOffsetMinutes, windows, weekdays, holidays, workdays };
}

/** Index of the local day an instant falls on (0 = 1970-01-01 local). */
function localDay(calendar: WorkingCalendar, t: number): number {
  return Math.floor((t + calendar.utcOffsetMinutes * MINUTE) / DAY);
}

/** The local date of a day index, YYYY-MM-DD. */
function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** True when the local day is worked: an exception decides, else the ordinary week. */
function isWorkingDay(calendar: WorkingCalendar, day: number): boolean {
  const date = dateOfDay(day);
  if (calendar.holidays.has(date)) return false;
  if (calendar.workdays.has(date)) return true;
  // 1970-01-01 was a Thursday (4).
  return calendar.weekdays.has((((day + 4) % 7) + 7) % 7);
}

/** The working intervals of a local day as UTC instants [start, end); none on a day off. */
function workingIntervals(calendar: WorkingCalendar, day: number): [number, number][] {
  if (!isWorkingDay(calendar, day)) return [];
  const midnight = day * DAY - calendar.utcOffsetMinutes * MINUTE;
  return calendar.windows.map((w) => [midnight + w.startMinute * MINUTE, midnight + w.endMinute * MINUTE]);
}

/** True when the local date (YYYY-MM-DD) of `at` is a working day of the calendar. */
export function isWorkingDate(calendar: WorkingCalendar, at: Date): boolean {
  return isWorkingDay(calendar, localDay(calendar, instant(at, "at")));
}

function instant(value: Date, name: string): number {
  const t = value.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

/**
 * The instant `hours` after `start`. Calendar hours run round the clock. Working hours run only
 * inside the calendar's windows: a start outside them begins counting at the next window, and a
 * duration that ends exactly at a window's end ends there (12:00, not 13:30). Zero hours is
 * `start` itself.
 */
export function addBusinessDuration(
  start: Date,
  hours: number,
  kind: DeadlineKind,
  calendar: WorkingCalendar,
): Date {
  const from = instant(start, "start");
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError("hours must be a finite number ≥ 0");
  let remaining = Math.round(hours * HOUR);
  if (kind === "calendar" || remaining === 0) return new Date(from + remaining);
  let cursor = from;
  // Terminates: the week has a working day and the exceptions are finite.
  for (let day = localDay(calendar, from); ; day++) {
    for (const [open, close] of workingIntervals(calendar, day)) {
      if (cursor >= close) continue;
      cursor = Math.max(cursor, open);
      const available = close - cursor;
      if (remaining <= available) return new Date(cursor + remaining);
      remaining -= available;
      cursor = close;
    }
  }
}

/**
 * Working hours from `a` to `b` on the calendar: the time inside working windows between them.
 * Negative when `b` is before `a`, so "how late" reads as negative for something early.
 */
export function workingHoursBetween(a: Date, b: Date, calendar: WorkingCalendar): number {
  const from = instant(a, "a");
  const to = instant(b, "b");
  if (to < from) return -workingHoursBetween(b, a, calendar);
  let total = 0;
  for (let day = localDay(calendar, from), last = localDay(calendar, to); day <= last; day++) {
    for (const [open, close] of workingIntervals(calendar, day)) {
      const overlap = Math.min(close, to) - Math.max(open, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / HOUR;
}
