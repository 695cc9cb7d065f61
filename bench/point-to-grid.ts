/**
 * B6 point → grid look-up speed: the GridIndex (Flatbush R-tree over bounding boxes, then
 * point-in-polygon on the candidates) built from a database's grids table, then random points in
 * Langfang's extent. `runPointToGrid` is called by bench/run.ts on the seeded PostgreSQL database;
 * run on its own (`npm run bench:grid`) it builds Langfang's ~6,000 demo grids in an in-memory
 * PGlite first. Prints figures only; it is not a test.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { openPglite, type Db } from "../src/db/client.js";
import { generateDemoGrids, LANGFANG_EXTENT, seededRandom } from "../src/modules/grids/demo-grids.js";
import { GridIndex } from "../src/modules/grids/grid-index.js";
import { importRegions } from "../src/modules/regions/import-regions.js";

export interface PointToGridResult {
  grids: number;
  points: number;
  indexBuildMs: number;
  seconds: number;
  perSecond: number;
  hitRate: number;
}

/** Builds the index from `db`'s grids and times `points` look-ups of random points in the extent. */
export async function runPointToGrid(
  db: Db,
  opts: { points: number; seed?: number },
): Promise<PointToGridResult> {
  let t = performance.now();
  const index = await GridIndex.build(db);
  const indexBuildMs = performance.now() - t;

  const random = seededRandom(opts.seed ?? 42);
  const [minLon, minLat, maxLon, maxLat] = LANGFANG_EXTENT;
  const lons = new Float64Array(opts.points);
  const lats = new Float64Array(opts.points);
  for (let i = 0; i < opts.points; i++) {
    lons[i] = minLon + random() * (maxLon - minLon);
    lats[i] = minLat + random() * (maxLat - minLat);
  }
  // Warm up the JIT on a slice, then measure the whole run.
  for (let i = 0; i < Math.min(20_000, opts.points); i++) index.locate(lons[i] ?? 0, lats[i] ?? 0);
  let hits = 0;
  t = performance.now();
  for (let i = 0; i < opts.points; i++) {
    if (index.locate(lons[i] ?? 0, lats[i] ?? 0)) hits++;
  }
  const seconds = (performance.now() - t) / 1000;
  return {
    grids: index.size,
    points: opts.points,
    indexBuildMs,
    seconds,
    perSecond: opts.points / seconds,
    hitRate: hits / opts.points,
  };
}

const ms = (from: number) => `${(performance.now() - from).toFixed(0)} ms`;

async function main(): Promise<void> {
  const points = 1_000_000;
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"})`);
  let t = performance.now();
  const database = await openPglite(undefined);
  console.log(`PGlite opened and migrated: ${ms(t)}`);

  t = performance.now();
  const regions = await importRegions(database.db, { city: "1310" });
  console.log(`regions imported (${regions.villages} villages): ${ms(t)}`);

  t = performance.now();
  const demo = await generateDemoGrids(database.db);
  console.log(`demo grids generated and imported (${demo.grids} grids): ${ms(t)}`);

  const r = await runPointToGrid(database.db, { points });
  console.log(`index built from the grids table (${r.grids} grids): ${r.indexBuildMs.toFixed(0)} ms`);
  console.log(
    `${points.toLocaleString("en")} look-ups in ${r.seconds.toFixed(2)} s: ` +
      `${Math.round(r.perSecond).toLocaleString("en")} look-ups/s, ` +
      `hit rate ${(r.hitRate * 100).toFixed(1)}% (points between grids find none)`,
  );
  await database.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
