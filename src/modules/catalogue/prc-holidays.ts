import type { Holiday } from "./schemas.js";

/** Every date from `from` to `to` (inclusive, YYYY-MM-DD) as a holiday named `name`. */
function period(from: string, to: string, name: string): Holiday[] {
  const days: Holiday[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push({ date: new Date(t).toISOString().slice(0, 10), kind: "holiday", name });
  }
  return days;
}

function workday(date: string, name: string): Holiday {
  return { date, kind: "workday", name: `${name}调休上班` };
}

/**
 * The PRC public holidays of 2026 with their adjusted working weekends, from 国务院办公厅关于
 * 2026年部分节假日安排的通知 (State Council General Office, 4 November 2025). The State Council
 * announces each year's arrangement in the autumn before: CHECK THESE DATES AGAINST THAT NOTICE
 * EVERY YEAR and enter the next year's through PUT /api/v1/holidays?year=. Whole periods are
 * listed (weekend days included) so the list reads like the notice.
 */
export const PRC_HOLIDAYS_2026: readonly Holiday[] = [
  ...period("2026-01-01", "2026-01-03", "元旦"),
  workday("2026-01-04", "元旦"),
  workday("2026-02-14", "春节"),
  ...period("2026-02-15", "2026-02-23", "春节"),
  workday("2026-02-28", "春节"),
  ...period("2026-04-04", "2026-04-06", "清明节"),
  ...period("2026-05-01", "2026-05-05", "劳动节"),
  workday("2026-05-09", "劳动节"),
  ...period("2026-06-19", "2026-06-21", "端午节"),
  workday("2026-09-20", "国庆节"),
  ...period("2026-09-25", "2026-09-27", "中秋节"),
  ...period("2026-10-01", "2026-10-07", "国庆节"),
  workday("2026-10-10", "国庆节"),
];
