/**
 * The working calendar built from the holidays table, kept per process and per database. Every
 * deadline computation needs it, so it is read once and re-read only when `holidays_version`
 * moves (checked at most every few seconds, at once after this process changed the holidays).
 */
import type { Db } from "../../db/client.js";
import type { CacheVersions } from "../../db/cache-versions.js";
import { holidays } from "../../db/schema.js";
import { readHolidaysVersion } from "./holidays-version.js";
import { createWorkingCalendar, type WorkingCalendar } from "./working-calendar.js";

/** How long a cached calendar is trusted before the version is read again. */
const VERSION_CHECK_MS = 5_000;

interface CacheSlot {
  calendar: WorkingCalendar | null;
  version: number;
  checkedAt: number;
  /** Bumped by invalidateWorkingCalendar, so a load that began before a change is not kept. */
  generation: number;
}

/** One slot per open database: tests open many in one process. */
const cache = new WeakMap<Db, CacheSlot>();

/** Reads the holidays table into a calendar with the default (CST, office hours) windows. */
export async function readWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const rows = await db.select({ date: holidays.date, kind: holidays.kind }).from(holidays);
  return createWorkingCalendar({ exceptions: rows });
}

/** The process's working calendar for `db`, current within a few seconds across app nodes. */
export async function loadWorkingCalendar(db: Db, versions?: CacheVersions): Promise<WorkingCalendar> {
  let slot = cache.get(db);
  if (!slot) {
    slot = { calendar: null, version: -1, checkedAt: 0, generation: 0 };
    cache.set(db, slot);
  }
  // With the request's cache counters: the cached calendar unless the holidays moved since.
  if (versions && slot.calendar && slot.version >= versions.holidays_version) return slot.calendar;
  if (!versions && slot.calendar && Date.now() - slot.checkedAt < VERSION_CHECK_MS) return slot.calendar;
  const generation = slot.generation;
  // Version first: a change committing in between costs one extra reload, never a stale label.
  const version = versions ? versions.holidays_version : await readHolidaysVersion(db);
  const calendar = slot.calendar && version === slot.version ? slot.calendar : await readWorkingCalendar(db);
  if (generation === slot.generation) {
    slot.calendar = calendar;
    slot.version = version;
    slot.checkedAt = Date.now();
  }
  return calendar;
}

/** Makes the next load check the version at once: call after this process changed holidays. */
export function invalidateWorkingCalendar(db: Db): void {
  const slot = cache.get(db);
  if (!slot) return;
  slot.checkedAt = 0;
  slot.generation++;
}
