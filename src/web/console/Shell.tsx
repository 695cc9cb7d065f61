/**
 * The frame every signed-in page sits in: the menu of what this person may open (grouped into
 * work, cockpit and administration), their name, the language switch and sign-out.
 */
import { Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from "antd";
import { Suspense, useEffect } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { otherLang } from "../shared/i18n/setup.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { HeaderSearch } from "./components/HeaderSearch.js";
import { NotificationBell } from "./components/NotificationBell.js";
import { useI18n } from "./i18n/index.js";
import { MENU_GROUPS } from "./pages.js";
import { useSession } from "./session.js";

export function PageFallback() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <Spin description={t("state.loading")}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

/** Residents have the mobile pages: a resident who opens the console is sent there. */
function ToResidentPages() {
  useEffect(() => window.location.replace("/m/"), []);
  return <PageFallback />;
}

/**
 * An account with no page in the console (a partner's, whose work is the API with a key the
 * administrator issues): it says so and offers sign-out, rather than an empty shell.
 */
function NoConsoleWork({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useI18n();
  useDocumentTitle(t("shell.noWork.title"), t("app.short"));
  return (
    <main>
      <Result
        status="info"
        title={t("shell.noWork.title")}
        subTitle={t("shell.noWork.detail")}
        extra={
          <Button onClick={onSignOut} data-testid="no-work-sign-out">
            {t("logout")}
          </Button>
        }
        data-testid="no-console-work"
      />
    </main>
  );
}

/** Whether every role of the session is a resident's (no staff work in the console). */
export function residentOnly(roles: readonly { role: string }[]): boolean {
  return roles.length > 0 && roles.every((r) => r.role === "resident");
}

export function Shell() {
  const { session, loading, menu, signOut, can } = useSession();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  // Below a tablet's width the header's items wrap onto more lines and the margins narrow.
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  // Below the sider's breakpoint (lg) the menu collapses to a button at the header's left.
  const menuCollapsed = screens.lg === false;

  if (loading) return <PageFallback />;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (residentOnly(session.roles)) return <ToResidentPages />;
  if (menu.sections.length === 0) return <NoConsoleWork onSignOut={() => void signOut()} />;
  // The page whose path is the longest prefix of where we are: /mediation/screening is not also
  // the workbench at /mediation.
  const selected = menu.sections
    .flatMap((s) => s.pages)
    .filter((p) => location.pathname === `/${p.path}` || location.pathname.startsWith(`/${p.path}/`))
    .map((p) => p.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* English names are longer: a wider menu keeps them whole. Collapsed (a phone), the menu
          button sits at the header's top left, where the header leaves room for it. */}
      <Layout.Sider
        className="mg-sider"
        width={lang === "en" ? 272 : 220}
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        zeroWidthTriggerStyle={{ top: 12 }}
      >
        <div style={{ padding: "16px 20px" }}>
          <Link to="/">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t("app.short")}
            </Typography.Title>
          </Link>
        </div>
        <nav aria-label={t("app.title")} data-testid="console-menu">
          <Menu
            mode="inline"
            selectedKeys={selected}
            items={menu.sections.map((s) => ({
              key: s.group,
              label: t(MENU_GROUPS[s.group]),
              type: "group" as const,
              children: s.pages.map((p) => ({
                key: p.path,
                icon: p.icon,
                label: (
                  <Link to={`/${p.path}`} data-page-id={p.id}>
                    {t(p.labelKey)}
                  </Link>
                ),
              })),
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            display: "flex",
            flexWrap: "wrap",
            justifyContent: "flex-end",
            alignItems: "center",
            gap: 16,
            height: "auto",
            minHeight: 64,
            lineHeight: "normal",
            paddingBlock: 8,
            paddingInline: narrow ? 12 : undefined,
            // Room for the collapsed menu's button (40 px at the top left) on every line.
            paddingInlineStart: menuCollapsed ? 56 : undefined,
          }}
        >
          <Space wrap>
            {can("cases.read") && <HeaderSearch />}
            <NotificationBell />
            <Typography.Text data-testid="current-user">{session.user.displayName}</Typography.Text>
            <Button type="link" onClick={() => setLang(otherLang(lang))} data-testid="lang-switch">
              {t("lang.switch")}
            </Button>
            <Button onClick={() => void signOut()}>{t("logout")}</Button>
          </Space>
        </Layout.Header>
        {/* Layout.Content is the page's one <main>. */}
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A page the person may not open, and URLs that lead nowhere. */
export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t("state.forbidden")} />;
}

export function NotFound() {
  const { t } = useI18n();
  useDocumentTitle(t("state.notFound"), t("app.short"));
  return <Result status="404" title="404" subTitle={t("state.notFound")} />;
}
