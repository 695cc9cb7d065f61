/** What the phone pages show when a page cannot be shown (React Router's errorElement). */
import { Button, ErrorBlock } from "antd-mobile";
import { useRouteError } from "react-router";
import { ROUTE_ERROR_WORDS, routeErrorKind } from "../shared/route-error.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";

const ICONS = { updated: "default", offline: "disconnected", failed: "default" } as const;

export function RouteError() {
  const { t } = useI18n();
  const kind = routeErrorKind(useRouteError(), navigator.onLine);
  const { title, hint } = ROUTE_ERROR_WORDS[kind];
  useDocumentTitle(t(title), t("app.short"));
  return (
    <div style={{ padding: "48px 16px" }}>
      <ErrorBlock status={ICONS[kind]} title={t(title)} description={t(hint)} />
      <Button
        block
        color="primary"
        size="large"
        style={{ marginTop: 24 }}
        data-testid="route-error-reload"
        onClick={() => window.location.reload()}
      >
        {t("state.reload")}
      </Button>
    </div>
  );
}
