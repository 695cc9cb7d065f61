/** What the console shows when a page cannot be shown (React Router's errorElement). */
import { Button, Result } from "antd";
import { useRouteError } from "react-router";
import { ROUTE_ERROR_WORDS, routeErrorKind } from "../shared/route-error.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";

const ICONS = { updated: "info", offline: "warning", failed: "error" } as const;

export function RouteError() {
  const { t } = useI18n();
  const kind = routeErrorKind(useRouteError(), navigator.onLine);
  const { title, hint } = ROUTE_ERROR_WORDS[kind];
  useDocumentTitle(t(title), t("app.short"));
  return (
    <Result
      status={ICONS[kind]}
      title={t(title)}
      subTitle={t(hint)}
      extra={
        <Button type="primary" data-testid="route-error-reload" onClick={() => window.location.reload()}>
          {t("state.reload")}
        </Button>
      }
    />
  );
}
