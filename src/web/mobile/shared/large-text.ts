/**
 * Large-text mode for older residents: one switch, kept on the phone, that scales antd-mobile's
 * font-size variables and the pages' own `--mg-text-scale`. Applied to <html> so every page,
 * popup and toast grows together.
 */
import { useSyncExternalStore } from "react";

const STORAGE_KEY = "mg.largeText";
export const LARGE_TEXT_SCALE = 1.3;

/** antd-mobile 5's font-size variables and their normal sizes (px). */
const ADM_SIZES: Record<string, number> = {
  "--adm-font-size-1": 9,
  "--adm-font-size-2": 10,
  "--adm-font-size-3": 11,
  "--adm-font-size-4": 12,
  "--adm-font-size-5": 13,
  "--adm-font-size-6": 14,
  "--adm-font-size-7": 15,
  "--adm-font-size-8": 16,
  "--adm-font-size-9": 17,
  "--adm-font-size-10": 18,
};

function stored(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === "1";
  } catch {
    return false;
  }
}

let large = typeof localStorage === "undefined" ? false : stored();
const listeners = new Set<() => void>();

function apply(): void {
  const root = document.documentElement;
  const scale = large ? LARGE_TEXT_SCALE : 1;
  for (const [name, px] of Object.entries(ADM_SIZES)) {
    if (large) root.style.setProperty(name, `${Math.round(px * scale)}px`);
    else root.style.removeProperty(name);
  }
  // antd-mobile's body text is size 5 (13 px): older eyes get 17 px at least.
  if (large)
    root.style.setProperty("--adm-font-size-main", `${Math.round(ADM_SIZES["--adm-font-size-9"] ?? 17)}px`);
  else root.style.removeProperty("--adm-font-size-main");
  root.style.setProperty("--mg-text-scale", String(scale));
  root.classList.toggle("mg-large-text", large);
}

if (typeof document !== "undefined") apply();

export function isLargeText(): boolean {
  return large;
}

export function setLargeText(on: boolean): void {
  large = on;
  try {
    localStorage.setItem(STORAGE_KEY, on ? "1" : "0");
  } catch {
    // storage disabled: the choice lasts for this page
  }
  apply();
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current choice, re-rendering when it changes. */
export function useLargeText(): [boolean, (on: boolean) => void] {
  return [useSyncExternalStore(subscribe, isLargeText, isLargeText), setLargeText];
}
