/** The mobile pages for residents and grid workers, served at /m/. */
import { ConfigProvider, DotLoading, ErrorBlock } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { Outlet, RouterProvider, createBrowserRouter } from "react-router";
import { gridRoutes } from "./grid/routes.js";
import { i18n, useI18n } from "./i18n/index.js";
import { mobileQueries } from "./queries.js";
import { residentRoutes } from "./resident/routes.js";
import { RouteError } from "./RouteError.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";

function Root() {
  const { lang, t } = useI18n();
  return (
    <ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS}>
      <Suspense
        fallback={
          <div style={{ padding: 48, textAlign: "center" }} aria-label={t("state.loading")}>
            <DotLoading />
          </div>
        }
      >
        <Outlet />
      </Suspense>
    </ConfigProvider>
  );
}

function NotFound() {
  const { t } = useI18n();
  useDocumentTitle(t("state.notFound"), t("app.short"));
  return <ErrorBlock status="empty" title={t("state.notFound")} description="" />;
}

const router = createBrowserRouter(
  [
    {
      element: <Root />,
      errorElement: <RouteError />,
      // The pages' own errors show inside Root (its locale and loading state kept).
      children: [
        {
          errorElement: <RouteError />,
          children: [...residentRoutes, ...gridRoutes, { path: "*", element: <NotFound /> }],
        },
      ],
    },
  ],
  { basename: "/m" },
);

const container = document.getElementById("root");
if (!container) throw new Error("no #root element");
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={mobileQueries}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
