/**
 * The base map the pages draw beneath grids and cases: a tile provider chosen by the server's
 * settings (MAP_TILE_PROVIDER, MAP_TILE_URL, TIANDITU_KEY; see src/config.ts) and handed to the
 * pages in `<meta name="mg-map">` (src/server/web.ts), so one build serves every deployment.
 *
 * Coordinates: Microgov stores points and grid polygons in WGS84 (GPS, GeoJSON). Tianditu (天地图)
 * draws in CGCS2000, which differs from WGS84 by centimetres, so both line up without any
 * conversion. AMap (高德), Tencent (腾讯) and Google's China tiles are drawn in GCJ-02, Baidu's in
 * BD-09: WGS84 points land 100–700 m off on them. Microgov does not convert; it refuses those
 * providers' hosts at start (`GCJ02_TILE_HOSTS`) rather than misplace every case.
 */

/** The presets; `custom` is a URL template of the deployment's own (an intranet tile server). */
export const MAP_TILE_PROVIDERS = ["none", "custom", "tianditu", "tianditu_satellite"] as const;
export type MapTileProvider = (typeof MAP_TILE_PROVIDERS)[number];

/** What the pages need to draw the base map; null (no meta): grids on a plain background. */
export interface MapTilesSetting {
  provider: Exclude<MapTileProvider, "none">;
  /** Leaflet URL template (`{z}/{x}/{y}`, `{s}` for a subdomain). */
  url: string;
  /** The characters Leaflet puts in `{s}` (Tianditu: t0 … t7). */
  subdomains?: string;
  /** A label layer drawn above the base (place names), per language of the page. */
  labels?: { zh: string; en: string };
  maxZoom: number;
}

/** The meta element's name. */
export const MAP_TILES_META = "mg-map";

/** Tianditu's Web Mercator (TILEMATRIXSET=w) WMTS layer as a Leaflet XYZ template. */
function tiandituLayer(layer: string, key: string): string {
  return (
    `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
    `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}` +
    `&tk=${encodeURIComponent(key)}`
  );
}

/**
 * The national Tianditu service (天地图, tianditu.gov.cn): the vector map (vec) or satellite
 * imagery (img), with Chinese (cva / cia) or English (eva / eia) place names above it.
 */
export function tiandituTiles(key: string, satellite = false): MapTilesSetting {
  const [base, zh, en] = satellite ? ["img", "cia", "eia"] : ["vec", "cva", "eva"];
  return {
    provider: satellite ? "tianditu_satellite" : "tianditu",
    url: tiandituLayer(base, key),
    subdomains: "01234567",
    labels: { zh: tiandituLayer(zh, key), en: tiandituLayer(en, key) },
    maxZoom: 18,
  };
}

/**
 * Hosts of tile services drawn in GCJ-02 (or Baidu's BD-09): a WGS84 point or grid drawn on
 * them is off by hundreds of metres. Matched as the host or a subdomain of it.
 */
export const GCJ02_TILE_HOSTS = [
  "autonavi.com",
  "amap.com",
  "map.qq.com",
  "gtimg.com",
  "google.cn",
  "bdimg.com",
  "baidu.com",
] as const;

/** The GCJ-02 (or BD-09) host a tile URL template points at, or null. */
export function gcj02HostOf(template: string): string | null {
  let host: string;
  try {
    host = new URL(template.replaceAll(/[{}]/g, "")).hostname.toLowerCase();
  } catch {
    return null;
  }
  return GCJ02_TILE_HOSTS.find((h) => host === h || host.endsWith(`.${h}`)) ?? null;
}
