/**
 * A case on the map (Leaflet): its point and the grid polygon it lies in, over the other grids
 * of the same village for orientation. Without internet there are no map tiles: the polygons are
 * drawn on a plain background. Set the server's MAP_TILE_URL (e.g. an intranet tile server,
 * `https://tiles.example/{z}/{x}/{y}.png`) to draw tiles beneath them.
 * With `onPick`, a click places the point (the triage form shows it and its grid too).
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import type { CaseDetail, GridList } from "../../../shared/contracts.js";
import { addBaseMap } from "../../../shared/map-tiles.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useHomeArea } from "../../homeArea.js";
import { ringsOf } from "../../components/rings.js";

type Point = NonNullable<CaseDetail["location"]>;

/** Langfang's middle, until the person's own area is known. */
const CITY_CENTRE: L.LatLngTuple = [39.52, 116.7];

export interface CaseMapProps {
  point: Point | null;
  /** The grid to highlight. */
  gridCode: string | null;
  /** The village whose grids to draw (defaults to the grid's village). */
  villageCode?: string | null;
  onPick?: (point: Point) => void;
  height?: number;
}

export default function CaseMap({ point, gridCode, villageCode, onPick, height = 320 }: CaseMapProps) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, { center: CITY_CENTRE, zoom: 10, attributionControl: false });
    addBaseMap(m);
    layers.current = L.layerGroup().addTo(m);
    m.on("click", (e: L.LeafletMouseEvent) => {
      pickRef.current?.({ lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) });
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  const village = villageCode ?? (gridCode ? gridCode.slice(0, 12) : null);
  // The grids of the village with their shapes (cached: every map of the village shares them).
  const villageGrids = useGet<GridList>(village ? "/grids" : null, {
    region: village ?? undefined,
    geometry: "true",
    pageSize: 200,
  });
  const grids = villageGrids.data?.items;
  // With no grid and no point to show, the map opens on the person's own area (their unit's region).
  const home = useHomeArea()?.extent ?? null;
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    group.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const grid of grids ?? []) {
      if (!grid.geometry) continue;
      const selected = grid.code === gridCode;
      L.polygon(ringsOf(grid.geometry), {
        color: selected ? "#d4380d" : "#8c8c8c",
        weight: selected ? 3 : 1,
        fillOpacity: selected ? 0.2 : 0.05,
        interactive: false,
      }).addTo(group);
      if (selected || !gridCode) bounds.extend(L.polygon(ringsOf(grid.geometry)).getBounds());
    }
    if (point) {
      L.circleMarker([point.lat, point.lon], {
        radius: 8,
        color: "#fff",
        weight: 2,
        fillColor: "#1677ff",
        fillOpacity: 1,
        interactive: false,
      }).addTo(group);
      bounds.extend([point.lat, point.lon]);
    }
    // No animation: a page left at once (the header search, a link) removes the map mid-zoom.
    if (!bounds.isValid() && home) {
      const [west, south, east, north] = home;
      bounds.extend([south, west]).extend([north, east]);
    }
    if (bounds.isValid()) m.fitBounds(bounds.pad(0.2), { maxZoom: 16, animate: false });
  }, [grids, gridCode, point, home]);

  return (
    <div
      ref={container}
      role="region"
      aria-label={onPick ? t("work.map.pickLabel") : t("work.map.label")}
      data-testid="case-map"
      style={{ height, background: "#eef2f6", borderRadius: 8, cursor: onPick ? "crosshair" : undefined }}
    />
  );
}
