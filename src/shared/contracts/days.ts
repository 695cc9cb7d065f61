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
