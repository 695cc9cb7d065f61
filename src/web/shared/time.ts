/**
 * Times as the console shows them, in one format for both languages: China time,
 * `YYYY-MM-DD HH:mm` (the form of the centre's documents and exports; unambiguous in English,
 * where 06/12 would be read two ways).
 */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/*
 * Date pickers in China time. antd's pickers (dayjs) work in the browser's zone; the centre works
 * in China time whatever the machine says. The pickers are therefore given China's wall clock as
 * a plain local value (`dayjs(chinaWallClock(iso))`), and what a person picks is read back as a
 * China day or China wall clock (`dayStartInChina(d.format("YYYY-MM-DD"))`), so a laptop set to
 * another zone picks the same days and hours as one in Beijing.
 */
const CHINA_MS = 8 * 3_600_000;

/** The day (YYYY-MM-DD) in China of an instant (now by default). */
export function chinaDay(iso?: string | number | Date): string {
  const at = iso === undefined ? Date.now() : new Date(iso).getTime();
  return new Date(at + CHINA_MS).toISOString().slice(0, 10);
}

/** China's wall clock (YYYY-MM-DDTHH:mm:ss, no zone) at an instant (now by default): for a picker. */
export function chinaWallClock(iso?: string | number | Date): string {
  const at = iso === undefined ? Date.now() : new Date(iso).getTime();
  return new Date(at + CHINA_MS).toISOString().slice(0, 19);
}

/** The instant (ISO) a day (YYYY-MM-DD) begins in China. */
export function dayStartInChina(day: string): string {
  return new Date(`${day.slice(0, 10)}T00:00:00+08:00`).toISOString();
}

/** The instant (ISO) the day after `day` begins in China: the end of `day`, exclusive. */
export function dayEndInChina(day: string): string {
  return new Date(new Date(dayStartInChina(day)).getTime() + 24 * 3_600_000).toISOString();
}

/** The instant (ISO) of a China wall-clock time as a picker gives it (YYYY-MM-DDTHH:mm[:ss]). */
export function wallClockInChina(wall: string): string {
  const [date = "", time = "00:00:00"] = wall.split(/[T ]/);
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`).toISOString();
}
