/**
 * The order of a ranking (#9 item 15): by the composite rate, then by cases received. A unit
 * with too few cases is not ranked on a rate — a department with 13 cases is not "first at
 * 100 %" — and is listed after the ranked ones, without a place.
 */

/** The fewest cases received that rank a unit on its rates. */
export const MIN_CASES_TO_RANK = 30;

interface Rankable {
  key: string | null;
  figures: { composite: { value: number | null }; received: { value: number | null } };
}

/** The rows in ranking order, each with its place (null: too few cases to rank). */
export function rankRows<R extends Rankable>(
  rows: readonly R[],
  min = MIN_CASES_TO_RANK,
): (R & { place: number | null })[] {
  const byRate = (a: R, b: R) =>
    (b.figures.composite.value ?? -1) - (a.figures.composite.value ?? -1) ||
    (b.figures.received.value ?? 0) - (a.figures.received.value ?? 0);
  const known = rows.filter((r) => r.key !== null);
  const ranked = known.filter((r) => (r.figures.received.value ?? 0) >= min).sort(byRate);
  const unranked = known
    .filter((r) => (r.figures.received.value ?? 0) < min)
    .sort((a, b) => (b.figures.received.value ?? 0) - (a.figures.received.value ?? 0));
  return [...ranked.map((r, i) => ({ ...r, place: i + 1 })), ...unranked.map((r) => ({ ...r, place: null }))];
}
