/** A few line icons as inline SVG (no icon font, no emoji: both render everywhere, offline too). */
import type { ReactElement } from "react";

function Icon(props: { children: ReactElement | ReactElement[]; size?: number }) {
  const size = props.size ?? 24;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      style={{ verticalAlign: "middle" }}
    >
      {props.children}
    </svg>
  );
}

export const ListIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M9 6h11M9 12h11M9 18h11" />
    <circle cx="4.5" cy="6" r="1" />
    <circle cx="4.5" cy="12" r="1" />
    <circle cx="4.5" cy="18" r="1" />
  </Icon>
);

export const CameraIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z" />
    <circle cx="12" cy="13.5" r="3.5" />
  </Icon>
);

export const SendIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M12 16V4M7 9l5-5 5 5" />
    <path d="M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4" />
  </Icon>
);

export const PinIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z" />
    <circle cx="12" cy="9.5" r="2.5" />
  </Icon>
);

/** A house with a person at its door: a visit (走访). */
export const VisitIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M3 11l8-7 8 7M5 10v10h8" />
    <circle cx="18" cy="14" r="2" />
    <path d="M15 21v-1a3 3 0 0 1 6 0v1" />
  </Icon>
);

/** Scales: mediation (调解). */
export const MediationIcon = (p: { size?: number }) => (
  <Icon size={p.size}>
    <path d="M12 4v16M7 20h10M4 7h16" />
    <path d="M4 7l-2 6a2 2 0 0 0 4 0zM20 7l-2 6a2 2 0 0 0 4 0z" />
  </Icon>
);
