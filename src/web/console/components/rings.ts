import type L from "leaflet";
import type { GridItem } from "../../shared/contracts.js";

/** A grid's GeoJSON (Polygon or MultiPolygon, lon/lat) as Leaflet's lat/lng rings. */
export function ringsOf(geometry: NonNullable<GridItem["geometry"]>): L.LatLngExpression[][][] {
  const polygons = (
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
  ) as number[][][][];
  return polygons.map((rings) =>
    rings.map((ring) => ring.map(([lon, lat]) => [lat ?? 0, lon ?? 0] as L.LatLngTuple)),
  );
}
