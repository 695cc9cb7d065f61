/**
 * Saved case-search filters, per user, in the browser's localStorage.
 *
 * Why not on the server: a saved filter is a view preference, not a record the centre must keep,
 * and storing it needs no table, migration or API of its own. Why it is still safe on a shared
 * computer: the key names the signed-in user, and the two filters that carry personal data or a
 * secret — the reporter's phone and the tracking code — are never saved (they are one-off
 * look-ups), so what stays in the browser is only categories, places, units, states and dates.
 */
export const SAVED_FILTER_FIELDS = [
  "q",
  "address",
  "status",
  "category",
  "region",
  "assignedOrg",
  "channel",
  "createdFrom",
  "createdTo",
  "overdue",
] as const;
export type SavedFilterField = (typeof SAVED_FILTER_FIELDS)[number];
export type FilterValues = Partial<Record<SavedFilterField, string>>;

export interface SavedFilter {
  name: string;
  filters: FilterValues;
}

/** At most this many per user: the list is a menu, not an archive. */
export const MAX_SAVED_FILTERS = 20;

export function storageKey(userId: string): string {
  return `microgov.console.caseFilters.${userId}`;
}

/** Only the saveable fields, non-empty strings (drops phone, trackingCode, page, anything else). */
export function saveableFilters(values: Record<string, unknown>): FilterValues {
  const out: FilterValues = {};
  for (const field of SAVED_FILTER_FIELDS) {
    const v = values[field];
    if (typeof v === "string" && v.trim() !== "") out[field] = v;
  }
  return out;
}

function parse(raw: string | null): SavedFilter[] {
  if (raw === null) return [];
  try {
    const data: unknown = JSON.parse(raw);
    if (!Array.isArray(data)) return [];
    return data.flatMap((e: unknown) => {
      if (typeof e !== "object" || e === null) return [];
      const { name, filters } = e as { name?: unknown; filters?: unknown };
      if (typeof name !== "string" || typeof filters !== "object" || filters === null) return [];
      return [{ name, filters: saveableFilters(filters as Record<string, unknown>) }];
    });
  } catch {
    return [];
  }
}

export function readSavedFilters(storage: Storage, userId: string): SavedFilter[] {
  return parse(storage.getItem(storageKey(userId)));
}

/** Adds (or replaces, by name) a filter; the newest first. */
export function saveFilter(storage: Storage, userId: string, entry: SavedFilter): SavedFilter[] {
  const clean = { name: entry.name.trim(), filters: saveableFilters(entry.filters) };
  const next = [clean, ...readSavedFilters(storage, userId).filter((f) => f.name !== clean.name)].slice(
    0,
    MAX_SAVED_FILTERS,
  );
  storage.setItem(storageKey(userId), JSON.stringify(next));
  return next;
}

export function deleteSavedFilter(storage: Storage, userId: string, name: string): SavedFilter[] {
  const next = readSavedFilters(storage, userId).filter((f) => f.name !== name);
  storage.setItem(storageKey(userId), JSON.stringify(next));
  return next;
}
