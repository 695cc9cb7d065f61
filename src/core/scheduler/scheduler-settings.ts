import { inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { settings } from "../../db/schema.js";

/** The `settings` keys the deadline scan reads, with their defaults. */
export const SCHEDULER_SETTING_DEFAULTS = {
  /**
   * Warn when this share of a deadline's window (intake → due) has passed. A share rather than
   * a fixed lead time, because windows run from 2 hours (urgent response) to weeks: "2 hours
   * before" would warn at intake on the short ones and too late on the long ones.
   */
  deadline_warning_fraction: 0.8,
  /** Escalate one level when the handle deadline has been overdue this many hours (automatic escalation). */
  auto_escalate_after_hours: 24,
} as const;

export interface SchedulerSettings {
  warningFraction: number;
  autoEscalateAfterHours: number;
}

/**
 * Reads the scan's policy settings. A missing or unusable value (not a number, out of range)
 * falls back to the default, so a bad admin edit slows nothing down and escalates nothing early.
 */
export async function readSchedulerSettings(tx: Tx): Promise<SchedulerSettings> {
  const keys = Object.keys(SCHEDULER_SETTING_DEFAULTS);
  const rows = await tx.select().from(settings).where(inArray(settings.key, keys));
  const value = (key: string): unknown => rows.find((r) => r.key === key)?.value;
  const fraction = value("deadline_warning_fraction");
  const hours = value("auto_escalate_after_hours");
  return {
    warningFraction:
      typeof fraction === "number" && fraction > 0 && fraction < 1
        ? fraction
        : SCHEDULER_SETTING_DEFAULTS.deadline_warning_fraction,
    autoEscalateAfterHours:
      typeof hours === "number" && Number.isFinite(hours) && hours >= 0
        ? hours
        : SCHEDULER_SETTING_DEFAULTS.auto_escalate_after_hours,
  };
}
