/**
 * Cases as Open311 service requests: those in a category offered through Open311. No reporter
 * data is ever selected, so none can leak into a response.
 */
import { and, desc, eq, gte, inArray, isNotNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import {
  categories,
  cases,
  organisations,
  regions,
  type CaseChannel,
  type CaseStatus,
} from "../../db/schema.js";
import { OPEN_STATUSES } from "../cases/index.js";

/** The spec's two statuses; ours map onto them (open: somebody's work; closed: finished). */
export type Open311Status = "open" | "closed";

/** The Open311 status of one of our statuses. */
export function open311Status(status: CaseStatus): Open311Status {
  return (OPEN_STATUSES as readonly CaseStatus[]).includes(status) ? "open" : "closed";
}

/** The spec's default and largest answer: "a span of 90 days or first 1000 requests". */
export const MAX_REQUESTS = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a public service request shows: no name, phone, email or account of the reporter. */
export interface ServiceRequestRow {
  id: string;
  number: string;
  channel: CaseChannel;
  status: CaseStatus;
  serviceCode: string;
  serviceName: string;
  description: string;
  agency: string | null;
  address: string | null;
  regionName: string | null;
  lat: number | null;
  lon: number | null;
  responseHours: number;
  handleHours: number;
  deadlineKind: "calendar" | "working";
  handleDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  resolved: boolean | null;
  mergedIntoNumber: string | null;
  rejectReason: string | null;
  mediaUrl: string | null;
}

export interface ServiceRequestFilter {
  /** Case numbers or ids; when given, every other criterion is ignored (the spec says so). */
  ids?: readonly string[];
  serviceCodes?: readonly string[];
  statuses?: readonly Open311Status[];
  /** start ≤ requested_datetime ≤ end (the spec's "earliest" and "latest" to include). */
  start?: Date;
  end?: Date;
  /** Only cases inside this city (ltree path). */
  withinPath?: string | null;
  limit?: number;
}

const mergedInto = alias(cases, "merged_into");
const agency = alias(organisations, "agency");

const CLOSED_STATUSES = ["closed", "rejected", "merged"] as const satisfies readonly CaseStatus[];

function idClause(ids: readonly string[]): SQL {
  const uuids = ids.filter((id) => UUID.test(id));
  const numbers = ids.filter((id) => !UUID.test(id));
  const parts: SQL[] = [];
  if (uuids.length > 0) parts.push(inArray(cases.id, uuids));
  if (numbers.length > 0) parts.push(inArray(cases.number, numbers));
  return or(...parts) ?? sql`false`;
}

/** Public service requests matching `filter`, newest first, at most MAX_REQUESTS. */
export async function findServiceRequests(
  db: Db,
  filter: ServiceRequestFilter,
): Promise<ServiceRequestRow[]> {
  const where: SQL[] = [isNotNull(categories.open311ServiceCode)];
  if (filter.withinPath) where.push(sql`${cases.regionPath} <@ ${filter.withinPath}::ltree`);
  if (filter.ids !== undefined) {
    where.push(idClause(filter.ids));
  } else {
    if (filter.serviceCodes && filter.serviceCodes.length > 0) {
      where.push(inArray(categories.open311ServiceCode, [...filter.serviceCodes]));
    }
    const statuses = new Set(filter.statuses ?? []);
    if (statuses.size === 1) {
      where.push(
        statuses.has("open")
          ? inArray(cases.status, [...OPEN_STATUSES])
          : inArray(cases.status, [...CLOSED_STATUSES]),
      );
    }
    if (filter.start) where.push(gte(cases.createdAt, filter.start));
    if (filter.end) where.push(lte(cases.createdAt, filter.end));
  }
  return db
    .select({
      id: cases.id,
      number: cases.number,
      channel: cases.channel,
      status: cases.status,
      serviceCode: sql<string>`${categories.open311ServiceCode}`,
      serviceName: categories.name,
      description: cases.description,
      agency: agency.name,
      address: cases.address,
      regionName: regions.name,
      lat: cases.lat,
      lon: cases.lon,
      responseHours: categories.responseHours,
      handleHours: categories.handleHours,
      deadlineKind: categories.deadlineKind,
      handleDueAt: cases.handleDueAt,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
      closedAt: cases.closedAt,
      resolved: cases.resolved,
      mergedIntoNumber: mergedInto.number,
      // Only the reason's code: the dispatcher's free-text note may name people and is not public.
      rejectReason: sql<string | null>`(select e.data->>'reason' from case_events e
        where e.case_id = ${cases.id} and e.action = 'reject' order by e.id desc limit 1)`,
      mediaUrl: sql<string | null>`(select e.data->>'media_url' from case_events e
        where e.case_id = ${cases.id} and e.action = 'intake' order by e.id limit 1)`,
    })
    .from(cases)
    .innerJoin(categories, eq(categories.code, cases.categoryCode))
    .leftJoin(agency, eq(agency.id, sql`coalesce(${cases.assignedOrgId}, ${cases.leadOrgId})`))
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(mergedInto, eq(mergedInto.id, cases.mergedIntoId))
    .where(and(...where))
    .orderBy(desc(cases.createdAt), desc(cases.number))
    .limit(Math.min(filter.limit ?? MAX_REQUESTS, MAX_REQUESTS));
}
