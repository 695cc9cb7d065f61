/**
 * Reading cases: the staff list and view (scope enforced in the query: a case outside it is not
 * found), a resident's own cases, and the case behind a tracking code.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  lt,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.js";
import type { attachments, caseEvents, caseExtensions, caseWhistles } from "../../db/schema.js";
import { cases, categories, organisations, regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import type { Permission } from "../../core/access/policy.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { CENTRES } from "../../core/units/units.js";
import { isCaseNumber } from "./case-number.js";
import { logPhoneSearch, reporterPhoneIs, requirePhoneSearch } from "./contact-search.js";
import { casesWithin, ownCase, visibleCaseParts, visibleCases } from "./policy.js";
import { findPossibleDuplicates, type PossibleDuplicate } from "./routing.js";
import type { CaseListReq } from "./schemas.js";
import { hashTrackingCode, normalizeTrackingCode } from "./tracking-code.js";
import type { CaseRow } from "./transition.js";

/** `id` or `number`, whichever the URL named. */
export function caseKey(idOrNumber: string): SQL {
  return isCaseNumber(idOrNumber) ? eq(cases.number, idOrNumber) : eq(cases.id, idOrNumber.toLowerCase());
}

/** The case, if `actor` may see it through `permission` in the staff view; null otherwise. */
export async function getVisibleCase(
  db: Tx,
  actor: Actor,
  idOrNumber: string,
  permission: Permission = "cases.read",
): Promise<CaseRow | null> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(caseKey(idOrNumber), visibleCases(actor, permission)));
  return row ?? null;
}

/** A case the user reported themselves, or null. */
export async function getOwnCase(db: Db, actor: Actor, idOrNumber: string): Promise<CaseRow | null> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(caseKey(idOrNumber), ownCase(actor)));
  return row ?? null;
}

/**
 * Open and past a deadline that still runs: the response (not yet responded) or the handling.
 * A case without deadlines is not overdue (false, never SQL's null).
 */
export const overdueSql = sql<boolean>`coalesce(${cases.status} in ('triage', 'dispatched', 'handling') and (
  ${cases.handleDueAt} < now() or (${cases.respondedAt} is null and ${cases.responseDueAt} < now())), false)`;

/**
 * `overdue=true` as a list filter: the same cases as overdueSql, with the state test repeated
 * outside the coalesce, where the planner can use it (cases_status_due_idx: the running cases)
 * instead of reading every case of the region and testing each (bench/README.md, "B4: work lists
 * and case lists at 0.5 M and 1 M").
 */
const overdueFilter = sql`${cases.status} in ('triage', 'dispatched', 'handling') and ${overdueSql}`;

const assigned = alias(organisations, "assigned_org");

const listColumns = {
  id: cases.id,
  number: cases.number,
  status: cases.status,
  channel: cases.channel,
  categoryCode: cases.categoryCode,
  categoryName: categories.name,
  categoryNameEn: categories.nameEn,
  description: cases.description,
  regionCode: cases.regionCode,
  regionName: regions.name,
  assignedOrgId: cases.assignedOrgId,
  assignedOrgName: assigned.name,
  urgent: cases.urgent,
  responseDueAt: cases.responseDueAt,
  handleDueAt: cases.handleDueAt,
  overdue: overdueSql,
  createdAt: cases.createdAt,
};

/**
 * 退单: a case in triage that a unit sent back carries the latest send-back (only a send-back
 * leads back into triage after intake, so the latest one is why it is there now).
 */
const sentBackSql = sql<{ unitName: string | null; reason: string | null; at: string } | null>`(case
  when ${cases.status} = 'triage' then (
    select json_build_object('unitName', o.name, 'reason', e.note, 'at', e.at)
    from case_events e left join organisations o on o.id = e.actor_org_id
    where e.case_id = ${cases.id} and e.action = 'send_back'
    order by e.id desc limit 1) end)`;

/**
 * Counting the cases of a list stops at `countUpTo` when given (a capped count: the total says
 * "at least" when it reaches the cap); without it the count is exact.
 */
export interface PageOpts {
  staff: boolean;
  countUpTo?: number;
  /**
   * The list's `where` as conditions that never hold for the same case, whose `or` it is (each
   * with all of the list's filters): the page takes the first cases of each in the list's order
   * and the count counts each, so that each is read through its own ordered index (a township's
   * cases: regionKey in policy.ts) where the `or` would read and sort every case of the scope.
   */
  parts?: SQL[];
}

