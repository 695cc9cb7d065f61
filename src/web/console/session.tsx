/**
 * The signed-in person for the whole console. A request answering 401 anywhere (the session
 * expired) sends the person to sign-in with the page they were on, and back there afterwards.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { loadSession, onUnauthorised, signIn, signOut, type SessionView } from "../shared/api.js";

export interface SessionState {
  session: SessionView | null;
  /** True until the first `/auth/me` answered. */
  loading: boolean;
  can(permission: string): boolean;
  hasRole(role: string): boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();
  const location = useLocation();

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
        const next = `${location.pathname}${location.search}`;
        navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [navigate, location.pathname, location.search],
  );

  const doSignIn = useCallback(async (username: string, password: string) => {
    setSession(await signIn(username, password));
  }, []);
  const doSignOut = useCallback(async () => {
    await signOut().catch(() => undefined);
    setSession(null);
    navigate("/login", { replace: true });
  }, [navigate]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      can: (permission) => session?.permissions.includes(permission) ?? false,
      hasRole: (role) => session?.roles.some((r) => r.role === role) ?? false,
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
