/**
 * The mediation rules in numbers: the 30 days to settle, the one extension, the follow-up at one
 * month, the 30 days for judicial confirmation, and the configurable repeat-party window.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { settings } from "../../db/schema.js";

export const DAY_MS = 86_400_000;
/** Settled within 30 days of acceptance. */
export const MEDIATION_DAYS = 30;
/** The one extension, at most this long (the parties' consent is recorded with it). */
export const MAX_EXTENSION_DAYS = 30;
/** The warning comes this many days before the deadline. */
export const WARNING_DAYS = 5;
/** 回访: one month after settlement by default. */
export const FOLLOW_UP_DAYS = 30;
/** Judicial confirmation: applied for within 30 days of the written agreement; reminded 5 days before. */
export const JUDICIAL_DAYS = 30;
export const JUDICIAL_REMINDER_DAYS = 5;

/** The `settings` key of the repeat-party window, in days. */
export const REPEAT_WINDOW_KEY = "mediation_repeat_window_days";
export const DEFAULT_REPEAT_WINDOW_DAYS = 180;

/** The configured repeat-party window in days; a missing or malformed value means the default. */
export async function readRepeatWindowDays(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, REPEAT_WINDOW_KEY));
  const value = row?.value;
  return typeof value === "number" && Number.isInteger(value) && value > 0
    ? value
    : DEFAULT_REPEAT_WINDOW_DAYS;
}

export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);
