/**
 * Who is signed in on the grid pages. Online it is the server's session; offline (a start on a
 * village road) the identity kept on the phone from the last time, so the work list, the patrol
 * form and the outbox still open — nothing is sent until the server's session answers again.
 */
import { useSyncExternalStore } from "react";
import { ApiError, loadSession, signIn, signOut } from "../../shared/api.js";
import type { Role, RoleBinding, SessionView } from "../../shared/contracts.js";
import { clearOutboxStop, flushOutbox } from "../offline/outbox.js";
import { forgetLoadedData } from "../queries.js";
import { deleteSnapshot, deleteSnapshotsOf, readSnapshot, saveSnapshot } from "../offline/snapshots.js";
import { browserOnline, isOnline, markReachable, markUnreachable } from "../offline/online.js";

/** What the pages need of a session (no CSRF token: that never leaves memory). */
export interface GridIdentity {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleBinding[];
  permissions: string[];
}

export interface GridSessionState {
  status: "loading" | "signed_in" | "signed_out";
  identity: GridIdentity | null;
  /** True when the identity is the phone's copy (the server was not reached). */
  fromPhone: boolean;
}

const SNAPSHOT_KEY = "grid-session";
/** Roles that work a grid from a phone. */
export const GRID_ROLES: readonly Role[] = ["grid_worker", "grid_assistant", "village_staff"];

let state: GridSessionState = { status: "loading", identity: null, fromPhone: false };
const listeners = new Set<() => void>();
function setState(next: GridSessionState): void {
  state = next;
  for (const l of listeners) l();
}

function identityOf(session: SessionView): GridIdentity {
  return {
    userId: session.user.id,
    username: session.user.username,
    displayName: session.user.displayName,
    roles: session.roles,
    permissions: session.permissions,
  };
}

async function adopt(session: SessionView | null): Promise<void> {
  if (state.identity?.userId !== session?.user.id) forgetLoadedData();
  if (!session) {
    await deleteSnapshot(SNAPSHOT_KEY);
    setState({ status: "signed_out", identity: null, fromPhone: false });
    return;
  }
  const identity = identityOf(session);
  await saveSnapshot(SNAPSHOT_KEY, identity);
  setState({ status: "signed_in", identity, fromPhone: false });
}

let loading: Promise<void> | undefined;

/** Asks the server who is signed in; offline, the phone's copy. */
export function loadGridSession(): Promise<void> {
  loading ??= (async () => {
    try {
      // The browser's belief, not isOnline(): this request is also the probe that the server is back.
      if (browserOnline()) {
        try {
          const session = await loadSession();
          markReachable();
          await adopt(session);
          return;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 0) throw err;
          markUnreachable();
        }
      }
      const copy = await readSnapshot<GridIdentity>(SNAPSHOT_KEY);
      setState(
        copy
          ? { status: "signed_in", identity: copy.value, fromPhone: true }
          : { status: "signed_out", identity: null, fromPhone: false },
      );
    } finally {
      loading = undefined;
    }
  })();
  return loading;
}

export async function gridSignIn(username: string, password: string): Promise<void> {
  const session = await signIn(username, password);
  clearOutboxStop();
  await adopt(session);
}

/** Signs out and forgets the copies kept for this account; its waiting outbox items stay (sent after the next sign-in). */
export async function gridSignOut(): Promise<void> {
  const userId = state.identity?.userId;
  await signOut().catch(() => undefined);
  if (userId) await deleteSnapshotsOf(userId);
  await adopt(null);
}

/** The server said 401: the session ended. */
export function sessionExpired(): void {
  void adopt(null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useGridSession(): GridSessionState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => state,
  );
}

/** May this person work a grid from the phone? */
export function worksAGrid(identity: GridIdentity): boolean {
  return identity.roles.some((r) => GRID_ROLES.includes(r.role));
}

/**
 * The place a finding falls back to without GPS: the deepest village (or township, county) of
 * the worker's grid binding; intake takes codes of 6 to 12 digits.
 */
export function fallbackRegion(identity: GridIdentity): { code: string; name: string } | null {
  const binding = identity.roles.find((r) => GRID_ROLES.includes(r.role) && r.scope.kind === "region");
  if (!binding) return null;
  const codes = binding.scope.path.split(".").filter((c) => /^\d{6,12}$/.test(c));
  const code = codes[codes.length - 1];
  if (!code) return null;
  return { code, name: binding.scope.name };
}

/** The signed-in identity inside the grid shell (which renders its pages only when there is one). */
export function useIdentity(): GridIdentity {
  const { identity } = useGridSession();
  if (!identity) throw new Error("useIdentity outside a signed-in grid shell");
  return identity;
}

/**
 * The retry button: when the server was not reached, ask it who is signed in first (that is
 * what tells the network is back, and it brings the CSRF token), then send what waits.
 */
export async function sendWaiting(userId: string): Promise<void> {
  if (!isOnline() || state.fromPhone) await loadGridSession();
  if (isOnline()) await flushOutbox(userId);
}
