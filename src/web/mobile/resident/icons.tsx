/**
 * Category icons as small inline SVGs (the catalogue names them: trash, road, bulb …). Drawn
 * here rather than taken from an icon font: a dozen paths cost less than a font, and no emoji
 * font can be counted on in a village's cheap phone.
 */
const PATHS: Record<string, string> = {
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
  droplet: "M12 3c3 4.5 6 7.6 6 11a6 6 0 0 1-12 0c0-3.4 3-6.5 6-11z",
  toilet: "M6 3h5v8H6zM4 11h14a5 5 0 0 1-5 5h-4l-1 5h6",
  road: "M8 3 4 21M16 3l4 18M12 4v3M12 10v4M12 17v3",
  cone: "M9.5 4h5l4 14h-13zM8 11h8M3 18h18v3H3z",
  bulb: "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.7.7 1 1.5 1 2.5h6c0-1 .3-1.8 1-2.5A6 6 0 0 0 12 3z",
  flame: "M12 21a6 6 0 0 0 6-6c0-4-3-6-4-10-2 2-2 4-2 5-1-1-2-2-2-3-2 2-4 5-4 8a6 6 0 0 0 6 6z",
  thermometer: "M10 4a2 2 0 0 1 4 0v10.5a4 4 0 1 1-4 0zM12 9v8",
  building: "M5 21V3h10v18M15 9h4v12M3 21h18M8 7h4M8 11h4M8 15h4",
  elevator: "M5 3h14v18H5zM12 3v18M8 10l1.5-2 1.5 2M13 14l1.5 2 1.5-2",
  receipt: "M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h3",
  handshake: "M3 12l4-4 5 2 5-2 4 4-6 6-3-3-3 3zM7 8l5 5M17 8l-5 5",
  home: "M3 11 12 3l9 8M5 9.5V21h14V9.5M10 21v-6h4v6",
  shield: "M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z",
  alert: "M12 3 2 21h20zM12 10v5M12 18v.5",
  plug: "M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0zM12 17v4",
  dumbbell: "M2 12h2M20 12h2M4 8v8M20 8v8M7 6v12M17 6v12M7 12h10",
  playground: "M4 21V8l4-4 4 4v13M12 12h4l4 9M4 13h8",
  heart: "M12 20s-8-5-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 9c0 6-8 11-8 11z",
  gift: "M4 10h16v11H4zM3 7h18v3H3zM12 7v14M12 7c-2-4-6-4-6-1s6 1 6 1 6 2 6-1-4-3-6 1",
  more: "M5 12h.01M12 12h.01M19 12h.01",
};

/** The icon of a category, or a neutral dot pattern for an unknown name. */
export function CategoryIcon({ name, size = 32 }: { name: string | null; size?: number }) {
  const d = (name && PATHS[name]) ?? PATHS.more;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === "more" || !name || !PATHS[name] ? 3 : 1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}
