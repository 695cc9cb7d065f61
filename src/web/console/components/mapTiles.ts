/**
 * The map's tile layer is off by default (the console often runs on a closed network): grid
 * polygons are drawn on a plain background. A deployment with a tile server sets its URL
 * template (e.g. `https://tiles.example/{z}/{x}/{y}.png`) in localStorage `mg.mapTiles`, or at
 * build time in VITE_MAP_TILE_URL.
 */
export function mapTileUrl(): string | null {
  try {
    const stored = localStorage.getItem("mg.mapTiles");
    if (stored) return stored;
  } catch {
    // storage disabled
  }
  const fromBuild = import.meta.env.VITE_MAP_TILE_URL as string | undefined;
  return fromBuild ? fromBuild : null;
}
