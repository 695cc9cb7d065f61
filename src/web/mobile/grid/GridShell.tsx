/**
 * The frame of the grid pages: who is signed in (the phone's copy when offline), the offline
 * notice, the outbox's "waiting to send (N)" with a retry button, the page, and a tab bar at the
 * bottom where a thumb reaches it. It sends the outbox when the app starts, when the network
 * returns, every half minute while something waits, and on the retry button.
 */
import { Badge, Button, DotLoading, ErrorBlock } from "antd-mobile";
import { Suspense, useCallback, useEffect } from "react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { onUnauthorised } from "../../shared/api.js";
import { otherLang } from "../../shared/i18n/setup.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { flushOutbox, itemsOf, refreshOutbox, useOutbox } from "../offline/outbox.js";
import { keepLoadedAssets, registerServiceWorker } from "../offline/register-sw.js";
import {
  gridSignOut,
  loadGridSession,
  sendWaiting,
  sessionExpired,
  useGridSession,
  worksAGrid,
} from "./grid-session.js";
import { GridHeader } from "./GridHeader.js";
import { useMyDisputes } from "./my-disputes.js";
import { CameraIcon, ListIcon, MediationIcon, SendIcon, VisitIcon } from "./icons.js";
import { GRID_PAGES } from "./pages.js";
import { BIG, GRID_THEME } from "./ui.js";

const TABS = [
  { key: "/grid", title: "grid.tab.work", icon: <ListIcon /> },
  { key: "/grid/visits", title: "grid.tab.visits", icon: <VisitIcon /> },
  { key: "/grid/patrol", title: "grid.tab.patrol", icon: <CameraIcon /> },
  { key: "/grid/mediation", title: "grid.tab.mediation", icon: <MediationIcon /> },
  { key: "/grid/outbox", title: "grid.tab.outbox", icon: <SendIcon /> },
] as const;

function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: "center" }} role="status" aria-label={t("state.loading")}>
      <DotLoading />
    </div>
  );
}

/** "Waiting to send (N)" with the retry button, or "sending…"; nothing when the outbox is empty. */
function OutboxStatus(props: { userId: string }) {
  const { t } = useI18n();
  const outbox = useOutbox();
  const mine = itemsOf(outbox, props.userId);
  const waiting = mine.filter((i) => i.state === "waiting").length;
  const failed = mine.length - waiting;
  if (mine.length === 0) return null;
  return (
    <div
      data-testid="outbox-status"
      role="status"
      style={{
        display: "flex",
        alignItems: "center",
        gap: 12,
        padding: "8px 16px",
        background: failed > 0 ? "#fff1f0" : "#fff7e6",
        borderBottom: "1px solid #ffd591",
      }}
    >
      <span style={{ flex: 1, fontWeight: 600, color: "#873800" }}>
        {outbox.sending
          ? t("grid.outbox.sending")
          : waiting > 0
            ? t("grid.outbox.waiting", { n: waiting })
            : t("grid.outbox.failedCount", { n: failed })}
      </span>
      {waiting > 0 && (
        <Button
          size="small"
          color="primary"
          style={{ minHeight: 44, minWidth: 88 }}
          disabled={outbox.sending}
          onClick={() => void sendWaiting(props.userId)}
          data-testid="outbox-retry"
        >
          {t("grid.outbox.retry")}
        </Button>
      )}
    </div>
  );
}

