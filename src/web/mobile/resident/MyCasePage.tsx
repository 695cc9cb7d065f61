/** One appeal of a signed-in resident: the same view as the tracking page, rated the same way. */
import { DotLoading } from "antd-mobile";
import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { evaluateMyCase, loadMyCase, type TrackingView } from "./api.js";
import { EvaluateForm } from "./EvaluateForm.js";
import { TrackingCard } from "./TrackingCard.js";

export default function MyCasePage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [view, setView] = useState<TrackingView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const fetchView = useCallback(() => {
    setError(null);
    loadMyCase(id).then(setView, (err: unknown) =>
      setError(err instanceof ApiError ? err : new ApiError(0, "network", String(err))),
    );
  }, [id]);
  useEffect(fetchView, [fetchView]);

  if (error) {
    return (
      <div className="mg-alert" role="alert">
        {error.status === 401 ? (
          <Link to="/signin">{t("my.signInAgain")}</Link>
        ) : error.status === 0 ? (
          t("error.network")
        ) : (
          error.message
        )}
      </div>
    );
  }
  if (!view) return <DotLoading />;
  return (
    <div data-testid="my-case-page">
      <p>
        <Link to="/my">{t("common.backToMine")}</Link>
      </p>
      <TrackingCard view={view} />
      {view.status === "replied" && !view.evaluation && (
        <EvaluateForm
          onSubmit={async (evaluation) => {
            await evaluateMyCase(id, evaluation);
            setView(await loadMyCase(id));
          }}
        />
      )}
    </div>
  );
}
