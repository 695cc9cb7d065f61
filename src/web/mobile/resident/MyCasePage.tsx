/** One appeal of a signed-in resident: the same view as the tracking page, rated the same way. */
import { DotLoading } from "antd-mobile";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useEvaluateMyCase, useMyCase } from "./api.js";
import { EvaluateForm } from "./EvaluateForm.js";
import { TrackingCard } from "./TrackingCard.js";

export default function MyCasePage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { id = "" } = useParams();
  const mine = useMyCase(id);
  const evaluate = useEvaluateMyCase(id);
  const view = mine.data;
  const error = mine.error;

  if (error && !view) {
    return (
      <div className="mg-alert" role="alert">
        {error instanceof ApiError && error.status === 401 ? (
          <Link to="/signin">{t("my.signInAgain")}</Link>
        ) : error instanceof ApiError && error.status === 0 ? (
          t("error.network")
        ) : (
          errorText(error)
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
        // The write marks this appeal stale: the page shows the rated view once the server has it.
        <EvaluateForm onSubmit={async (evaluation) => void (await evaluate.mutateAsync(evaluation))} />
      )}
    </div>
  );
}
