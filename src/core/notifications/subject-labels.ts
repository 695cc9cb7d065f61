/**
 * How people see a workflow's subject named (a case by its number): each workflow registers a
 * labeller in its manifest (`labels`), and readers such as the notification inbox name the
 * subjects of many rows at once through it, without knowing the subject's table.
 */
import { inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";

/**
 * How a subject is named: its name (Chinese, as the data is written) and, where the data has one
 * (a category's, a dispute type's English name) or the label is made of words, its English name;
 * null when the name is data in one language only (a place, a unit, a person), which an English
 * reader reads as written.
 */
export interface SubjectLabel {
  name: string;
  nameEn: string | null;
}

/** The labels of the subjects with these ids (an id without a subject is left out). */
export type SubjectLabeller = (db: Db, ids: readonly string[]) => Promise<Map<string, SubjectLabel>>;

/** A label whose name is the same in both languages (a case's number). */
export const sameInBoth = (name: string): SubjectLabel => ({ name, nameEn: null });

const labellers = new Map<string, SubjectLabeller>();

/** Puts the workflows' labellers in force (replacing any before), one per subject type. */
export function installSubjectLabels(
  entries: readonly { subjectType: string; labels: SubjectLabeller }[],
): void {
  labellers.clear();
  for (const { subjectType, labels } of entries) labellers.set(subjectType, labels);
}

/** The key of a subject in `subjectLabels`' answer. */
export const subjectKey = (subjectType: string, subjectId: string) => `${subjectType}:${subjectId}`;

/** The labels of these subjects, keyed by `subjectKey`; a type without a labeller has none. */
export async function subjectLabels(
  db: Db,
  subjects: readonly { subjectType: string | null; subjectId: string | null }[],
): Promise<Map<string, SubjectLabel>> {
  const idsByType = new Map<string, Set<string>>();
  for (const { subjectType, subjectId } of subjects) {
    if (subjectType === null || subjectId === null || !labellers.has(subjectType)) continue;
    const ids = idsByType.get(subjectType) ?? new Set<string>();
    ids.add(subjectId);
    idsByType.set(subjectType, ids);
  }
  const out = new Map<string, SubjectLabel>();
  for (const [subjectType, ids] of idsByType) {
    const labels = await (labellers.get(subjectType) as SubjectLabeller)(db, [...ids]);
    for (const [id, label] of labels) out.set(subjectKey(subjectType, id), label);
  }
  return out;
}

/**
 * A labeller reading one label column (or expression) of a table by its key column, and the
 * English one where the table has it.
 */
export function columnLabeller(
  table: PgTable,
  key: AnyPgColumn,
  label: AnyPgColumn | SQL<string>,
  labelEn?: AnyPgColumn | SQL<string>,
): SubjectLabeller {
  return async (db, ids) => {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ key: key, label: label, labelEn: labelEn ?? sql<null>`null` })
      .from(table)
      .where(inArray(key, [...ids]));
    return new Map(
      rows.map((r) => [
        String(r.key),
        { name: String(r.label), nameEn: r.labelEn === null ? null : String(r.labelEn) },
      ]),
    );
  };
}
