/**
 * Key rotation: re-seals every sealed number that is not under the current data key, and writes
 * its blind index under the current index key, while the server keeps running (it reads both
 * keys meanwhile: DATA_KEY_PREVIOUS, DATA_INDEX_KEY_PREVIOUS). Rows are read in pages by id and
 * written one by one, each only if its ciphers are still those read (a number changed in
 * between was written under the current keys already); running it again does nothing more.
 */
import { and, asc, eq, gt, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import {
  blindIndex,
  keyId,
  openField,
  sealField,
  sealedUnderCurrentKey,
  type SealedField,
} from "./field-crypto.js";
import type { PersonalDataKeys } from "./keys.js";

/** One table's sealed numbers, as its module declares them. */
export interface SealedTable {
  /** What the report calls the rows ("persons"). */
  name: string;
  table: PgTable;
  id: PgColumn;
  columns: { field: SealedField; cipher: PgColumn; index: PgColumn }[];
}

export interface RotationReport {
  name: string;
  /** Rows read. */
  rows: number;
  /** Rows re-sealed or re-indexed. */
  moved: number;
  /** Rows a person changed while the rotation ran (already under the current keys). */
  changedMeanwhile: number;
  /** Rows not moved because their number is in the register twice (named by id to fix by hand). */
  duplicates: string[];
}

const PAGE = 500;

/** Re-seals `tables` under the current keys; `onPage` hears of each page done. */
export async function rotateSealedColumns(
  db: Db,
  keys: PersonalDataKeys,
  tables: readonly SealedTable[],
  onPage: (name: string, rows: number) => void = () => undefined,
): Promise<RotationReport[]> {
  const reports: RotationReport[] = [];
  for (const t of tables) {
    const report: RotationReport = { name: t.name, rows: 0, moved: 0, changedMeanwhile: 0, duplicates: [] };
    const sealedAny = or(...t.columns.map((c) => isNotNull(c.cipher)));
    let after: string | null = null;
    for (;;) {
      const page = (await db
        .select({
          id: t.id,
          ...Object.fromEntries(
            t.columns.flatMap((c, i) => [
              [`c${i}`, c.cipher],
              [`i${i}`, c.index],
            ]),
          ),
        })
        .from(t.table)
        .where(and(sealedAny, after === null ? undefined : gt(t.id, after)))
        .orderBy(asc(t.id))
        .limit(PAGE)) as Record<string, string | null>[];
      if (page.length === 0) break;
      for (const row of page) {
        const set: Record<string, string> = {};
        const unchanged: SQL[] = [];
        t.columns.forEach((c, i) => {
          const cipher = row[`c${i}`];
          if (!cipher) return;
          unchanged.push(eq(c.cipher, cipher));
          const plain = openField(keys, c.field, cipher);
          if (!sealedUnderCurrentKey(keys, cipher)) set[c.cipher.name] = sealField(keys, c.field, plain);
          const index = blindIndex(keys, c.field, plain);
          if (row[`i${i}`] !== index) set[c.index.name] = index;
        });
        if (Object.keys(set).length === 0) continue;
        try {
          const written = await db.execute(
            sql`update ${t.table} set ${sql.join(
              Object.entries(set).map(([column, value]) => sql`${sql.identifier(column)} = ${value}`),
              sql`, `,
            )} where ${and(eq(t.id, row.id as string), ...unchanged)} returning 1`,
          );
          if (rowCount(written) > 0) report.moved += 1;
          else report.changedMeanwhile += 1;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          report.duplicates.push(row.id as string);
        }
      }
      report.rows += page.length;
      after = page[page.length - 1]?.id as string;
      onPage(t.name, report.rows);
    }
    reports.push(report);
  }
  return reports;
}

/** How many rows of each table still hold a number sealed under another data key than the current one. */
export async function rowsUnderOtherKeys(
  db: Db,
  keys: PersonalDataKeys,
  tables: readonly SealedTable[],
): Promise<{ name: string; rows: number }[]> {
  const current = `v2.${keyId(keys.data)}.%`;
  const out: { name: string; rows: number }[] = [];
  for (const t of tables) {
    const other = or(
      ...t.columns.map((c) => sql`(${c.cipher} is not null and ${c.cipher} not like ${current})`),
    );
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.table)
      .where(other);
    out.push({ name: t.name, rows: row?.n ?? 0 });
  }
  return out;
}

/** Rows an `update … returning` touched, on PGlite and node-postgres alike. */
function rowCount(result: unknown): number {
  const r = result as { rows?: unknown[]; affectedRows?: number; rowCount?: number | null };
  return r.rows?.length ?? r.affectedRows ?? r.rowCount ?? 0;
}
