/** Who is signed in on the resident pages: loaded once, shared by every page. */
import { useSyncExternalStore } from "react";
import { loadSession, signOut, type SessionView } from "../../shared/api.js";
import { forgetLoadedData } from "../queries.js";

type State = { status: "loading" } | { status: "ready"; session: SessionView | null };

let state: State = { status: "loading" };
let started = false;
const listeners = new Set<() => void>();

function set(next: State): void {
  state = next;
  for (const l of listeners) l();
}

function start(): void {
  if (started) return;
  started = true;
  loadSession().then(
    (session) => set({ status: "ready", session }),
    // Offline or the server is down: treat as signed out; the pages that need a session say so.
    () => set({ status: "ready", session: null }),
  );
}

export function setResidentSession(session: SessionView | null): void {
  forgetLoadedData();
  set({ status: "ready", session });
}

export async function signOutResident(): Promise<void> {
  await signOut().catch(() => undefined);
  forgetLoadedData();
  set({ status: "ready", session: null });
}

function subscribe(listener: () => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => state;

export function useResidentSession(): State {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** A signed-in resident's phone, masked, for the header. */
export function residentLabel(session: SessionView): string {
  return session.user.displayName;
}
