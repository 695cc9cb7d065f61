/**
 * Numbers a person can read out on the phone, for every workflow's subjects (case numbers,
 * dispute numbers, …): the day in China time (YYMMDD) and six digits from the workflow's own
 * sequence, e.g. 261127000042. The sequence never waits on a lock; it runs across days, so a
 * day's numbers are not consecutive, but two subjects of one day share a number only after a
 * million that day.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";

/** China Standard Time, UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** YYMMDD of `at` in China time. */
export function chinaDatePrefix(at: Date): string {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
}

/** The number for a subject created at `at`, drawing the next value of `sequence` (a fixed name, never input). */
export async function allocateSubjectNumber(tx: Tx, sequence: string, at: Date): Promise<string> {
  if (!/^[a-z_]+$/.test(sequence)) throw new Error(`not a sequence name: ${sequence}`);
  const result = await tx.execute(sql`select nextval(${sequence})::text as n`);
  // Both drivers (PGlite and node-postgres) answer with `{ rows }`.
  const value = (result as unknown as { rows: { n: string }[] }).rows[0]?.n;
  if (value === undefined) throw new Error(`${sequence} returned nothing`);
  return `${chinaDatePrefix(at)}${(BigInt(value) % 1_000_000n).toString().padStart(6, "0")}`;
}

/** True when `value` has the shape of a subject number (12 digits). */
export function isSubjectNumber(value: string): boolean {
  return /^\d{12}$/.test(value);
}
