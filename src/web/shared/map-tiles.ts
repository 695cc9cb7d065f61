/**
 * The map tile URL template, or null. The server's MAP_TILE_URL setting names it in the pages'
 * `<meta name="mg-map-tiles">` (see src/server/web.ts), and its CSP allows images from that
 * origin only. Without one (a closed network) the maps draw grid polygons on a plain background.
 */
export function mapTileUrl(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="mg-map-tiles"]');
  return meta?.content ? meta.content : null;
}
