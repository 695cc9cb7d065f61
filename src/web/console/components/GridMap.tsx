/**
 * Grid polygons on a Leaflet map, drawn even without map tiles (no tile layer unless one is
 * configured, see shared/map-tiles.ts): each feature with its own colour, a tooltip, and a click.
 * The map fits the features; `focus` pans to one of them.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import { plainTextNode } from "../../shared/plain-text.js";
import { addBaseMap } from "../../shared/map-tiles.js";

export interface MapFeature {
  id: string;
  geometry: { type: string; coordinates: unknown };
  fill: string;
  stroke?: string;
  /** Plain text (names come from data): shown as text, never parsed as HTML. */
  tooltip: string;
  /** Drawn thicker (e.g. a feature with an error). */
  emphasis?: boolean;
}

export interface GridMapProps {
  features: MapFeature[];
  height: number | string;
  label: string;
  onPick?: (id: string) => void;
  /** Id of a feature to fit the view to. */
  focus?: string | null;
  background?: string;
  testId?: string;
  /** The + and − buttons; off where nobody can press them (a wall display). */
  zoomControl?: boolean;
}

export function GridMap({
  features,
  height,
  label,
  onPick,
  focus,
  background = "#eef1f5",
  testId,
  zoomControl = true,
}: GridMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);
  const byId = useRef(new Map<string, L.Layer>());
  const pick = useRef(onPick);
  pick.current = onPick;
  /** Bounds to fit once the box has a size (a box of 0×0 would make Leaflet's zoom NaN). */
  const pending = useRef<{ bounds: L.LatLngBounds; maxZoom?: number } | null>(null);

  const fit = (bounds: L.LatLngBounds, maxZoom?: number) => {
    const instance = map.current;
    if (!instance || !bounds.isValid()) return;
    const size = instance.getSize();
    if (size.x <= 0 || size.y <= 0) {
      pending.current = { bounds, maxZoom };
      return;
    }
    pending.current = null;
    instance.fitBounds(bounds, { padding: [12, 12], maxZoom: maxZoom ?? 18 });
  };

  useEffect(() => {
    if (!box.current) return;
    const instance = L.map(box.current, {
      zoomControl,
      attributionControl: false,
      preferCanvas: false,
    });
    instance.setView([39.5, 116.7], 9);
    addBaseMap(instance);
    map.current = instance;
    const observer = new ResizeObserver(() => {
      if (map.current !== instance) return;
      instance.invalidateSize();
      const waiting = pending.current;
      if (waiting) fit(waiting.bounds, waiting.maxZoom);
    });
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      map.current = null;
      instance.remove();
    };
  }, []);

  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    layer.current?.remove();
    byId.current.clear();
    const collection = {
      type: "FeatureCollection" as const,
      features: features.map((f) => ({
        type: "Feature" as const,
        geometry: f.geometry as GeoJSON.Geometry,
        properties: { id: f.id },
      })),
    };
    const meta = new Map(features.map((f) => [f.id, f]));
    const geo = L.geoJSON(collection, {
      style: (feature) => {
        const f = meta.get((feature?.properties as { id: string }).id);
        return {
          color: f?.stroke ?? "#1f4e79",
          weight: f?.emphasis ? 3 : 1,
          fillColor: f?.fill ?? "#4a90d9",
          fillOpacity: 0.75,
        };
      },
      onEachFeature: (feature, featureLayer) => {
        const id = (feature.properties as { id: string }).id;
        const f = meta.get(id);
        byId.current.set(id, featureLayer);
        if (f) featureLayer.bindTooltip(plainTextNode(f.tooltip), { sticky: true });
        featureLayer.on("click", () => pick.current?.(id));
      },
    });
    geo.addTo(instance);
    layer.current = geo;
    fit(geo.getBounds());
  }, [features]);

  useEffect(() => {
    if (!focus || !map.current) return;
    const target = byId.current.get(focus) as L.Polygon | undefined;
    if (target?.getBounds) fit(target.getBounds(), 16);
  }, [focus]);

  return (
    <div
      ref={box}
      role="region"
      aria-label={label}
      data-testid={testId}
      style={{ width: "100%", height, background, borderRadius: 4 }}
    />
  );
}
