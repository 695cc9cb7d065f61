/**
 * A pin on a map (its own lazy chunk: Leaflet is heavy). Tiles come from the server's
 * MAP_TILE_URL when it names a tile server; without one (a closed network) a light coordinate grid is drawn
 * so the map still pans and shows where the pin is. Without a pin yet, it opens on the phone's
 * position when the phone may tell it (the pin put there to start with), else on the city; the
 * chosen point is named by its community, not by coordinates.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { Button } from "antd-mobile";
import { useEffect, useRef, useState } from "react";
import { addBaseMap } from "../../shared/map-tiles.js";
import { useI18n } from "../i18n/index.js";
import { useCommunityName } from "./community.js";

/** Langfang's centre, where the map opens without a better guess. */
const CITY_CENTRE: [number, number] = [39.52, 116.7];

/** A canvas layer of faint lines every 0.01° (about 1 km), labelled, instead of map tiles. */
const Graticule = L.GridLayer.extend({
  createTile(this: L.GridLayer, coords: L.Coords) {
    const tile = document.createElement("canvas");
    const size = this.getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const context = tile.getContext("2d");
    if (context) {
      context.fillStyle = "#eef2f5";
      context.fillRect(0, 0, size.x, size.y);
      context.strokeStyle = "#c9d3dc";
      context.strokeRect(0, 0, size.x, size.y);
      const map = (this as unknown as { _map: L.Map })._map;
      const nw = map.unproject(coords.scaleBy(size), coords.z);
      context.fillStyle = "#7b8a97";
      context.font = "11px sans-serif";
      context.fillText(`${nw.lat.toFixed(3)}, ${nw.lng.toFixed(3)}`, 4, 14);
    }
    return tile;
  },
});

export default function MapPicker({
  initial,
  onPick,
}: {
  initial: { lon: number; lat: number } | null;
  onPick: (lon: number, lat: number) => void;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [point, setPoint] = useState(initial);
  const pointName = useCommunityName(point);

  useEffect(() => {
    if (!box.current) return;
    const start: [number, number] = initial ? [initial.lat, initial.lon] : CITY_CENTRE;
    const map = L.map(box.current, { center: start, zoom: initial ? 16 : 12, attributionControl: false });
    if (!addBaseMap(map)) new Graticule().addTo(map);
    const marker = L.circleMarker(start, { radius: 10, color: "#1677ff", weight: 3, fillOpacity: 0.5 });
    if (initial) marker.addTo(map);
    let tapped = false;
    map.on("click", (e: L.LeafletMouseEvent) => {
      tapped = true;
      marker.setLatLng(e.latlng).addTo(map);
      setPoint({ lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) });
    });
    let open = true;
    // No pin yet: the phone's position, when it may tell it (a refusal or no answer leaves the city).
    if (!initial && "geolocation" in navigator) {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          if (!open || tapped) return;
          const here = L.latLng(position.coords.latitude, position.coords.longitude);
          map.setView(here, 16);
          marker.setLatLng(here).addTo(map);
          setPoint({ lon: Number(here.lng.toFixed(6)), lat: Number(here.lat.toFixed(6)) });
        },
        () => undefined,
        { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
      );
    }
    return () => {
      open = false;
      map.remove();
    };
    // The map is made once; later pins move the marker.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div>
      <p className="mg-muted">{t("place.map.hint")}</p>
      <div ref={box} className="mg-map" data-testid="map" role="application" aria-label={t("place.map")} />
      <p className="mg-muted" aria-live="polite" data-testid="map-point">
        {point
          ? pointName
            ? t("place.point.named", { place: pointName })
            : t("place.point", { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })
          : ""}
      </p>
      <Button
        block
        color="primary"
        disabled={!point}
        onClick={() => {
          if (point) onPick(point.lon, point.lat);
        }}
      >
        {t("place.map.use")}
      </Button>
    </div>
  );
}
