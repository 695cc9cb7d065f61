/**
 * Plain geometry on GeoJSON Polygon / MultiPolygon coordinates in WGS 84 degrees: bounding boxes,
 * ring checks, and the exact overlap test the grid import relies on.
 */
import polygonClipping from "polygon-clipping";

/** [longitude, latitude] or [longitude, latitude, altitude]. */
export type Position = number[];
export type Ring = Position[];
export type PolygonCoordinates = Ring[];

export interface PolygonGeometry {
  type: "Polygon";
  coordinates: PolygonCoordinates;
}
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: PolygonCoordinates[];
}
/** The shapes a grid may have. */
export type GridGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/** The polygons of a geometry, a Polygon being a MultiPolygon of one. */
export function polygonsOf(geometry: GridGeometry): PolygonCoordinates[] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: GridGeometry): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    // Holes lie inside the exterior ring, so the exterior alone bounds the polygon.
    for (const [lon = 0, lat = 0] of polygon[0] ?? []) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Signed area of a ring in square degrees (shoelace; positive when counter-clockwise). */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1 = 0, y1 = 0] = ring[i] ?? [];
    const [x2 = 0, y2 = 0] = ring[i + 1] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

function multiPolygonArea(polygons: PolygonCoordinates[]): number {
  let area = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, i) => {
      area += i === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring));
    });
  }
  return area;
}

/**
 * Shared area below this (square degrees, about 0.01 m² at Langfang's latitude) is rounding
 * noise of neighbours that share an edge, not an overlap.
 */
const OVERLAP_EPSILON = 1e-12;

type Pair = [number, number];
function toClipping(geometry: GridGeometry): Pair[][][] {
  return polygonsOf(geometry).map((polygon) =>
    polygon.map((ring) => ring.map(([lon = 0, lat = 0]): Pair => [lon, lat])),
  );
}

/**
 * True when the two shapes share area. Grids of one village tile it, so touching along an edge
 * or at a corner is allowed; only a common interior counts.
 */
export function geometriesOverlap(a: GridGeometry, b: GridGeometry): boolean {
  if (!bboxesIntersect(bboxOf(a), bboxOf(b))) return false;
  const shared = polygonClipping.intersection(toClipping(a), toClipping(b));
  return multiPolygonArea(shared) > OVERLAP_EPSILON;
}

/**
 * Why a Polygon's coordinates are not acceptable, or null when they are: WGS 84 positions in
 * range, every ring closed with at least 4 positions and enclosing some area.
 * `label` prefixes the message for MultiPolygon members ("polygon 2 ").
 */
export function polygonCoordinatesProblem(value: unknown, label = ""): string | null {
  if (!Array.isArray(value) || value.length === 0) {
    return `${label}must be a non-empty array of rings (the exterior ring, then any holes)`;
  }
  for (let r = 0; r < value.length; r++) {
    const ring: unknown = value[r];
    const where = `${label}ring ${r}`;
    if (!Array.isArray(ring)) return `${where} must be an array of positions`;
    if (ring.length < 4) return `${where} has ${ring.length} positions; a ring needs at least 4`;
    for (let p = 0; p < ring.length; p++) {
      const problem = positionProblem(ring[p]);
      if (problem) return `${where} position ${p}: ${problem}`;
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return `${where} is not closed: its first and last positions must be equal`;
    }
    if (Math.abs(ringArea(ring as Ring)) < 1e-14) return `${where} encloses no area`;
  }
  return null;
}

function positionProblem(value: unknown): string | null {
  if (
    !Array.isArray(value) ||
    value.length < 2 ||
    value.length > 3 ||
    !value.every((n) => typeof n === "number" && Number.isFinite(n))
  ) {
    return "a position is [longitude, latitude] in numbers";
  }
  const [lon, lat] = value as [number, number];
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside -180..180 (WGS 84 degrees)`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside -90..90 (WGS 84 degrees)`;
  return null;
}
