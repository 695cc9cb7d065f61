/**
 * The signed-in person for the whole console, and the menu of what they may open. A request
 * answering 401 anywhere (the session expired) sends the person to sign-in with the page they were
 * on, and back there afterwards. Signing in or out empties the data cache, so one person never
 * sees what was loaded for another.
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { loadSession, onUnauthorised, signIn, signOut } from "../shared/api.js";
import type { SessionView } from "../shared/contracts.js";
import { menuOf, type ConsoleMenu } from "./menu.js";
import { CONSOLE_PAGES } from "./registry.js";

export interface SessionState {
  session: SessionView | null;
  /** True until the first `/auth/session` answered. */
  loading: boolean;
  /** What this person may open (empty when signed out). */
  menu: ConsoleMenu;
  can(permission: string): boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const NO_MENU: ConsoleMenu = { sections: [], mayOpen: () => false };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();

  useEffect(() => {
    loadSession()
      .then(setSession)
      .catch(() => setSession(null))
      .finally(() => setLoading(false));
  }, []);

  useEffect(
    () =>
      onUnauthorised(() => {
        setSession(null);
        queries.clear();
        const next = `${location.pathname}${location.search}`;
        navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [navigate, location.pathname, location.search, queries],
  );

  const doSignIn = useCallback(
    async (username: string, password: string) => {
      const next = await signIn(username, password);
      queries.clear();
      setSession(next);
    },
    [queries],
  );
  const doSignOut = useCallback(async () => {
    await signOut().catch(() => undefined);
    queries.clear();
    setSession(null);
    navigate("/login", { replace: true });
  }, [navigate, queries]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      menu: session ? menuOf(session, CONSOLE_PAGES) : NO_MENU,
      can: (permission) => session?.permissions.includes(permission) ?? false,
      signIn: doSignIn,
      signOut: doSignOut,
    }),
    [session, loading, doSignIn, doSignOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
