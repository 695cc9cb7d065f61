/**
 * Generated demo grids: 1–3 per village of a city, as non-overlapping polygons inside Langfang's
 * real extent. The shapes are invented (the real grid boundaries are not public); they only
 * have to look plausible on a map and exercise the look-up.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { BBox, Position } from "./geometry.js";
import { importGrids, type ImportProgress } from "./import-grids.js";
import type { GridFeatureCollection } from "./schemas.js";

/** Langfang's extent, [minLon, minLat, maxLon, maxLat]: about 38.47–40.25 N, 116.10–117.25 E. */
export const LANGFANG_EXTENT: BBox = [116.1, 38.47, 117.25, 40.25];

/** Deterministic PRNG (mulberry32): the same demo every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoVillage {
  code: string;
  name: string;
}

export interface DemoGridOptions {
  extent?: BBox;
  seed?: number;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * One slightly irregular polygon inside the cell [x0,x1]×[y0,y1]: a corner in each corner zone
 * and sometimes a point near an edge's middle. Every vertex lies in its own angular sector
 * around the cell's centre, so the polygon is simple; it stays inside the cell, so grids in
 * different cells never overlap.
 */
function cellPolygon(x0: number, y0: number, w: number, h: number, random: () => number): Position[] {
  const between = (a: number, b: number) => a + (b - a) * random();
  const inset = () => between(0.03, 0.2);
  const mid = () => between(0.35, 0.65);
  const edge = () => between(0, 0.15);
  // Counter-clockwise from the south-west corner, as RFC 7946 asks of exterior rings.
  const unit: [number, number][] = [[inset(), inset()]];
  if (random() < 0.35) unit.push([mid(), edge()]);
  unit.push([1 - inset(), inset()]);
  if (random() < 0.35) unit.push([1 - edge(), mid()]);
  unit.push([1 - inset(), 1 - inset()]);
  if (random() < 0.35) unit.push([mid(), 1 - edge()]);
  unit.push([inset(), 1 - inset()]);
  if (random() < 0.35) unit.push([edge(), mid()]);
  const ring = unit.map(([u, v]) => [round6(x0 + u * w), round6(y0 + v * h)]);
  ring.push([...(ring[0] ?? [])]);
  return ring;
}

/**
 * The demo FeatureCollection for `villages` (in code order): 1–3 grids each, laid on a lattice
 * over the extent in a snake order, so a village's grids are neighbouring cells and the villages
 * of a township or county sit together.
 */
export function buildDemoGridCollection(
  villages: readonly DemoVillage[],
  opts: DemoGridOptions = {},
): GridFeatureCollection {
  const [minLon, minLat, maxLon, maxLat] = opts.extent ?? LANGFANG_EXTENT;
  const random = seededRandom(opts.seed ?? 1310);
  // 50% one grid, 35% two, 15% three: about 1.65 per village, ~6,000 for Langfang's 3,619.
  const counts = villages.map(() => {
    const r = random();
    return r < 0.5 ? 1 : r < 0.85 ? 2 : 3;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  // Cells about square on the ground: a degree of longitude is cos(latitude) of one of latitude.
  const widthKm = (maxLon - minLon) * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const heightKm = maxLat - minLat;
  const cols = Math.max(1, Math.ceil(Math.sqrt((total * widthKm) / heightKm)));
  const rows = Math.max(1, Math.ceil(total / cols));
  const w = (maxLon - minLon) / cols;
  const h = (maxLat - minLat) / rows;

  const features: GridFeatureCollection["features"] = [];
  let cell = 0;
  villages.forEach((village, v) => {
    for (let n = 1; n <= (counts[v] ?? 1); n++, cell++) {
      const row = Math.floor(cell / cols);
      const inRow = cell % cols;
      const col = row % 2 === 0 ? inRow : cols - 1 - inRow;
      const x0 = minLon + col * w;
      const y0 = maxLat - (row + 1) * h; // From the north down.
      features.push({
        type: "Feature",
        geometry: { type: "Polygon", coordinates: [cellPolygon(x0, y0, w, h, random)] },
        properties: {
          code: `${village.code}${String(n).padStart(3, "0")}`,
          name: `${village.name}第${n}网格`,
          villageCode: village.code,
        },
      });
    }
  });
  return { type: "FeatureCollection", features };
}

/**
 * Creates the demo grids for every village of `city` (default Langfang, 1310) through the one
 * import path (validated, one transaction, audited). Rerunning it rewrites the same grids.
 */
export async function generateDemoGrids(
  db: Db,
  opts: DemoGridOptions & { city?: string; onProgress?: (p: ImportProgress) => void } = {},
): Promise<{ grids: number }> {
  const villages = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, "village"), sql`${regions.path} <@ ${opts.city ?? "1310"}::ltree`))
    .orderBy(asc(regions.code));
  const collection = buildDemoGridCollection(villages, opts);
  const result = await importGrids(db, collection, { actor: "system", onProgress: opts.onProgress });
  return { grids: result.created + result.updated };
}
