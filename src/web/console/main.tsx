/** The governance centre console, served at /console/. */
import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { Outlet, RouterProvider, createBrowserRouter } from "react-router";
import { createQueryClient } from "../shared/query.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { consoleTheme } from "./components/theme.js";
import { i18n, useI18n } from "./i18n/index.js";
import type { ConsolePage } from "./pages.js";
import { CONSOLE_PAGES } from "./registry.js";
import { RouteError } from "./RouteError.js";
import { Forbidden, NotFound, PageFallback, Shell } from "./Shell.js";
import { SessionProvider, useSession } from "./session.js";
import "./console.css";

const Login = lazy(() => import("./Login.js"));
const Home = lazy(() => import("./Home.js"));

function Guarded({ page }: { page: ConsolePage }) {
  const { menu } = useSession();
  const { t } = useI18n();
  const allowed = menu.mayOpen(page);
  useDocumentTitle(t(allowed ? page.labelKey : "state.forbidden"), t("app.short"));
  if (!allowed) return <Forbidden />;
  const Component = page.component;
  return <Component />;
}

function Root() {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === "zh-CN" ? zhCN : enUS}
      theme={consoleTheme}
      // "登记", not antd's "登 记": a two-character label reads as one word, as on the phone.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <SessionProvider>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const router = createBrowserRouter(
  [
    {
      element: <Root />,
      errorElement: <RouteError />,
      children: [
        { path: "login", element: <Login />, errorElement: <RouteError /> },
        {
          element: <Shell />,
          children: [
            {
              // A page's own error shows inside the shell, its menu still there.
              errorElement: <RouteError />,
              children: [
                { index: true, element: <Home /> },
                ...CONSOLE_PAGES.map((page) => ({ path: page.path, element: <Guarded page={page} /> })),
                { path: "*", element: <NotFound /> },
              ],
            },
          ],
        },
      ],
    },
  ],
  { basename: "/console" },
);

const queryClient = createQueryClient();
const container = document.getElementById("root");
if (!container) throw new Error("no #root element");
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
