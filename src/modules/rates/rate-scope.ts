/**
 * Which cases a rates request counts: the caller's visibility (`rates.read`, through the same
 * case policy as every case list), the region subtree or department asked for, the period, and
 * never a duplicate merged into another case. Every figure, breakdown and drill-down list runs
 * inside this one condition.
 */
import { and, eq, gte, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, organisations, regions } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { pathWithin, requirePermission } from "../../core/access/policy.js";
import { casesVisibleThrough } from "../cases/index.js";
import { CHINA_UTC_OFFSET_MINUTES } from "../catalogue/index.js";
import { NotFoundError } from "../../shared/errors.js";
import type { RateScopeReq } from "./schemas.js";

export interface RateScope {
  where: SQL;
  /** The period as instants, [from, to); null: open-ended. */
  from: Date | null;
  to: Date | null;
  /**
   * The same scope in the terms of the rate roll-ups (./rollup-rates.ts), or null when it cannot
   * be said there and the figures come from the plain aggregate over `cases`.
   */
  rollup: RollupScope | null;
}

/**
 * A scope the roll-ups can answer: the roll-ups hold cases per township, so every region
 * (asked for, or seen through a binding) must be a city, county or township; and a department
 * binding's visibility (whistled in, acted on) is not in them at all.
 */
export interface RollupScope {
  /** The caller's region bindings: the roll-up rows under any of their paths. */
  visibility: Binding[];
  /** The region path asked for, or null. */
  regionPath: string | null;
  /** A department asked for (kind `department`), or null. */
  department: string | null;
  /** China-time days, [fromDay, toDay); null: open-ended. */
  fromDay: string | null;
  toDay: string | null;
}

/** Deepest region level the roll-ups keep (city.county.township). */
export const ROLLUP_REGION_DEPTH = 3;

const depth = (path: string) => path.split(".").length;

const DAY_MS = 86_400_000;

/** Midnight at the start of a China-time calendar day (YYYY-MM-DD), as a UTC instant. */
export function chinaDayStart(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) - CHINA_UTC_OFFSET_MINUTES * 60_000);
}

/**
 * The counted cases for `actor` and the request's scope. Period attribution is by intake time
 * (`cases.created_at`), the usual rule for 三率 reports: a case belongs to the period it was
 * received in, whatever happened to it later. `to` names the last day included.
 * A region or organisation outside every scope of the caller, or an unknown one, is 404.
 */
export async function resolveRateScope(db: Db, actor: Actor | null, req: RateScopeReq): Promise<RateScope> {
  const bindings = requirePermission(actor, "rates.read");
  const conditions: SQL[] = [casesVisibleThrough(bindings), ne(cases.status, "merged")];
  let regionPath: string | null = null;

  if (req.region !== undefined) {
    const [region] = await db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, req.region));
    // Overlapping a scope is enough: a village's staff asking for its county see their village.
    const overlaps =
      region &&
      bindings.some((b) => pathWithin(region.path, b.scopePath) || pathWithin(b.scopePath, region.path));
    if (!region || !overlaps) throw new NotFoundError("Region", req.region);
    conditions.push(sql`${cases.regionPath} <@ ${region.path}::ltree`);
    regionPath = region.path;
  }

  let department: { id: string; kind: string } | null = null;
  if (req.department !== undefined) {
    const [org] = await db
      .select({
        id: organisations.id,
        kind: organisations.kind,
        path: sql<string>`${organisations.regionPath}::text`,
      })
      .from(organisations)
      .where(eq(organisations.id, req.department));
    // As for a region: a unit whose area overlaps a region scope of the caller, or the very
    // department a department binding names. Anything else does not exist for the caller.
    const inScope =
      org &&
      bindings.some((b) =>
        b.scopeDepartmentId !== null
          ? b.scopeDepartmentId === org.id
          : pathWithin(org.path, b.scopePath) || pathWithin(b.scopePath, org.path),
      );
    if (!org || !inScope) throw new NotFoundError("Organisation", req.department);
    // A department's cases: those in its queue now and those it leads (首接负责).
    conditions.push(or(eq(cases.assignedOrgId, org.id), eq(cases.leadOrgId, org.id)) ?? sql`false`);
    department = org;
  }

  const from = req.from !== undefined ? chinaDayStart(req.from) : null;
  const to = req.to !== undefined ? new Date(chinaDayStart(req.to).getTime() + DAY_MS) : null;
  if (from) conditions.push(gte(cases.createdAt, from));
  if (to) conditions.push(lt(cases.createdAt, to));

  const visibility = bindings.filter((b) => b.scopeDepartmentId === null);
  const rollupable =
    visibility.length === bindings.length &&
    visibility.every((b) => depth(b.scopePath) <= ROLLUP_REGION_DEPTH) &&
    (regionPath === null || depth(regionPath) <= ROLLUP_REGION_DEPTH) &&
    (department === null || department.kind === "department");
  const rollup: RollupScope | null = rollupable
    ? {
        visibility,
        regionPath,
        department: department?.id ?? null,
        fromDay: req.from ?? null,
        toDay: to ? chinaDate(to) : null,
      }
    : null;

  return { where: and(...conditions) ?? sql`false`, from, to, rollup };
}

/** The China-time calendar day (YYYY-MM-DD) an instant falls on. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}
