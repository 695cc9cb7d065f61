/**
 * Days and moments a client sends: ISO strings within the years 1900–2999. Zod's ISO checks take
 * year 0000, which PostgreSQL refuses (a 500 where a 400 is due), and years no record of this
 * platform can hold are a client's mistake, not data.
 */
import { z } from "zod";

const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;
export const inYears = (v: string): boolean => {
  const year = Number(v.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};
const YEARS = `in the years ${FIRST_YEAR} to ${LAST_YEAR}`;

/** A day as YYYY-MM-DD. */
export const isoDay = (error = "must be a date YYYY-MM-DD") =>
  z.iso.date({ error }).refine(inYears, `must be a day ${YEARS}`);

/** A moment with its offset, e.g. 2026-11-27T08:00:00+08:00. */
export const isoMoment = (error = "must be an ISO date-time, e.g. 2026-11-27T08:00:00+08:00") =>
  z.iso.datetime({ offset: true, error }).refine(inYears, `must be a time ${YEARS}`);

/** How far a device's clock may run ahead of the server's before its "today" is still the future. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** A moment typed by hand ("the session was at 10:00", written at 9:50) may be a little ahead. */
const MOMENT_SLACK_MS = 60 * 60_000;

/** Today in China (UTC+8), with a few minutes of slack for a device clock a little ahead. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + CLOCK_SLACK_MS).toISOString().slice(0, 10);
}

/** A day on which something already happened (a follow-up made, a referral sent): not after today. */
export const pastDay = (error?: string) =>
  isoDay(error).refine((v) => v <= chinaToday(), "must not be after today: record it once it happened");

/** A moment at which something already happened (a session held): not more than an hour ahead. */
export const pastMoment = (error?: string) =>
  isoMoment(error).refine(
    (v) => Date.parse(v) <= Date.now() + MOMENT_SLACK_MS,
    "must not be in the future: record it once it happened",
  );
