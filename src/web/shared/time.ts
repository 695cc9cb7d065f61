/**
 * Times as the console shows them, in one format for both languages: China time,
 * `YYYY-MM-DD HH:mm` (the form of the centre's documents and exports; unambiguous in English,
 * where 06/12 would be read two ways).
 */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}
