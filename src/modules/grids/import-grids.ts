import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import Flatbush from "flatbush";
import type { Db, Tx } from "../../db/client.js";
import { grids, regions } from "../../db/schema.js";
import { AppError, ConflictError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { bboxOf, geometriesOverlap, type BBox, type GridGeometry } from "./geometry.js";
import { invalidateGridIndex } from "./grid-index.js";
import { bumpGridsVersion } from "./grids-version.js";
import { importRejected, parseGridCollection, type FieldProblem } from "./parse-grid-collection.js";
import type { ImportMode, ImportResult } from "./schemas.js";
import { deleteGridRows } from "./delete-grid.js";

/** Progress of an import, for a CLI to print and for the crash test to time its kill. */
export type ImportProgress =
  | { stage: "validated"; features: number }
  | { stage: "writing"; written: number; total: number }
  | { stage: "committed"; result: ImportResult };

export interface ImportGridsOptions {
  /**
   * Who imports: a signed-in user (bound by their grids.manage scopes) or, said explicitly,
   * `"system"` for the platform itself (CLI, demo data), which may write any village.
   */
  actor: Actor | "system";
  /** `merge` (default) upserts by code; `replace` also deletes the other grids of the file's villages. */
  mode?: ImportMode;
  requestId?: string;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Check everything (GeoJSON, villages in scope, codes, overlaps) and answer what would be
   * created, updated and deleted, then roll back: nothing is written, audited or bumped.
   */
  dryRun?: boolean;
}

/** Thrown inside the transaction of a dry run to roll it back with the counts it found. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super("dry run");
  }
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

interface PlannedGrid {
  index: number;
  code: string;
  name: string;
  villageCode: string;
  countyCode: string;
  path: string;
  geometry: GridGeometry;
  bbox: BBox;
}

interface Village {
  code: string;
  path: string;
  countyCode: string;
}

/**
 * Imports a GeoJSON FeatureCollection of grids, all or nothing: it is validated, every village
 * must exist (and lie in the actor's scope), no polygon may overlap another of the file or an
 * existing grid of another code, and then everything is written in one transaction with one
 * audit row and a bump of grids_version. A feature without `code` gets the next free code of its
 * village. Throws 400 (bad GeoJSON, overlap inside the file), 404 (village not found) or 409
 * (overlap with an existing grid) naming the feature index.
 */
export async function importGrids(db: Db, input: unknown, opts: ImportGridsOptions): Promise<ImportResult> {
  const mode = opts.mode ?? "merge";
  const actor = opts.actor === "system" ? null : opts.actor;
  const scopes = actor ? requirePermission(actor, "grids.manage") : null;
  const collection = parseGridCollection(input);
  const features = collection.features;
  opts.onProgress?.({ stage: "validated", features: features.length });
  if (features.length === 0) return { created: 0, updated: 0, deleted: 0 };

  const transaction = db.transaction(async (tx) => {
    // First, so concurrent grid changes queue here (see bumpGridsVersion).
    await bumpGridsVersion(tx);
    const villages = await loadVillages(
      tx,
      features.map((f) => f.properties.villageCode),
      scopes,
    );
    const missing: FieldProblem[] = [];
    features.forEach((f, i) => {
      const code = f.properties.villageCode;
      if (!villages.has(code)) {
        missing.push({
          field: `features[${i}].properties.villageCode`,
          message: `feature ${i}: village ${code} not found`,
        });
      }
    });
    if (missing.length > 0) {
      const first = missing[0];
      throw new AppError(
        404,
        "not_found",
        `The grid import was rejected, nothing was applied. ${first?.field}: ${first?.message}`,
        missing.slice(0, 100),
      );
    }

    const existing = await existingGridCodes(tx, [...villages.keys()]);
    const planned = planCodes(features, villages, existing);
    const fileCodes = new Set(planned.map((p) => p.code));
    const toDelete =
      mode === "replace" ? [...existing.values()].flat().filter((code) => !fileCodes.has(code)) : [];

    const inFile = overlapsInFile(planned);
    if (inFile.length > 0) throw importRejected(inFile);
    const withExisting = await overlapsWithExisting(
      tx,
      planned,
      new Set([...fileCodes, ...toDelete]),
      scopes,
    );
    if (withExisting.length > 0) {
      const first = withExisting[0];
      throw new ConflictError(
        "grids_overlap",
        `The grid import was rejected, nothing was applied. ${first?.field}: ${first?.message}`,
        withExisting.slice(0, 100),
      );
    }

    const existingCodes = new Set([...existing.values()].flat());
    const updated = planned.filter((p) => existingCodes.has(p.code)).length;
    if (opts.dryRun) {
      throw new DryRunRollback({ created: planned.length - updated, updated, deleted: toDelete.length });
    }
    for (let i = 0; i < planned.length; i += CHUNK) {
      await writeGrids(tx, planned.slice(i, i + CHUNK));
      opts.onProgress?.({
        stage: "writing",
        written: Math.min(i + CHUNK, planned.length),
        total: planned.length,
      });
    }
    await deleteGridRows(tx, toDelete);

    const counts: ImportResult = { created: planned.length - updated, updated, deleted: toDelete.length };
    await recordAudit(tx, {
      actor,
      action: "grids.import",
      entityType: "grid",
      after: { mode, features: planned.length, villages: villages.size, ...counts },
      scopePath: commonPath([...villages.values()].map((v) => v.path)),
      requestId: opts.requestId,
    });
    return counts;
  });
  let result: ImportResult;
  try {
    result = await transaction;
  } catch (err) {
    if (err instanceof DryRunRollback) return err.result;
    throw err;
  }
  invalidateGridIndex(db);
  opts.onProgress?.({ stage: "committed", result });
  return result;
}

/** The villages named by the file that exist and lie in scope (null scopes: all). */
async function loadVillages(
  tx: Tx,
  codes: string[],
  scopes: readonly Binding[] | null,
): Promise<Map<string, Village>> {
  const unique = [...new Set(codes)];
  const found = new Map<string, Village>();
  for (let i = 0; i < unique.length; i += CHUNK * 4) {
    const rows = await tx
      .select({
        code: regions.code,
        path: sql<string>`${regions.path}::text`,
        countyCode: regions.countyCode,
      })
      .from(regions)
      .where(
        and(
          eq(regions.level, "village"),
          inArray(regions.code, unique.slice(i, i + CHUNK * 4)),
          scopes ? withinScopes(regions.path, scopes) : undefined,
        ),
      );
    for (const r of rows) {
      found.set(r.code, { code: r.code, path: r.path, countyCode: r.countyCode ?? r.code.slice(0, 6) });
    }
  }
  return found;
}

/** The grid codes each village already has. */
async function existingGridCodes(tx: Tx, villageCodes: string[]): Promise<Map<string, string[]>> {
  const byVillage = new Map<string, string[]>(villageCodes.map((c) => [c, []]));
  for (let i = 0; i < villageCodes.length; i += CHUNK * 4) {
    const rows = await tx
      .select({ code: regions.code, parentCode: regions.parentCode })
      .from(regions)
      .where(
        and(eq(regions.level, "grid"), inArray(regions.parentCode, villageCodes.slice(i, i + CHUNK * 4))),
      );
    for (const r of rows) if (r.parentCode) byVillage.get(r.parentCode)?.push(r.code);
  }
  return byVillage;
}

/**
 * Gives every feature its code: its own, or the village's next free one (after the highest
 * code in the database or the file, so a deleted grid's code is never silently reused here).
 */
function planCodes(
  features: ReturnType<typeof parseGridCollection>["features"],
  villages: Map<string, Village>,
  existing: Map<string, string[]>,
): PlannedGrid[] {
  const highest = new Map<string, number>();
  const note = (code: string) => {
    const village = code.slice(0, 12);
    highest.set(village, Math.max(highest.get(village) ?? 0, Number(code.slice(12))));
  };
  for (const codes of existing.values()) codes.forEach(note);
  for (const f of features) if (f.properties.code) note(f.properties.code);

  const problems: FieldProblem[] = [];
  const planned: PlannedGrid[] = [];
  features.forEach((f, index) => {
    const { villageCode, name } = f.properties;
    const village = villages.get(villageCode);
    if (!village) return; // Reported before planning.
    let code = f.properties.code;
    if (code === undefined) {
      const next = (highest.get(villageCode) ?? 0) + 1;
      if (next > 999) {
        problems.push({
          field: `features[${index}].properties.code`,
          message: `feature ${index}: village ${villageCode} has no free grid code left (001–999)`,
        });
        return;
      }
      highest.set(villageCode, next);
      code = `${villageCode}${String(next).padStart(3, "0")}`;
    }
    planned.push({
      index,
      code,
      name,
      villageCode,
      countyCode: village.countyCode,
      path: `${village.path}.${code}`,
      geometry: f.geometry,
      bbox: bboxOf(f.geometry),
    });
  });
  if (problems.length > 0) throw importRejected(problems);
  return planned;
}

/** Pairs of the file's own polygons that share area: bbox R-tree first, exact test second. */
function overlapsInFile(planned: PlannedGrid[]): FieldProblem[] {
  if (planned.length < 2) return [];
  const tree = new Flatbush(planned.length);
  for (const p of planned) tree.add(...p.bbox);
  tree.finish();
  const problems: FieldProblem[] = [];
  planned.forEach((p, i) => {
    for (const j of tree.search(...p.bbox)) {
      const other = planned[j];
      if (j <= i || !other || !geometriesOverlap(p.geometry, other.geometry)) continue;
      problems.push({
        field: `features[${other.index}].geometry`,
        message: `feature ${other.index} (${other.code}) overlaps feature ${p.index} (${p.code})`,
      });
    }
  });
  return problems;
}

/**
 * The file's polygons that share area with a grid already stored under another code (grids the
 * import replaces or deletes excepted). Candidates come from a bbox query, then the exact test.
 * A grid outside the importer's scope is not named, only said to be there.
 */
async function overlapsWithExisting(
  tx: Tx,
  planned: PlannedGrid[],
  ignore: Set<string>,
  scopes: readonly Binding[] | null,
): Promise<FieldProblem[]> {
  const all: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { bbox } of planned) {
    all[0] = Math.min(all[0], bbox[0]);
    all[1] = Math.min(all[1], bbox[1]);
    all[2] = Math.max(all[2], bbox[2]);
    all[3] = Math.max(all[3], bbox[3]);
  }
  const boxes = (
    await tx
      .select({
        code: grids.code,
        minLon: grids.minLon,
        minLat: grids.minLat,
        maxLon: grids.maxLon,
        maxLat: grids.maxLat,
      })
      .from(grids)
      .where(
        and(
          lte(grids.minLon, all[2]),
          gte(grids.maxLon, all[0]),
          lte(grids.minLat, all[3]),
          gte(grids.maxLat, all[1]),
        ),
      )
  ).filter((b) => !ignore.has(b.code));
  if (boxes.length === 0) return [];

  const tree = new Flatbush(boxes.length);
  for (const b of boxes) tree.add(b.minLon, b.minLat, b.maxLon, b.maxLat);
  tree.finish();
  const candidates = new Map<number, string[]>();
  for (const p of planned) {
    const hits = tree.search(...p.bbox).flatMap((k) => boxes[k]?.code ?? []);
    if (hits.length > 0) candidates.set(p.index, hits);
  }
  const wanted = [...new Set([...candidates.values()].flat())];
  const shapes = new Map<string, { geometry: GridGeometry; visible: boolean }>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await tx
      .select({
        code: grids.code,
        geometry: grids.geometry,
        visible: scopes ? sql<boolean>`${withinScopes(grids.path, scopes)}` : sql<boolean>`true`,
      })
      .from(grids)
      .where(inArray(grids.code, wanted.slice(i, i + CHUNK)));
    for (const r of rows) shapes.set(r.code, { geometry: r.geometry as GridGeometry, visible: r.visible });
  }

  const problems: FieldProblem[] = [];
  for (const p of planned) {
    for (const code of candidates.get(p.index) ?? []) {
      const shape = shapes.get(code);
      if (!shape || !geometriesOverlap(p.geometry, shape.geometry)) continue;
      const what = shape.visible ? `existing grid ${code}` : "an existing grid outside your scope";
      problems.push({
        field: `features[${p.index}].geometry`,
        message: `feature ${p.index} (${p.code}) overlaps ${what}`,
      });
    }
  }
  return problems;
}

