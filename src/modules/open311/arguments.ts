/**
 * Reading GeoReport v2 arguments as the spec defines them: an empty argument is the same as an
 * absent one, lists are comma-delimited, date-times are W3C (ISO 8601 with a time zone).
 */
import { Open311Error } from "./respond.js";

type Arg = string | readonly string[] | undefined;

/** A single-valued argument, trimmed; empty → undefined; given twice → 400. */
export function single(arg: Arg, name: string): string | undefined {
  if (Array.isArray(arg)) {
    // A JSON body may hold anything in a list; the spec's arguments are text.
    if (!arg.every((v: unknown) => typeof v === "string"))
      throw new Open311Error(400, `${name} must be text.`);
    const values = arg.map((v: string) => v.trim()).filter((v: string) => v !== "");
    if (new Set(values).size > 1) throw new Open311Error(400, `${name} was given more than once.`);
    return values[0];
  }
  const value = (arg as string | undefined)?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** A list argument: comma-delimited, or the name repeated; empty items dropped; none → undefined. */
export function list(arg: Arg): string[] | undefined {
  if (arg === undefined) return undefined;
  const raw = typeof arg === "string" ? [arg] : arg;
  const items = raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  return items.length === 0 ? undefined : [...new Set(items)];
}

/**
 * W3C date-time (www.w3.org/TR/NOTE-datetime): a date, or a date and time with Z or ±hh:mm.
 * A bare date is midnight UTC. The spec requires the zone on a time, so `2010-01-01T00:00:00`
 * is refused rather than guessed.
 */
const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Parses a W3C date-time argument or answers 400 naming the argument and the format. */
export function w3cDate(value: string, name: string): Date {
  // A "+" left unencoded in a query string arrives as a space: "…T08:00:00 08:00".
  const text = value.replace(/ (\d{2}:\d{2})$/, "+$1");
  const m = W3C.exec(text);
  const at = m ? new Date(m[4] === undefined ? `${text}T00:00:00Z` : text) : null;
  if (!m || !at || Number.isNaN(at.getTime()) || !sameCalendarDate(m, text)) {
    throw new Open311Error(
      400,
      `${name} must be a W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z (got ${JSON.stringify(value)}).`,
    );
  }
  return at;
}

/** Date accepts "2010-02-31" by rolling over; the W3C note does not. */
function sameCalendarDate(m: RegExpExecArray, text: string): boolean {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const valid =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  const [hh, mm, ss] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  return valid && hh < 24 && mm < 60 && ss < 60 && text.length > 0;
}

/** The spec's longest span of one GET requests query, and its default window. */
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The requested_datetime window of GET requests: both ends as given (at most 90 days apart),
 * one end given → 90 days from or to it, neither → the most recent 90 days (no upper bound, so
 * a request made a moment ago shows whatever the database clock says).
 */
export function requestWindow(
  startArg: string | undefined,
  endArg: string | undefined,
  now: Date,
): { start: Date; end?: Date } {
  const start = startArg === undefined ? undefined : w3cDate(startArg, "start_date");
  const end = endArg === undefined ? undefined : w3cDate(endArg, "end_date");
  const span = MAX_SPAN_DAYS * DAY_MS;
  if (start && end) {
    if (end < start) throw new Open311Error(400, "end_date is before start_date.");
    if (end.getTime() - start.getTime() > span) {
      throw new Open311Error(400, `start_date and end_date may not span more than ${MAX_SPAN_DAYS} days.`);
    }
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  return { start: new Date(now.getTime() - span) };
}
