/**
 * The base map beneath grids and cases. The server names its tile provider (MAP_TILE_PROVIDER,
 * MAP_TILE_URL or the Tianditu preset with TIANDITU_KEY) in the pages' `<meta name="mg-map">`
 * (src/server/web.ts), and its CSP allows images from that provider's origins only. Without one
 * (a closed network) the maps draw grid polygons on a plain background.
 */
import L from "leaflet";
import { MAP_TILES_META, type MapTilesSetting } from "../../shared/contracts/map-tiles.js";

/** The provider the server configured, or null. */
export function mapTiles(): MapTilesSetting | null {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${MAP_TILES_META}"]`);
  if (!meta?.content) return null;
  try {
    const parsed = JSON.parse(meta.content) as MapTilesSetting;
    return typeof parsed.url === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** The credit a provider's terms ask for: fixed words, never text from data (Leaflet sets it as HTML). */
const ATTRIBUTION: Record<MapTilesSetting["provider"], string> = {
  custom: "",
  tianditu: "© 天地图 Tianditu",
  tianditu_satellite: "© 天地图 Tianditu",
};

/**
 * Adds the configured tile layers to `map` (the base, then its place names in the page's
 * language); returns false without a provider, so the caller draws its plain background.
 * Tiles ask with the site's origin only as referrer (Tianditu checks a browser key against it),
 * never the page's path: the mobile pages' URLs may hold tracking codes.
 */
export function addBaseMap(map: L.Map): boolean {
  const tiles = mapTiles();
  if (!tiles) return false;
  const options: L.TileLayerOptions = {
    maxZoom: tiles.maxZoom,
    referrerPolicy: "strict-origin",
    ...(tiles.subdomains ? { subdomains: tiles.subdomains } : {}),
  };
  const attribution = ATTRIBUTION[tiles.provider];
  L.tileLayer(tiles.url, { ...options, ...(attribution ? { attribution } : {}) }).addTo(map);
  if (tiles.labels) {
    const english = document.documentElement.lang === "en";
    L.tileLayer(english ? tiles.labels.en : tiles.labels.zh, options).addTo(map);
  }
  // The credit shows even on maps made without Leaflet's own attribution control.
  if (attribution && !map.attributionControl) L.control.attribution({ prefix: false }).addTo(map);
  return true;
}