/** Upserts the grids' region rows and shapes. */
async function writeGrids(tx: Tx, batch: PlannedGrid[]): Promise<void> {
  await tx
    .insert(regions)
    .values(
      batch.map((p) => ({
        code: p.code,
        name: p.name,
        level: "grid" as const,
        parentCode: p.villageCode,
        path: p.path,
        countyCode: p.countyCode,
      })),
    )
    .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name` } });
  await tx
    .insert(grids)
    .values(
      batch.map((p) => ({
        code: p.code,
        villageCode: p.villageCode,
        countyCode: p.countyCode,
        path: p.path,
        geometry: p.geometry,
        minLon: p.bbox[0],
        minLat: p.bbox[1],
        maxLon: p.bbox[2],
        maxLat: p.bbox[3],
      })),
    )
    .onConflictDoUpdate({
      target: grids.code,
      set: {
        geometry: sql`excluded.geometry`,
        minLon: sql`excluded.min_lon`,
        minLat: sql`excluded.min_lat`,
        maxLon: sql`excluded.max_lon`,
        maxLat: sql`excluded.max_lat`,
        updatedAt: sql`now()`,
      },
    });
}

/** The deepest path that contains all of `paths` (the audit row's scope). */
function commonPath(paths: string[]): string | null {
  const [first, ...rest] = paths.map((p) => p.split("."));
  if (!first) return null;
  let n = first.length;
  for (const labels of rest) {
    let k = 0;
    while (k < n && labels[k] === first[k]) k++;
    n = k;
  }
  return n === 0 ? null : first.slice(0, n).join(".");
}
