import { and, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "../../../db/client.js";
import { cases, organisations, type OrganisationKind } from "../../../db/schema.js";
// One ladder for manual and automatic escalation, one list of centres for both.
import { CENTRES, ESCALATION_KINDS } from "../../../core/units/units.js";

/** Who hears about a case's deadline: the unit that holds it, and the centre that supervises it. */
export interface CaseUnits {
  unitId: string | null;
  supervisorId: string | null;
}

/**
 * The escalation ladder (grid → village committee → township centre → county centre). A
 * department sits beside the township centres: it escalates to its county's centre.
 */
const RANK: Record<OrganisationKind, number> = {
  grid_post: 0,
  village_committee: 1,
  township_centre: 2,
  department: 2,
  county_centre: 3,
  city_centre: 4,
};

/** The rank of an organisation-kind column, as SQL. */
function rankOf(kind: AnyPgColumn): SQL<number> {
  const whens = Object.entries(RANK).map(([k, r]) => sql`when ${k} then ${sql.raw(String(r))}`);
  return sql<number>`(case ${kind} ${sql.join(whens, sql` `)} end)`;
}

const candidate = alias(organisations, "escalation_target");
/** `from` clause of the candidate alias (a raw subquery renders an alias by its name only). */
const candidateFrom = sql`${organisations} ${sql.identifier("escalation_target")}`;

/**
 * SQL: the id of the next unit up the ladder from the organisation in `unit`: the lowest-ranked
 * unit of a higher rank whose region contains the unit's region. Null at the top, or where the
 * tree has no such unit. Use it in a query with a join: drizzle qualifies column names in the
 * select list only there, and an unqualified name would resolve inside this subquery.
 */
export function escalationTargetOf(unit: { kind: AnyPgColumn; regionPath: AnyPgColumn }): SQL<string | null> {
  return sql<string | null>`(select ${candidate.id} from ${candidateFrom}
    where ${inArray(candidate.kind, ESCALATION_KINDS)}
      and ${candidate.regionPath} @> ${unit.regionPath}
      and ${rankOf(candidate.kind)} > ${rankOf(unit.kind)}
    order by ${rankOf(candidate.kind)}, nlevel(${candidate.regionPath}) desc
    limit 1)`;
}

const centre = alias(organisations, "centre");

/** The deepest of several (key, centre, depth) rows, per key. */
function deepestPerKey(rows: { key: string; centreId: string; depth: number }[]): Map<string, string> {
  const best = new Map<string, { centreId: string; depth: number }>();
  for (const r of rows) {
    const seen = best.get(r.key);
    if (!seen || r.depth > seen.depth) best.set(r.key, r);
  }
  return new Map([...best].map(([k, v]) => [k, v.centreId]));
}

/**
 * For each case: its unit (the assigned one, else the lowest centre over its region, whose
 * triage queue holds it) and the supervising centre, the lowest centre strictly above that unit
 * (a grid post's or committee's township centre, a township centre's or a county department's
 * county centre).
 */
export async function findCaseUnits(tx: Tx, caseIds: readonly string[]): Promise<Map<string, CaseUnits>> {
  const result = new Map<string, CaseUnits>();
  if (caseIds.length === 0) return result;
  const depth = sql<number>`nlevel(${centre.regionPath})`;
  const rows = await tx
    .select({ id: cases.id, assignedOrgId: cases.assignedOrgId, centreId: centre.id, depth })
    .from(cases)
    .leftJoin(
      centre,
      and(
        isNull(cases.assignedOrgId),
        inArray(centre.kind, CENTRES),
        sql`${centre.regionPath} @> ${cases.regionPath}`,
      ),
    )
    .where(inArray(cases.id, [...caseIds]));
  const queueOf = deepestPerKey(
    rows.flatMap((r) => (r.centreId ? [{ key: r.id, centreId: r.centreId, depth: r.depth }] : [])),
  );
  const unitOf = new Map(rows.map((r) => [r.id, r.assignedOrgId ?? queueOf.get(r.id) ?? null]));
  const unitIds = [...new Set([...unitOf.values()].filter((id): id is string => id !== null))];
  const above =
    unitIds.length === 0
      ? []
      : await tx
          .select({ key: organisations.id, centreId: centre.id, depth })
          .from(organisations)
          .innerJoin(
            centre,
            and(
              inArray(centre.kind, CENTRES),
              sql`${centre.regionPath} @> ${organisations.regionPath}`,
              ne(centre.id, organisations.id),
              or(
                eq(organisations.kind, "department"),
                sql`nlevel(${centre.regionPath}) < nlevel(${organisations.regionPath})`,
              ),
            ),
          )
          .where(inArray(organisations.id, unitIds));
  const supervisorOf = deepestPerKey(above);
  for (const [caseId, unitId] of unitOf) {
    result.set(caseId, { unitId, supervisorId: unitId ? (supervisorOf.get(unitId) ?? null) : null });
  }
  return result;
}