export default function GridShell() {
  const { t, lang, setLang } = useI18n();
  const session = useGridSession();
  const online = useOnline();
  const location = useLocation();
  const navigate = useNavigate();
  const outbox = useOutbox();
  const userId = session.identity?.userId;
  // 调解 is offered to mediators only (a deep link still explains who makes one a mediator); the
  // answer is the tab's own list, loaded once here and shared with it.
  const gridAccount =
    session.status === "signed_in" && session.identity !== null && worksAGrid(session.identity);
  const disputes = useMyDisputes(userId, { enabled: gridAccount });
  const mediator = disputes.data?.data.isMediator === true;

  useEffect(() => {
    void loadGridSession();
    void refreshOutbox();
  }, []);

  // Once someone is signed in: keep the shell and every grid page on the phone for offline starts.
  useEffect(() => {
    if (session.status !== "signed_in") return;
    void registerServiceWorker();
    void Promise.all(GRID_PAGES.map((load) => load().catch(() => undefined))).then(() => keepLoadedAssets());
  }, [session.status]);

  // Send what waits: now (the app's start), when the network returns, and every half minute.
  // When the server was not reached, ask it who is signed in first: that answer (or the browser's
  // `online` event) is what tells the network is back, and it brings the CSRF token.
  const flush = useCallback(() => {
    if (!userId) return;
    if (online && !session.fromPhone) void flushOutbox(userId);
    else if (navigator.onLine) void loadGridSession();
  }, [userId, session.fromPhone, online]);
  useEffect(() => {
    flush();
    window.addEventListener("online", flush);
    const timer = window.setInterval(flush, 30_000);
    return () => {
      window.removeEventListener("online", flush);
      window.clearInterval(timer);
    };
  }, [flush]);

  // The outbox found the session ended: sign in again (what waits stays on the phone).
  useEffect(() => {
    if (outbox.stopped === "signed_out" && session.status === "signed_in") {
      sessionExpired();
      navigate(`/grid/login?expired=1&next=${encodeURIComponent(location.pathname)}`, { replace: true });
    }
  }, [outbox.stopped, session.status, navigate, location.pathname]);

  useEffect(
    () =>
      onUnauthorised(() => {
        sessionExpired();
        const next = `${location.pathname}${location.search}`;
        navigate(`/grid/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [navigate, location.pathname, location.search],
  );

  if (session.status === "loading") return <Loading />;
  if (session.status === "signed_out" || !session.identity) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/grid/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const identity = session.identity;

  const path = location.pathname.replace(/\/$/, "");
  const tabs = TABS.filter((x) => x.key !== "/grid/mediation" || mediator);
  const tab = TABS.find((x) => x.key === path)?.key;
  const langSwitch = (
    <Button
      fill="none"
      style={{ minHeight: 44, fontSize: 16, color: "#0958d9" }}
      onClick={() => setLang(otherLang(lang))}
    >
      {t("lang.switch")}
    </Button>
  );

  if (!worksAGrid(identity)) {
    return (
      <div style={GRID_THEME}>
        <GridHeader right={langSwitch} />
        <ErrorBlock status="default" title={t("grid.notGridAccount")} description={identity.displayName} />
        <div style={{ padding: 16 }}>
          <Button block style={BIG} onClick={() => void gridSignOut()}>
            {t("grid.signOut")}
          </Button>
        </div>
      </div>
    );
  }

  const outboxCount = itemsOf(outbox, identity.userId).length;
  return (
    <div style={{ ...GRID_THEME, paddingBottom: 72 }}>
      <header style={{ position: "sticky", top: 0, zIndex: 10, background: "#fff" }}>
        <GridHeader onBack={tab ? undefined : () => navigate(-1)} right={langSwitch} />
        {(!online || session.fromPhone) && (
          <div
            role="status"
            data-testid="offline-notice"
            style={{ padding: "8px 16px", background: "#262626", color: "#fff", fontSize: 15 }}
          >
            {online ? t("grid.offline.noSession") : t("grid.offline.notice")}
          </div>
        )}
        <OutboxStatus userId={identity.userId} />
      </header>
      <main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav
        aria-label={t("grid.tabs")}
        style={{
          position: "fixed",
          bottom: 0,
          left: 0,
          right: 0,
          background: "#fff",
          borderTop: "1px solid #ddd",
          paddingBottom: "env(safe-area-inset-bottom)",
          zIndex: 10,
        }}
      >
        <ul style={{ display: "flex", listStyle: "none", margin: 0, padding: 0 }}>
          {tabs.map((x) => {
            const active = tab === x.key;
            return (
              <li key={x.key} style={{ flex: 1 }}>
                <Link
                  to={x.key}
                  aria-current={active ? "page" : undefined}
                  style={{
                    display: "flex",
                    flexDirection: "column",
                    alignItems: "center",
                    justifyContent: "center",
                    minHeight: 60,
                    textDecoration: "none",
                    color: active ? "#0958d9" : "#434343",
                    fontWeight: active ? 700 : 400,
                  }}
                >
                  <span aria-hidden="true" style={{ fontSize: 22 }}>
                    {x.key === "/grid/outbox" && outboxCount > 0 ? (
                      <Badge content={outboxCount}>{x.icon}</Badge>
                    ) : (
                      x.icon
                    )}
                  </span>
                  <span style={{ fontSize: 14 }}>{t(x.title)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );
}
