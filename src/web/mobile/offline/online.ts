/**
 * Whether the server can be reached, as a value and as a React hook. The browser's
 * `navigator.onLine` is not enough: it says "online" on a phone attached to a mast with no
 * backhaul (and in Chromium after a reload under offline emulation). So a request that never
 * reached the server marks the network unreachable until a request gets through again or the
 * browser announces `online`.
 */
import { useSyncExternalStore } from "react";

let unreachable = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

/** The browser's own belief (true unless it knows it has no network). */
export function browserOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}

export function isOnline(): boolean {
  return browserOnline() && !unreachable;
}

/** A request failed for want of a network. */
export function markUnreachable(): void {
  if (unreachable) return;
  unreachable = true;
  notify();
}

/** A request got an answer from the server. */
export function markReachable(): void {
  if (!unreachable) return;
  unreachable = false;
  notify();
}

if (typeof window !== "undefined") {
  window.addEventListener("online", () => {
    unreachable = false;
    notify();
  });
  window.addEventListener("offline", notify);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline, () => true);
}