export async function pageOf(
  db: Db,
  where: SQL | undefined,
  order: SQL[],
  page: number,
  pageSize: number,
  opts: PageOpts = { staff: true },
) {
  const rows = await db
    .select({ ...listColumns, sentBack: opts.staff ? sentBackSql : sql<null>`null` })
    .from(cases)
    .leftJoin(categories, eq(categories.code, cases.categoryCode))
    .innerJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(assigned, eq(assigned.id, cases.assignedOrgId))
    .where(opts.parts ? inArray(cases.id, pageIds(db, opts.parts, order, page * pageSize)) : where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  if (opts.parts && opts.countUpTo !== undefined) {
    if (rows.length < pageSize && (rows.length > 0 || page === 1)) {
      return { rows, total: (page - 1) * pageSize + rows.length, totalCapped: false };
    }
    return cappedTotal(rows, await countParts(db, opts.parts, opts.countUpTo + 1), opts.countUpTo);
  }
  if (opts.countUpTo === undefined) {
    const [total] = await db.select({ n: count() }).from(cases).where(where);
    return { rows, total: total?.n ?? 0, totalCapped: false };
  }
  // A page that is not full tells the count without another read.
  if (rows.length < pageSize && (rows.length > 0 || page === 1)) {
    return { rows, total: (page - 1) * pageSize + rows.length, totalCapped: false };
  }
  const found = db
    .select({ one: sql`1` })
    .from(cases)
    .where(where)
    .limit(opts.countUpTo + 1)
    .as("found");
  const [total] = await db.select({ n: count() }).from(found);
  return cappedTotal(rows, total?.n ?? 0, opts.countUpTo);
}

function cappedTotal<R>(rows: R[], n: number, cap: number) {
  return n > cap ? { rows, total: cap, totalCapped: true } : { rows, total: n, totalCapped: false };
}

/**
 * The ids of the first `upTo` cases of a list given as parts that never hold for the same case
 * (see PageOpts.parts): the first `upTo` of each part, in the list's order, so that each part is
 * read through an index in that order and stops early; the page is among them.
 */
function pageIds(db: Db, parts: SQL[], order: SQL[], upTo: number): SQL {
  const each = parts.map((part) => {
    const first = db
      .select({ id: cases.id })
      .from(cases)
      .where(part)
      .orderBy(...order)
      .limit(upTo);
    return sql`(${first})`;
  });
  return sql`(${sql.join(each, sql` union all `)})`;
}

/** How many cases the parts hold together, counted up to `upTo` in each (one statement). */
async function countParts(db: Db, parts: SQL[], upTo: number): Promise<number> {
  const counts = parts.map(
    (part) =>
      sql`(select count(*) from (${db
        .select({ one: sql`1` })
        .from(cases)
        .where(part)
        .limit(upTo)}) found)`,
  );
  const result = await db.execute(sql`select (${sql.join(counts, sql` + `)})::int as n`);
  return Number((result as unknown as { rows: { n: number | string }[] }).rows[0]?.n ?? 0);
}

/** One row of a case list as read (see present-case for its presentation). */
export type CaseListRow = Awaited<ReturnType<typeof pageOf>>["rows"][number];

/** Escapes LIKE wildcards in user text. */
function likeText(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The text of a case that `q` searches, exactly as the expression of the GIN index
 * `cases_text_grams_gin` (migration 0016_case_text_search.sql) spells it, so the planner uses it.
 */
const caseTextSql = sql`(${cases.description} || E'\\n' || coalesce(${cases.address}, '') || E'\\n' || ${cases.number})`;

/** Where a list counts more cases than this, its total says "10,000+" (GET /cases `totalCapped`). */
export const LIST_COUNT_CAP = 10_000;

/**
 * Cases whose description, address or number holds `q` (case-insensitive, `ilike '%q%'`).
 * From two characters on, the n-gram index narrows the cases first (every gram of q must be in
 * the case's text: see case_text_grams in the migration) and the `ilike` checks the few
 * candidates, so the result is exactly the `ilike`'s. One character has no gram: that search is
 * the plain `ilike` over the cases the other filters leave, with the count capped like every
 * list's (LIST_COUNT_CAP).
 */
export function caseTextMatch(q: string): SQL {
  const pattern = likeText(q);
  const exact = or(
    ilike(cases.description, pattern),
    ilike(cases.address, pattern),
    ilike(cases.number, pattern),
  ) as SQL;
  // case_text_grams drops \x01 (its separator): the characters left decide whether q has a gram.
  if ([...q.replaceAll("\u0001", "")].length < 2) return exact;
  return and(sql`case_text_grams(${caseTextSql}) @> case_text_grams(${q}::text)`, exact) as SQL;
}

/**
 * The dispatch queue of `actor` (待分拨): the cases in triage held by a governance centre they
 * dispatch for (the centre at a cases.dispatch binding's region), whatever their category —
 * a new appeal without one, a case a unit sent back, one whose department routing did not find.
 * A case in triage elsewhere in their area is another centre's to route.
 */
export async function dispatchQueueOf(db: Db, actor: Actor): Promise<SQL> {
  const centres = (await actorUnits(db, actor, "cases.dispatch")).filter((u) => CENTRES.includes(u.kind));
  if (centres.length === 0) return sql`false`;
  return and(
    eq(cases.status, "triage"),
    inArray(
      cases.assignedOrgId,
      centres.map((c) => c.id),
    ),
  ) as SQL;
}

/**
 * The cases `actor` may see, filtered; by deadline (soonest handling deadline first, the
 * default work-list order) or newest first. The total is counted up to `countUpTo` (default
 * LIST_COUNT_CAP; `totalCapped` when there are more): a count over millions of cases would cost
 * more than the page.
 */
export async function listCases(db: Db, actor: Actor, query: CaseListReq, opts: { countUpTo?: number } = {}) {
  if (query.phone !== undefined) requirePhoneSearch(actor);
  const filters: (SQL | undefined)[] = [];
  if (query.status && query.status.length > 0) filters.push(inArray(cases.status, query.status));
  if (query.channel) filters.push(eq(cases.channel, query.channel));
  if (query.category) filters.push(eq(cases.categoryCode, query.category));
  if (query.region) {
    const [region] = await db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, query.region));
    filters.push(region ? casesWithin(region.path) : sql`false`);
  }
  if (query.assignedOrg) filters.push(eq(cases.assignedOrgId, query.assignedOrg));
  if (query.overdue === "true") filters.push(overdueFilter);
  if (query.overdue === "false") filters.push(sql`not ${overdueSql}`);
  if (query.urgent) filters.push(eq(cases.urgent, query.urgent === "true"));
  if (query.sentBack) {
    const sentBack = sql`exists (select 1 from case_events e where e.case_id = ${cases.id} and e.action = 'send_back')`;
    filters.push(query.sentBack === "true" ? sentBack : sql`not ${sentBack}`);
  }
  if (query.located) {
    const located = and(isNotNull(cases.lon), isNotNull(cases.lat));
    filters.push(query.located === "true" ? (located as SQL) : sql`not (${located})`);
  }
  if (query.olderThanHours !== undefined) {
    filters.push(lt(cases.createdAt, new Date(Date.now() - query.olderThanHours * 3_600_000)));
  }
  if (query.q) {
    filters.push(isCaseNumber(query.q) ? eq(cases.number, query.q) : caseTextMatch(query.q));
  }
  if (query.address) filters.push(ilike(cases.address, likeText(query.address)));
  if (query.phone !== undefined) filters.push(reporterPhoneIs(query.phone));
  if (query.trackingCode !== undefined) {
    const normal = normalizeTrackingCode(query.trackingCode);
    filters.push(normal === null ? sql`false` : eq(cases.trackingCodeHash, hashTrackingCode(normal)));
  }
  if (query.queue === "mine") filters.push(await dispatchQueueOf(db, actor));
  if (query.createdFrom) filters.push(gte(cases.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) filters.push(lt(cases.createdAt, new Date(query.createdTo)));
  const order =
    query.sort === "created"
      ? [desc(cases.createdAt), desc(cases.id)]
      : [sql`${cases.handleDueAt} asc nulls last`, asc(cases.createdAt), asc(cases.id)];
  // Each part of the actor's scope read on its own (PageOpts.parts), when it has parts.
  const parts = visibleCaseParts(actor, "cases.read")?.map((part) => and(part, ...filters) as SQL);
  const found = await pageOf(
    db,
    and(visibleCases(actor, "cases.read"), ...filters),
    order,
    query.page,
    query.pageSize,
    {
      staff: true,
      countUpTo: opts.countUpTo ?? LIST_COUNT_CAP,
      ...(parts ? { parts } : {}),
    },
  );
  // Every case a phone search shows is a logged read of that reporter's phone.
  if (query.phone !== undefined) {
    await logPhoneSearch(
      db,
      actor,
      found.rows.map((r) => r.id),
    );
  }
  return found;
}

/** The cases a signed-in resident reported themselves, newest first. */
export async function listOwnCases(db: Db, userId: string, page: number, pageSize: number) {
  return pageOf(
    db,
    eq(cases.reporterUserId, userId),
    [desc(cases.createdAt), desc(cases.id)],
    page,
    pageSize,
    { staff: false },
  );
}

/** The case a tracking code opens, or null (also for text that cannot be a code). */
export async function findCaseByTrackingCode(db: Db, code: string): Promise<CaseRow | null> {
  const normal = normalizeTrackingCode(code);
  if (normal === null) return null;
  const [row] = await db
    .select()
    .from(cases)
    .where(eq(cases.trackingCodeHash, hashTrackingCode(normal)));
  return row ?? null;
}

type Row<T extends { $inferSelect: object }> = T["$inferSelect"];
type Event = Row<typeof caseEvents>;
type Whistle = Row<typeof caseWhistles>;
type Extension = Row<typeof caseExtensions>;
type Photo = Row<typeof attachments>;

/** A timestamp as JSON carries it (ISO 8601 text), read back as a Date. */
type Stamped<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends Date ? string : string | null };

