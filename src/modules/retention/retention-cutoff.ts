import type { RetentionSpan } from "../../config.js";

/**
 * The moment before which data kept for `span` is due to go, counted back from `now`: hours and
 * days exactly (China keeps no daylight saving time), years by the calendar (29 February goes
 * back to 28 February).
 */
export function retentionCutoff(span: RetentionSpan, now: Date): Date {
  switch (span.unit) {
    case "hours":
      return new Date(now.getTime() - span.amount * 3_600_000);
    case "days":
      return new Date(now.getTime() - span.amount * 86_400_000);
    case "years": {
      const cutoff = new Date(now);
      cutoff.setUTCFullYear(now.getUTCFullYear() - span.amount);
      // 29 Feb of a leap year minus a year rolls over to 1 Mar: keep it on 28 Feb instead.
      if (cutoff.getUTCMonth() !== now.getUTCMonth()) cutoff.setUTCDate(0);
      return cutoff;
    }
  }
}
