/**
 * One icon per top-level category of the catalogue, by its code, for both apps: the phone draws
 * it from its own small SVG set (src/web/mobile/resident/icons.tsx), the console from antd's icons.
 * A category's own `icon` (the catalogue's field) still marks the leaves on the phone; at the top
 * level this map decides, so two top-level categories never share an icon. An unknown code falls
 * back to a neutral mark.
 */

/** The icon of each top-level category: a name both apps map to a drawing. */
export const TOP_CATEGORY_ICONS = {
  sanitation: "trash",
  roads: "road",
  streetlights: "bulb",
  heating_gas: "flame",
  property: "building",
  disputes: "handshake",
  security: "shield",
  facility_safety: "alert",
  elderly_care: "heart",
  micro_wish: "gift",
  other: "more",
} as const;

export type CategoryIconName = (typeof TOP_CATEGORY_ICONS)[keyof typeof TOP_CATEGORY_ICONS] | "fallback";

/** The top-level code of a category code (`security.wires` → `security`). */
export function topLevelCode(code: string): string {
  return code.split(".")[0] ?? code;
}

/** The icon of a category's top-level category; "fallback" for a code the map does not know. */
export function categoryIconName(code: string | null | undefined): CategoryIconName {
  if (!code) return "fallback";
  const top = topLevelCode(code);
  return (TOP_CATEGORY_ICONS as Record<string, CategoryIconName>)[top] ?? "fallback";
}