function dateOf(text: string): Date;
function dateOf(text: string | null): Date | null;
function dateOf(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

interface ContextRow {
  category: Pick<Row<typeof categories>, "code" | "name" | "nameEn"> | null;
  places: { code: string; name: string; level: Row<typeof regions>["level"]; path: string }[];
  units: { id: string; name: string; kind: Row<typeof organisations>["kind"]; regionPath: string }[];
  entered_by: { id: string; name: string } | null;
  merged_into: { id: string; number: string; status: Row<typeof cases>["status"] } | null;
  timeline: (Stamped<
    Pick<Event, "id" | "action" | "fromStatus" | "toStatus" | "note" | "data" | "at">,
    "at"
  > & {
    actorId: string | null;
    actorName: string | null;
    unitId: string | null;
    unitName: string | null;
    label: string | null;
  })[];
  whistles: (Stamped<
    Pick<Whistle, "id" | "reportNote" | "reportDueAt" | "reportedAt" | "overdueAt">,
    "reportDueAt" | "reportedAt" | "overdueAt"
  > & {
    unitId: string;
    unitName: string;
  })[];
  extensions: (Stamped<
    Pick<Extension, "id" | "extraHours" | "reason" | "decision" | "decidedAt" | "createdAt">,
    "decidedAt" | "createdAt"
  > & {
    unitId: string | null;
    unitName: string | null;
  })[];
  photos: Pick<Photo, "id" | "mime" | "width" | "height" | "eventId">[];
}

/**
 * Everything around a case that its views show, read in one statement. It was ten reads one after
 * another; under load each waited for a pooled connection, and the tracking page's answer took
 * 3× the time of an action (bench/README.md, "B2: the full year").
 */
export async function loadCaseContext(db: Db, row: CaseRow) {
  const result = await db.execute(sql`select
    (select json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en)
      from categories c where c.code = ${row.categoryCode}) as category,
    -- The case's region with every region above it and its grid: the place is named from the
    -- county down (and the grid by name), never by codes. Path segments are region codes.
    (select coalesce(json_agg(json_build_object('code', r.code, 'name', r.name, 'level', r.level,
        'path', r.path::text) order by nlevel(r.path)), '[]')
      from regions r where r.path @> ${row.regionPath}::ltree or r.code = ${row.gridCode}) as places,
    (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind,
        'regionPath', o.region_path::text)), '[]')
      from organisations o
      where o.id in (${row.assignedOrgId}::uuid, ${row.leadOrgId}::uuid)) as units,
    (select json_build_object('id', u.id, 'name', u.display_name)
      from users u where u.id = ${row.enteredByUserId}) as entered_by,
    (select json_build_object('id', m.id, 'number', m.number, 'status', m.status)
      from cases m where m.id = ${row.mergedIntoId}) as merged_into,
    (select coalesce(json_agg(json_build_object('id', e.id, 'action', e.action,
        'fromStatus', e.from_status, 'toStatus', e.to_status, 'at', e.at,
        'actorId', e.actor_user_id, 'actorName', au.display_name, 'unitId', e.actor_org_id,
        'unitName', ao.name, 'label', e.actor_label, 'note', e.note, 'data', e.data) order by e.id), '[]')
      from case_events e
      left join users au on au.id = e.actor_user_id
      left join organisations ao on ao.id = e.actor_org_id
      where e.case_id = ${row.id}) as timeline,
    (select coalesce(json_agg(json_build_object('id', w.id, 'unitId', w.org_id, 'unitName', o.name,
        'reportDueAt', w.report_due_at, 'reportedAt', w.reported_at, 'reportNote', w.report_note,
        'overdueAt', w.overdue_at) order by w.created_at), '[]')
      from case_whistles w join organisations o on o.id = w.org_id
      where w.case_id = ${row.id}) as whistles,
    (select coalesce(json_agg(json_build_object('id', x.id, 'unitId', x.requested_org_id,
        'unitName', o.name, 'extraHours', x.extra_hours, 'reason', x.reason, 'decision', x.decision,
        'decidedAt', x.decided_at, 'createdAt', x.created_at) order by x.created_at), '[]')
      from case_extensions x left join organisations o on o.id = x.requested_org_id
      where x.case_id = ${row.id}) as extensions,
    (select coalesce(json_agg(json_build_object('id', a.id, 'mime', a.mime, 'width', a.width,
        'height', a.height, 'eventId', a.event_id) order by a.created_at), '[]')
      from attachments a where a.subject_type = 'case' and a.subject_id = ${row.id}) as photos`);
  const ctx = (result as unknown as { rows: ContextRow[] }).rows[0];
  if (!ctx) throw new Error("The case context read answered no row");
  const places = ctx.places;
  const above = new Set(row.regionPath.split("."));
  const found = places.find((r) => r.code === row.regionCode);
  const grid = row.gridCode ? places.find((r) => r.code === row.gridCode) : undefined;
  const region = found && {
    code: found.code,
    name: found.name,
    path: found.path,
    trail: places.filter((r) => above.has(r.code) && r.level !== "city").map((r) => r.name),
  };
  return {
    category: ctx.category,
    region: region ?? { code: row.regionCode, name: row.regionCode, path: row.regionPath, trail: [] },
    gridName: grid?.name ?? null,
    units: ctx.units,
    enteredBy: ctx.entered_by,
    mergedInto: ctx.merged_into,
    timeline: ctx.timeline.map((e) => ({ ...e, at: dateOf(e.at) })),
    whistles: ctx.whistles.map((w) => ({
      ...w,
      reportDueAt: dateOf(w.reportDueAt),
      reportedAt: dateOf(w.reportedAt),
      overdueAt: dateOf(w.overdueAt),
    })),
    extensions: ctx.extensions.map((x) => ({
      ...x,
      decidedAt: dateOf(x.decidedAt),
      createdAt: dateOf(x.createdAt),
    })),
    attachments: ctx.photos,
  };
}
export type CaseContext = Awaited<ReturnType<typeof loadCaseContext>>;

/** Merge candidates of a case that `actor` may see, for the staff view (never for the public one). */
export async function possibleDuplicatesOf(db: Db, row: CaseRow, actor: Actor): Promise<PossibleDuplicate[]> {
  if (row.status === "merged" || row.status === "closed" || row.status === "rejected") return [];
  return findPossibleDuplicates(db, {
    caseId: row.id,
    categoryCode: row.categoryCode,
    lon: row.lon,
    lat: row.lat,
    at: row.createdAt,
    visible: visibleCases(actor, "cases.read"),
  });
}

/**
 * May `actor` (staff in scope, or the case's reporter) or the holder of `token` (its tracking
 * code) read the photos of case `caseId`?
 * Registered as the attachments module's check for claimed photos.
 */
export async function canReadCaseAttachments(
  db: Db,
  opts: { actor: Actor | null; caseId: string; token: string | undefined },
): Promise<boolean> {
  if (opts.actor) {
    const [row] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, opts.caseId), or(visibleCases(opts.actor, "cases.read"), ownCase(opts.actor))));
    if (row) return true;
  }
  if (opts.token !== undefined) {
    const normal = normalizeTrackingCode(opts.token);
    if (normal === null) return false;
    const [row] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, opts.caseId), eq(cases.trackingCodeHash, hashTrackingCode(normal))));
    return row !== undefined;
  }
  return false;
}
