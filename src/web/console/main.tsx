/** The governance centre console, served at /console/. */
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { Outlet, RouterProvider, createBrowserRouter } from "react-router";
import { consoleTheme } from "./components/theme.js";
import { useI18n } from "./i18n/index.js";
import { mayOpen, type ConsolePage } from "./pages.js";
import { Forbidden, NotFound, PAGE_GROUPS, PageFallback, Shell } from "./Shell.js";
import { SessionProvider, useSession } from "./session.js";

const Login = lazy(() => import("./Login.js"));
const Home = lazy(() => import("./Home.js"));

function Guarded({ page }: { page: ConsolePage }) {
  const { can } = useSession();
  if (!mayOpen(page, can)) return <Forbidden />;
  const Component = page.component;
  return <Component />;
}

function Root() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === "zh" ? zhCN : enUS} theme={consoleTheme}>
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
      children: [
        { path: "login", element: <Login /> },
        {
          element: <Shell />,
          children: [
            { index: true, element: <Home /> },
            ...PAGE_GROUPS.flatMap((g) => g.pages).map((page) => ({
              path: page.path,
              element: <Guarded page={page} />,
            })),
            { path: "*", element: <NotFound /> },
          ],
        },
      ],
    },
  ],
  { basename: "/console" },
);

const container = document.getElementById("root");
if (!container) throw new Error("no #root element");
createRoot(container).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
