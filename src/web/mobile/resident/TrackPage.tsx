/** Follow an appeal by its tracking code, and rate the reply when it comes. */
import { Button, DotLoading } from "antd-mobile";
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import { errorTextOf, useNames, type NameOf } from "../../shared/i18n/names.js";
import { useI18n, type MobileT } from "../i18n/index.js";
import { useEvaluateByCode, useTracking } from "./api.js";
import { EvaluateForm } from "./EvaluateForm.js";
import { isCodeSaved, saveCode } from "./storage.js";
import { TrackingCard } from "./TrackingCard.js";

/** Codes are shown grouped (ABCD-EFGH-JK); people type them with spaces, dashes, lower case. */
function normaliseCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}

/** A wrong code is the common case: say so plainly, naming the code as typed. */
function errorText(error: Error, code: string, t: MobileT, name: NameOf): string {
  if (!(error instanceof ApiError)) return t("state.error");
  if (error.status === 404 || error.status === 400) return t("track.notFound", { code });
  if (error.status === 0) return t("error.network");
  if (error.status === 429) return t("error.tooMany");
  return errorTextOf(name, error);
}

export default function TrackPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const params = useParams();
  const code = params.code ? normaliseCode(params.code) : null;
  const [typed, setTyped] = useState(code ?? "");
  const name = useNames();
  const [saved, setSaved] = useState(false);
  const tracking = useTracking(code);
  const evaluate = useEvaluateByCode(code ?? "");
  const view = tracking.data;
  useEffect(() => {
    if (code) setSaved(isCodeSaved(code));
  }, [code]);

  function lookUp(event: FormEvent) {
    event.preventDefault();
    const wanted = normaliseCode(typed);
    if (wanted) void navigate(`/track/${encodeURIComponent(wanted)}`);
  }

  return (
    <div data-testid="track-page">
      <form className="mg-card" onSubmit={lookUp} role="search">
        <h2>{t("track.title")}</h2>
        <div className="mg-field">
          <label htmlFor="tracking-code">{t("track.codeLabel")}</label>
          <input
            id="tracking-code"
            className="mg-input"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            value={typed}
            placeholder="ABCD-EFGH-JK"
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <Button type="submit" color="primary" size="large" block>
          {t("track.lookUp")}
        </Button>
      </form>
      {code && tracking.isPending && <DotLoading />}
      {tracking.error && !view && (
        <div className="mg-alert" role="alert" data-testid="track-error">
          {errorText(tracking.error, code ?? "", t, name)}
        </div>
      )}
      {view && code && (
        <>
          <TrackingCard view={view} />
          {!saved && (
            <Button
              block
              fill="outline"
              style={{ marginBottom: 12 }}
              onClick={() => {
                saveCode({
                  code,
                  number: view.number,
                  category: view.category?.name ?? null,
                  savedAt: new Date().toISOString(),
                });
                setSaved(true);
              }}
            >
              {t("raised.save")}
            </Button>
          )}
          {view.status === "replied" && !view.evaluation && (
            // The write marks the tracking view stale: the page shows the rated view once it is back.
            <EvaluateForm onSubmit={async (evaluation) => void (await evaluate.mutateAsync(evaluation))} />
          )}
        </>
      )}
    </div>
  );
}
