/** What the console shows when a page cannot be shown (React Router's errorElement). */
import { Button, Result } from "antd";
import { useRouteError } from "react-router";
import { routeErrorKind } from "../shared/route-error.js";
import { useDocumentTitle } from "../shared/useDocumentTitle.js";
import { useI18n } from "./i18n/index.js";

const WORDS = {
  updated: ["state.updated", "state.updatedHint", "info"],
  offline: ["state.offlinePart", "state.offlinePartHint", "warning"],
  failed: ["state.crashed", "state.crashedHint", "error"],
} as const;

export function RouteError() {
  const { t } = useI18n();
  const [title, hint, status] = WORDS[routeErrorKind(useRouteError(), navigator.onLine)];
  useDocumentTitle(t(title), t("app.short"));
  return (
    <Result
      status={status}
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
