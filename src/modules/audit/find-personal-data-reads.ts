/**
 * Who read personal data: the contact reveals written by cases/reveal-contact, and the reveals
 * and look-ups of persons of the register (people module), read back by the admins of the area
 * (`personal_data.audit`). A read is filed under its case or its person, so that record's scope
 * decides who sees it, exactly as for the record itself: another county's reads are not found.
 */
import { and, count, desc, eq, gte, isNotNull, lte, max, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { cases, personalDataReads, regions, users } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { caseKey, casesVisibleThrough } from "../cases/index.js";
import { persons } from "../people/index.js";
import { disputes } from "../mediation/index.js";
import { withinScopes } from "../../core/access/scope.js";
import type { CaseContactReads, ListPersonalDataReadsReq, PersonalDataReadView } from "./schemas.js";

export interface PersonalDataReadPage {
  items: PersonalDataReadView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The reads of the actor's scope, newest first, filtered and paged (401/403 without the permission). */
export async function findPersonalDataReads(
  db: Db,
  actor: Actor | null,
  filter: ListPersonalDataReadsReq,
): Promise<PersonalDataReadPage> {
  const bindings = requirePermission(actor, "personal_data.audit");
  const personScope = withinScopes(
    persons.regionPath,
    bindings.filter((b) => b.scopeDepartmentId === null),
  );
  const placeScopes = bindings.filter((b) => b.scopeDepartmentId === null);
  const scope = or(
    and(isNotNull(personalDataReads.caseId), casesVisibleThrough(bindings)),
    and(isNotNull(personalDataReads.personId), personScope),
    and(isNotNull(personalDataReads.disputeId), withinScopes(disputes.regionPath, placeScopes)),
  );
  const where = and(
    scope,
    filter.case ? caseKey(filter.case) : undefined,
    filter.phone ? eq(cases.reporterPhone, filter.phone) : undefined,
    filter.person ? eq(personalDataReads.personId, filter.person) : undefined,
    filter.reader ? eq(personalDataReads.userId, filter.reader) : undefined,
    filter.since ? gte(personalDataReads.at, new Date(filter.since)) : undefined,
    filter.until ? lte(personalDataReads.at, new Date(filter.until)) : undefined,
  );
  const [totalRow] = await db
    .select({ n: count() })
    .from(personalDataReads)
    .leftJoin(cases, eq(cases.id, personalDataReads.caseId))
    .leftJoin(persons, eq(persons.id, personalDataReads.personId))
    .leftJoin(disputes, eq(disputes.id, personalDataReads.disputeId))
    .where(where);
  const personRegion = alias(regions, "person_region");
  const disputeRegion = alias(regions, "dispute_region");
  const rows = await db
    .select({
      id: personalDataReads.id,
      at: personalDataReads.at,
      readerId: users.id,
      readerUsername: users.username,
      readerName: users.displayName,
      caseId: cases.id,
      caseNumber: cases.number,
      regionCode: cases.regionCode,
      regionName: regions.name,
      personId: persons.id,
      personName: persons.name,
      personRegionCode: persons.regionCode,
      personRegionName: personRegion.name,
      disputeId: disputes.id,
      disputeNumber: disputes.number,
      disputeRegionCode: disputes.regionCode,
      disputeRegionName: disputeRegion.name,
      fields: personalDataReads.fields,
      reason: personalDataReads.reason,
    })
    .from(personalDataReads)
    .leftJoin(cases, eq(cases.id, personalDataReads.caseId))
    .leftJoin(persons, eq(persons.id, personalDataReads.personId))
    .innerJoin(users, eq(users.id, personalDataReads.userId))
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(personRegion, eq(personRegion.code, persons.regionCode))
    .leftJoin(disputes, eq(disputes.id, personalDataReads.disputeId))
    .leftJoin(disputeRegion, eq(disputeRegion.code, disputes.regionCode))
    .where(where)
    .orderBy(desc(personalDataReads.at), desc(personalDataReads.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      reader: { id: r.readerId, username: r.readerUsername, displayName: r.readerName },
      case:
        r.caseId && r.caseNumber && r.regionCode
          ? { id: r.caseId, number: r.caseNumber, region: { code: r.regionCode, name: r.regionName ?? "" } }
          : null,
      person:
        r.personId && r.personName && r.personRegionCode
          ? {
              id: r.personId,
              name: r.personName,
              region: { code: r.personRegionCode, name: r.personRegionName ?? "" },
            }
          : null,
      dispute:
        r.disputeId && r.disputeNumber && r.disputeRegionCode
          ? {
              id: r.disputeId,
              number: r.disputeNumber,
              region: { code: r.disputeRegionCode, name: r.disputeRegionName ?? "" },
            }
          : null,
      fields: r.fields === "none" ? [] : r.fields.split(","),
      reason: r.reason,
    })),
    total: totalRow?.n ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}

/**
 * How often the contact of case `ref` was revealed, and by whom, for its page. 403 without the
 * permission anywhere, 404 for a case outside the scope the permission holds in.
 */
export async function countCaseContactReads(
  db: Db,
  actor: Actor | null,
  ref: string,
): Promise<CaseContactReads> {
  const scope: SQL = casesVisibleThrough(requirePermission(actor, "personal_data.audit"));
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(caseKey(ref), scope));
  if (!row) throw new NotFoundError("Case", ref);
  const readers = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      count: count(),
      lastAt: max(personalDataReads.at),
    })
    .from(personalDataReads)
    .innerJoin(users, eq(users.id, personalDataReads.userId))
    .where(eq(personalDataReads.caseId, row.id))
    .groupBy(users.id, users.username, users.displayName)
    .orderBy(sql`max(${personalDataReads.at}) desc`);
  return {
    total: readers.reduce((n, r) => n + r.count, 0),
    readers: readers.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      count: r.count,
      lastAt: (r.lastAt ?? new Date(0)).toISOString(),
    })),
  };
}
