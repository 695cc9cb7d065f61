/**
 * How people see a workflow's subject named (a case by its number): each workflow registers a
 * labeller in its manifest (`labels`), and readers such as the notification inbox name the
 * subjects of many rows at once through it, without knowing the subject's table.
 */
import { inArray, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";

/** The labels of the subjects with these ids (an id without a subject is left out). */
export type SubjectLabeller = (db: Db, ids: readonly string[]) => Promise<Map<string, string>>;

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
): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<string>>();
  for (const { subjectType, subjectId } of subjects) {
    if (subjectType === null || subjectId === null || !labellers.has(subjectType)) continue;
    const ids = idsByType.get(subjectType) ?? new Set<string>();
    ids.add(subjectId);
    idsByType.set(subjectType, ids);
  }
  const out = new Map<string, string>();
  for (const [subjectType, ids] of idsByType) {
    const labels = await (labellers.get(subjectType) as SubjectLabeller)(db, [...ids]);
    for (const [id, label] of labels) out.set(subjectKey(subjectType, id), label);
  }
  return out;
}

/** A labeller reading one label column (or expression) of a table by its key column. */
export function columnLabeller(
  table: PgTable,
  key: AnyPgColumn,
  label: AnyPgColumn | SQL<string>,
): SubjectLabeller {
  return async (db, ids) => {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ key: key, label: label })
      .from(table)
      .where(inArray(key, [...ids]));
    return new Map(rows.map((r) => [String(r.key), String(r.label)]));
  };
}
